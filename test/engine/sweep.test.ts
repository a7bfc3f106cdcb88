/**
 * The sweep: at every question of every flow, a danger message puts 110 in the very next reply
 * (an alarm card; thoughts of suicide get a warm reply with 110, 120 and 12355 instead), and 菜单
 * reaches the main menu. No state can keep a user from help or from the way out.
 */
import { describe, expect, it } from 'vitest'
import { isWait } from '../../src/engine/registry.js'
import { initialState, step } from '../../src/engine/step.js'
import type { ConversationState } from '../../src/engine/types.js'
import { realContent } from '../support/content.js'

const content = realContent()
const NOW = new Date('2026-03-02T01:00:00Z')
const DANGER = ['隔壁又在打孩子了，孩子一直在哭喊救命', '我爸拿皮带抽我', '孩子流血了']
const SUICIDE = ['孩子说不想活了', '我不想活了']

const waitNodes = Object.values(content.flows).flatMap((flow) =>
  Object.entries(flow.nodes)
    .filter(([, node]) => isWait(node))
    .map(([id]) => ({ flow: flow.id, version: flow.version, node: id })),
)

function at(frame: (typeof waitNodes)[number]): ConversationState {
  return { ...initialState(), at: frame, lastInputAt: NOW.getTime() }
}

describe('sweep over every wait node', () => {
  it('finds the wait nodes of every flow', () => {
    expect(new Set(waitNodes.map((w) => w.flow))).toEqual(
      new Set(
        Object.keys(content.flows).filter((f) =>
          Object.values(content.flows[f]!.nodes).some(isWait),
        ),
      ),
    )
    expect(waitNodes.length).toBeGreaterThanOrEqual(6)
  })
  for (const frame of waitNodes) {
    for (const text of DANGER) {
      it(`${frame.flow}.${frame.node}: "${text}" → 110 first`, () => {
        const { replies } = step(content, at(frame), { kind: 'text', text }, NOW)
        expect(replies[0]?.urgent).toBe(true)
        expect(replies[0]?.contacts?.[0]?.phone).toBe('110')
      })
    }
    for (const text of SUICIDE) {
      it(`${frame.flow}.${frame.node}: "${text}" → 110, 120 and 12355 first, warmly`, () => {
        const { replies } = step(content, at(frame), { kind: 'text', text }, NOW)
        expect(replies[0]?.contacts?.map((c) => c.phone)).toEqual(['110', '120', '12355'])
        expect(replies[0]?.text).toContain('12355')
      })
    }
    it(`${frame.flow}.${frame.node}: 菜单 → main menu`, () => {
      const { replies, state } = step(content, at(frame), { kind: 'text', text: '菜单' }, NOW)
      expect(state.at).toMatchObject({ flow: 'main', node: 'menu' })
      expect(replies.at(-1)?.choices?.map((c) => c.id)).toEqual([
        'policy',
        'screen',
        'report',
        'human',
        'followup',
      ])
    })
  }
  it('someone hurt gets 120 beside 110', () => {
    const { replies } = step(content, at(waitNodes[0]!), { kind: 'text', text: '孩子流血了' }, NOW)
    expect(replies[0]?.contacts?.map((c) => c.phone)).toEqual(['110', '120'])
  })
})
