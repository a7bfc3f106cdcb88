/**
 * Every node kind has a fixture file, test/fixtures/nodes/<kind>.yaml: a small flow and cases
 * of what users type and what must happen. A kind in the registry without a fixture fails.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { registry } from '../../src/engine/registry.js'
import { initialState, step } from '../../src/engine/step.js'
import type { ConversationState, Input, Reply } from '../../src/engine/types.js'
import { withFlow } from '../support/content.js'

interface FixtureCase {
  name: string
  /** What the user sends after the first prompt; `{ choice: id }` presses a button. */
  say: (string | { choice: string })[]
  vars?: Record<string, unknown>
  /** Vars that must not be set afterwards. */
  absent?: string[]
  /** The node waiting afterwards, or null when the flow has ended. */
  at?: string | null
  /** Each listed reply of the last turn must contain this text (in order). */
  replies?: { text?: string; choices?: string[]; urgent?: boolean; contacts?: string[] }[]
  effects?: string[]
  invalid?: number
}
interface Fixture {
  flow: unknown
  texts?: Record<string, string>
  cases: FixtureCase[]
}

const NOW = new Date('2026-03-02T01:00:00Z')

function toInput(x: string | { choice: string }): Input {
  return typeof x === 'string' ? { kind: 'text', text: x } : { kind: 'choice', id: x.choice }
}

for (const kind of Object.keys(registry)) {
  describe(`node kind ${kind}`, () => {
    const file = `test/fixtures/nodes/${kind}.yaml`
    it('has a fixture file', () => {
      expect(existsSync(file), `${file} is missing: every node kind needs fixtures`).toBe(true)
    })
    if (!existsSync(file)) return
    const fixture = parse(readFileSync(file, 'utf8')) as Fixture
    const content = withFlow(fixture.flow, fixture.texts)
    it('has cases', () => expect(fixture.cases.length).toBeGreaterThan(0))
    for (const c of fixture.cases) {
      it(c.name, () => {
        let state: ConversationState = initialState()
        let last = step(content, state, { kind: 'text', text: '' }, NOW)
        state = last.state
        for (const said of c.say) {
          last = step(content, state, toInput(said), NOW)
          state = last.state
        }
        if (c.vars) expect(state.vars).toMatchObject(c.vars)
        for (const name of c.absent ?? []) expect(state.vars).not.toHaveProperty([name])
        if (c.at !== undefined) expect(state.at?.node ?? null).toBe(c.at)
        if (c.invalid !== undefined) expect(state.invalid).toBe(c.invalid)
        if (c.effects) expect(last.effects.map((e) => e.type)).toEqual(c.effects)
        if (c.replies) expectReplies(last.replies, c.replies)
      })
    }
  })
}

function expectReplies(actual: Reply[], expected: NonNullable<FixtureCase['replies']>): void {
  expect(actual.length, JSON.stringify(actual)).toBeGreaterThanOrEqual(expected.length)
  expected.forEach((e, i) => {
    const a = actual[i]!
    if (e.text !== undefined) expect(a.text).toContain(e.text)
    if (e.choices) expect(a.choices?.map((ch) => ch.label)).toEqual(e.choices)
    if (e.urgent !== undefined) expect(a.urgent ?? false).toBe(e.urgent)
    if (e.contacts) expect(a.contacts?.map((ct) => ct.phone ?? ct.id)).toEqual(e.contacts)
  })
}
