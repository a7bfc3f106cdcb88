/** The interpreter's promises, each as a user would notice it. */
import { describe, expect, it } from 'vitest'
import { initialState, step } from '../../src/engine/step.js'
import type {
  CompiledContent,
  ConversationState,
  Input,
  StepResult,
} from '../../src/engine/types.js'
import { realContent } from '../support/content.js'

const content = realContent()
const T0 = Date.parse('2026-03-02T01:00:00Z')

function talk(
  inputs: (string | Input)[],
  c: CompiledContent = content,
  start?: ConversationState,
  at = T0,
): StepResult {
  let state = start ?? initialState()
  let last: StepResult | undefined
  for (const i of inputs) {
    last = step(c, state, typeof i === 'string' ? { kind: 'text', text: i } : i, new Date(at))
    state = last.state
  }
  return last!
}
const texts = (r: StepResult): string => r.replies.map((x) => x.text).join('\n')

describe('step', () => {
  it('a first message shows the main menu', () => {
    const r = talk(['你好'])
    expect(r.state.at).toMatchObject({ flow: 'main', node: 'menu' })
    expect(r.replies[0]?.choices?.map((c) => c.label)).toEqual([
      '了解福利政策',
      '看看孩子能领什么',
      '举报或求助',
      '转人工',
      '查询举报进度',
    ])
  })

  it('a first message that names a menu item goes straight there', () => {
    const r = talk(['我要举报'])
    expect(r.state.at).toMatchObject({ flow: 'report', node: 'in_danger' })
    expect(r.replies).toHaveLength(1)
  })

  it('does not change the state it was given', () => {
    const before = talk(['你好']).state
    const copy = structuredClone(before)
    step(content, before, { kind: 'text', text: '2' }, new Date(T0))
    expect(before).toEqual(copy)
  })

  it('every menu item leads somewhere real', () => {
    for (const n of ['1', '2', '3', '4']) {
      const r = talk(['你好', n])
      expect(r.replies.length, n).toBeGreaterThan(0)
      expect(
        r.events.filter((e) => e.type === 'content_error'),
        n,
      ).toEqual([])
    }
  })

  it('返回 goes back to the previous question', () => {
    const r = talk(['你好', '2', '返回'])
    expect(r.state.at).toMatchObject({ flow: 'main', node: 'menu' })
  })

  it('重新开始 forgets the answers and shows the menu', () => {
    const r = talk(['你好', '3', '重新开始'])
    expect(r.state.vars).toEqual({})
    expect(texts(r)).toContain('重新开始')
    expect(r.state.at).toMatchObject({ node: 'menu' })
  })

  it('退出 says goodbye with 110 and leaves nothing of the conversation', () => {
    const r = talk(['你好', '3', '退出'])
    expect(texts(r)).toContain('110')
    expect(r.state.at).toBeNull()
    expect(r.state.vars).toEqual({})
  })

  it('a channel menu item (menu:<choice>) picks that main-menu choice from anywhere', () => {
    const report = talk(['我要举报'])
    expect(report.state.at).toMatchObject({ flow: 'report' })
    const screen = talk([{ kind: 'choice', id: 'menu:screen' }], content, report.state)
    expect(screen.state.at).toMatchObject({ flow: 'screen' })
    expect(texts(screen)).toContain(content.texts['zh-Hans']['screen.ask_region'])
    expect(texts(screen)).not.toContain(content.texts['zh-Hans']['main.menu'])
    // From a first contact too; an unknown choice leaves the menu shown.
    expect(talk([{ kind: 'choice', id: 'menu:policy' }]).state.at).toMatchObject({
      flow: 'policy',
    })
    const unknown = talk([{ kind: 'choice', id: 'menu:nothing' }], content, report.state)
    expect(unknown.state.at).toMatchObject({ flow: 'main', node: 'menu' })
    // While queued for a person it is 菜单: the queue is left, the menu shown.
    const queued = talk(['你好', '人工'])
    const left = talk([{ kind: 'choice', id: 'menu:screen' }], content, queued.state)
    expect(left.effects).toEqual([{ type: 'cancel_handoff' }])
    expect(left.state.at).toMatchObject({ flow: 'main', node: 'menu' })
  })

  it('a channel menu item that names a flow (紧急求助) comes first wherever the user is', () => {
    const mid = talk(['我要举报'])
    const sos = talk([{ kind: 'choice', id: 'menu:emergency' }], content, mid.state)
    expect(sos.replies[0]?.contacts?.map((c) => c.phone)).toEqual(['110', '120'])
    expect(sos.replies[0]?.urgent).toBe(true)
    // Queued for a person: the 110 card, and the user stays in the queue.
    const queued = talk(['你好', '人工'])
    const waiting = talk([{ kind: 'choice', id: 'menu:emergency' }], content, queued.state)
    expect(waiting.replies[0]?.contacts?.map((c) => c.phone)).toEqual(['110', '120'])
    expect(waiting.state.mode).toBe('queued')
    expect(waiting.effects).toEqual([])
  })

  it('人工 queues a handoff; while queued the bot is quiet; 菜单 leaves the queue', () => {
    const queued = talk(['你好', '人工'])
    expect(queued.effects).toEqual([
      { type: 'queue_handoff', reason: 'user_asked', urgency: 'standard' },
    ])
    expect(queued.state.mode).toBe('queued')
    const quiet = talk(['在吗'], content, queued.state)
    expect(quiet.replies).toEqual([])
    const left = talk(['菜单'], content, queued.state)
    expect(left.effects).toEqual([{ type: 'cancel_handoff' }])
    expect(left.state.mode).toBe('bot')
    expect(left.state.at).toMatchObject({ node: 'menu' })
  })

  it('with an operator the bot stays quiet, except to put 110 first on danger', () => {
    const withOperator: ConversationState = { ...initialState(), mode: 'operator', owner: 'li' }
    expect(talk(['在吗', '人工'], content, withOperator).replies).toEqual([])
    const danger = talk(['他在打孩子'], content, withOperator)
    expect(danger.replies).toHaveLength(1)
    expect(danger.replies[0]?.contacts?.[0]?.phone).toBe('110')
    // …and the operator sees it flagged: the queue item is raised.
    expect(danger.effects).toContainEqual(expect.objectContaining({ type: 'queue_handoff' }))
    expect(danger.state.mode).toBe('operator')
  })

  it('English and zh-Hant commands work', () => {
    expect(talk(['你好', '2', 'MENU']).state.at).toMatchObject({ node: 'menu' })
    expect(talk(['你好', '2', '選單']).state.at).toMatchObject({ node: 'menu' })
    expect(talk(['你好', 'human']).state.mode).toBe('queued')
  })

  it('a user who writes English gets English; a case number or "ok" does not switch', () => {
    const help = talk(['help'])
    expect(help.state.lang).toBe('en')
    // A bare "help" is not an alarm: it picks 举报或求助 ("Report or ask for help"), whose first
    // question is whether a child is in danger now, with 110 under it.
    expect(help.replies[0]?.urgent).toBeUndefined()
    expect(help.state.at).toMatchObject({ flow: 'report', node: 'in_danger' })
    expect(help.replies[0]?.text).toContain(content.texts.en['report.in_danger'])
    expect(help.replies[0]?.text).toContain('110')
    // Words in English it cannot place get the safety line in English, 110 to tap.
    const lost = talk(['my kid pls'])
    expect(lost.replies[0]?.text).toBe(content.texts.en['triage.first.unsure'])
    expect(lost.replies[0]?.contacts?.[0]?.phone).toBe('110')
    const zh = talk(['你好'])
    expect(talk(['TH-2026-ABCDEF-G'], content, zh.state).state.lang).toBe('zh-Hans')
    expect(talk(['ok'], content, zh.state).state.lang).toBe('zh-Hans')
    expect(talk(['HELP!!'], content, zh.state).state.lang).toBe('en')
    expect(talk(['我想问问'], content, help.state).state.lang).toBe('zh-Hans')
  })

  it('a user who writes traditional characters gets traditional replies', () => {
    const r = talk(['你們好'])
    expect(r.state.lang).toBe('zh-Hant')
    expect(r.replies[0]?.text).toContain('這裡是童護')
    expect(talk(['这里'], content, r.state).state.lang).toBe('zh-Hans')
  })

  it('danger mid-flow: 110 first, then the choice to report or go back to the question', () => {
    const r = talk(['你好', '孩子被打了，一直在哭喊救命'])
    expect(r.replies[0]).toMatchObject({ urgent: true })
    expect(r.state.at).toMatchObject({ flow: 'danger', node: 'offer' })
    const back = talk([{ kind: 'choice', id: 'continue' }], content, r.state)
    expect(back.state.at).toMatchObject({ flow: 'main', node: 'menu' })
    // Reporting it asks neither whether the child is in danger nor what happened: both were said.
    const report = talk(['1'], content, r.state)
    expect(report.replies[0]?.text).toContain('孩子被打了，一直在哭喊救命')
    expect(report.state.at).toMatchObject({ flow: 'report', node: 'age' })
    expect(report.state.vars).toMatchObject({ in_danger: true, what: '孩子被打了，一直在哭喊救命' })
  })

  it('a long message the words miss and the menu cannot read asks about danger, with 110', () => {
    // Held-out emergencies the classifier's word lists do not catch (test/triage/holdout.yaml).
    for (const t of [
      '继母把我的头按进水桶里',
      '我站在桥上，不想再回去了',
      '我爸又发疯了，拿着凳子到处砸，我和妹妹躲在柜子里',
    ]) {
      for (const r of [talk([t]), talk(['你好', t])]) {
        expect(
          r.replies.some((x) => x.contacts?.[0]?.phone === '110'),
          t,
        ).toBe(true)
        expect(r.state.at, t).toMatchObject({ flow: 'check', node: 'ask' })
        expect(
          r.events.some((e) => e.type === 'danger_unsure'),
          t,
        ).toBe(true)
      }
    }
    // Nonsense at the menu gets the same question, not an alarm; "没有" goes back to the menu.
    const nonsense = talk(['你好', '啊啊啊'])
    expect(nonsense.replies[0]?.urgent).toBeUndefined()
    expect(nonsense.state.at).toMatchObject({ flow: 'check', node: 'ask' })
    expect(talk(['没有'], content, nonsense.state).state.at).toMatchObject({
      flow: 'main',
      node: 'menu',
    })
  })

  it('spaces or invisible characters inside the words do not hide danger', () => {
    for (const t of ['我 不 想 活 了', '孩子流\u200b血了', '救\u200d命']) {
      expect(talk(['你好', t]).replies[0]?.contacts?.[0]?.phone, JSON.stringify(t)).toBe('110')
    }
  })

  it('返回 while queued leaves the queue for the menu', () => {
    const queued = talk(['你好', '人工']).state
    const r = talk(['返回'], content, queued)
    expect(r.effects).toEqual([{ type: 'cancel_handoff' }])
    expect(r.state.at).toMatchObject({ flow: 'main', node: 'menu' })
  })

  it('negated or harmless words do not raise the alarm', () => {
    for (const t of ['我没有打孩子', '孩子要打疫苗', '给他打电话', '孩子八岁']) {
      expect(
        talk(['你好', t]).replies.some((x) => x.urgent),
        t,
      ).toBe(false)
    }
  })

  it('after the idle time, asks whether to continue where the user left off', () => {
    const left = talk(['你好', '3']).state
    const later = T0 + 25 * 3600_000
    const r = talk(['是'], content, left, later)
    expect(texts(r)).toContain('要接着上次的问题继续吗')
    expect(r.events).toContainEqual({ type: 'session_expired' })
    const resumed = talk(['1'], content, r.state, later)
    expect(resumed.state.at).toMatchObject({ flow: 'report', node: 'in_danger' })
    const fresh = talk(['2'], content, r.state, later)
    expect(fresh.state.at).toMatchObject({ flow: 'main', node: 'menu' })
  })

  it('a flow that changed version never resumes at a node that moved', () => {
    const left = talk(['你好', '3']).state
    const report = content.flows['report']!
    const changed: CompiledContent = {
      ...content,
      flows: { ...content.flows, report: { ...report, version: report.version + 1 } },
    }
    const r = talk(['是'], changed, left)
    expect(r.events).toContainEqual({
      type: 'flow_restarted',
      flow: 'report',
      reason: 'version_changed',
    })
    expect(texts(r)).toContain('刚刚更新过')
    expect(r.state.at).toMatchObject({
      flow: 'report',
      node: 'in_danger',
      version: report.version + 1,
    })
  })

  it('state from another schema version is dropped, not misread', () => {
    const alien = { v: 0, at: { flow: 'x', node: 'y', version: 1 } } as unknown as ConversationState
    expect(talk(['你好'], content, alien).state.at).toMatchObject({ flow: 'main', node: 'menu' })
  })

  it('an empty message repeats the question without counting it wrong', () => {
    const r = talk(['你好', ''])
    expect(r.state.invalid).toBe(0)
    expect(r.replies[0]?.choices).toHaveLength(5)
  })

  it('a missing text is recorded as a content error and the user still gets a safe reply', () => {
    const broken: CompiledContent = {
      ...content,
      texts: {
        ...content.texts,
        'zh-Hans': { ...content.texts['zh-Hans'], 'main.menu': undefined as unknown as string },
      },
    }
    const r = talk(['你好'], broken)
    expect(r.events).toContainEqual({ type: 'content_error', detail: 'missing text main.menu' })
    expect(r.replies[0]?.text).toContain('110')
  })
})
