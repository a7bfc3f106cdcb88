/**
 * Operator actions as turns of the conversation: one owner at a time, the bot silent while a
 * person talks (except 110 on danger), and every way out — transfer, back to the queue, back to
 * the bot (at the menu or into a flow), close, or the user ending it — saying so to the user.
 */
import { describe, expect, it } from 'vitest'
import { initialState, step } from '../../src/engine/step.js'
import type {
  ConversationState,
  Input,
  OperatorAction,
  StepResult,
} from '../../src/engine/types.js'
import { realContent } from '../support/content.js'

const content = realContent()
const t = content.texts['zh-Hans']
const now = new Date('2026-03-02T03:00:00Z')

function user(state: ConversationState, text: string): StepResult {
  return step(content, state, { kind: 'text', text }, now)
}
function op(
  state: ConversationState,
  operator: string,
  action: OperatorAction,
  override = false,
): StepResult {
  const input: Input = { kind: 'operator', operator, ...action, ...(override && { override }) }
  return step(content, state, input, now)
}

/** A user who asked for a person: queued at the menu's 转人工. */
function queued(): ConversationState {
  return user(user(initialState(), '你好').state, '人工').state
}

describe('operator turns', () => {
  it('a claim takes the conversation, tells the user, and a second operator is refused', () => {
    const claimed = op(queued(), 'li', { action: 'claim' })
    expect(claimed.state).toMatchObject({ mode: 'operator', owner: 'li' })
    expect(claimed.replies.map((r) => r.text)).toEqual([t['handoff.claimed']])
    expect(claimed.effects).toEqual([{ type: 'claim_handoff', operator: 'li' }])
    const second = op(claimed.state, 'wang', { action: 'claim' })
    expect(second.events).toEqual([{ type: 'operator_refused', action: 'claim', owner: 'li' }])
    expect(second.replies).toEqual([])
    expect(second.state.owner).toBe('li')
    // Claiming one's own conversation again changes nothing and says nothing twice.
    expect(op(claimed.state, 'li', { action: 'claim' }).replies).toEqual([])
  })

  it("the owner's messages reach the user marked as an operator's; no one else's do", () => {
    const { state } = op(queued(), 'li', { action: 'claim' })
    const said = op(state, 'li', { action: 'message', text: '您好，我在。' })
    expect(said.replies).toEqual([{ text: '您好，我在。', from: 'operator' }])
    const other = op(state, 'wang', { action: 'message', text: '插话' })
    expect(other.replies).toEqual([])
    expect(other.events[0]).toMatchObject({ type: 'operator_refused', owner: 'li' })
    // A supervisor may take it over (explicitly), and then write; never without taking it.
    expect(op(state, 'zhang', { action: 'message', text: '我是主管' }, true).replies).toEqual([])
    const taken = op(state, 'zhang', { action: 'claim' }, true)
    expect(taken.state.owner).toBe('zhang')
    const wrote = op(taken.state, 'zhang', { action: 'message', text: '我是主管' })
    expect(wrote.replies).toHaveLength(1)
  })

  it("operator words are not read as the user's: no danger alarm, no language change", () => {
    const { state } = op(queued(), 'li', { action: 'claim' })
    const said = op(state, 'li', { action: 'message', text: 'If he hits the child, call 110.' })
    expect(said.events.some((e) => e.type === 'danger_detected')).toBe(false)
    expect(said.state.lang).toBe('zh-Hans')
    expect(said.state.lastInputAt).toBe(state.lastInputAt)
  })

  it('while an operator talks, the user is heard in silence; danger still gets 110 at once', () => {
    const { state } = op(queued(), 'li', { action: 'claim' })
    expect(user(state, '他又喝酒了').replies).toEqual([])
    const danger = user(state, '他拿刀要砍孩子')
    expect(danger.replies[0]?.contacts?.[0]?.phone).toBe('110')
    expect(danger.state).toMatchObject({ mode: 'operator', owner: 'li' })
  })

  it('transfer gives the conversation to another operator, who then owns it', () => {
    const { state } = op(queued(), 'li', { action: 'claim' })
    const moved = op(state, 'li', { action: 'transfer', to: 'wang' })
    expect(moved.state.owner).toBe('wang')
    expect(moved.effects).toEqual([{ type: 'transfer_handoff', to: 'wang' }])
    expect(moved.replies.map((r) => r.text)).toEqual([t['handoff.transferred']])
    expect(op(moved.state, 'li', { action: 'message', text: 'x' }).replies).toEqual([])
  })

  it('release to the queue waits for the next operator; release to the bot shows the menu', () => {
    const { state } = op(queued(), 'li', { action: 'claim' })
    const back = op(state, 'li', { action: 'release', to: 'queue' })
    expect(back.state).toMatchObject({ mode: 'queued', owner: null })
    expect(back.effects).toEqual([{ type: 'requeue_handoff' }])
    const bot = op(state, 'li', { action: 'release', to: 'bot' })
    expect(bot.state).toMatchObject({
      mode: 'bot',
      owner: null,
      at: { flow: 'main', node: 'menu' },
    })
    expect(bot.replies[0]?.text).toBe(t['handoff.released'])
    expect(bot.replies[1]?.choices).toBeDefined()
    // The bot answers again.
    expect(user(bot.state, '2').state.at).toMatchObject({ flow: 'screen' })
  })

  it('release into the report flow starts filing a case, keeping what the user said before', () => {
    const told = user(user(initialState(), '你好').state, '邻居家孩子经常没饭吃，晚上一个人在家')
    const asked = user(told.state, '人工')
    const { state } = op(asked.state, 'li', { action: 'claim' })
    const report = op(state, 'li', { action: 'release', to: 'bot', flow: 'report' })
    expect(report.state.at?.flow).toBe('report')
    expect(report.state.vars['what']).toContain('没饭吃')
  })

  it('close ends the talk with a closing message; the next message starts at the menu', () => {
    const { state } = op(queued(), 'li', { action: 'claim' })
    const closed = op(state, 'li', { action: 'close' })
    expect(closed.state).toMatchObject({ mode: 'bot', owner: null })
    expect(closed.effects).toEqual([{ type: 'close_handoff', by: 'operator' }])
    expect(closed.replies[0]?.text).toBe(t['handoff.closed'])
  })

  it('the user can end it (结束人工): the operator is told, the bot is back', () => {
    const { state } = op(queued(), 'li', { action: 'claim' })
    const ended = user(state, '结束人工')
    expect(ended.effects).toEqual([{ type: 'close_handoff', by: 'user' }])
    expect(ended.events).toContainEqual({ type: 'operator_left' })
    expect(ended.state).toMatchObject({ mode: 'bot', owner: null })
    expect(ended.replies[0]?.text).toBe(t['handoff.user_ended'])
    const menu = user(state, '菜单')
    expect(menu.state.at).toMatchObject({ flow: 'main', node: 'menu' })
  })

  it('an operator cannot message a conversation nobody has claimed', () => {
    const r = op(queued(), 'li', { action: 'message', text: 'x' })
    expect(r.replies).toEqual([])
    expect(r.events[0]).toMatchObject({ type: 'operator_refused', owner: null })
  })
})
