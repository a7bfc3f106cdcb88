/**
 * The host keeps each conversation's last state in memory and hands that same object to the next
 * turn (see store/conversations.ts), so `step` must never change the state it is given, and the
 * state it returns must survive the trip through the database unchanged. Every golden transcript
 * is replayed here on frozen states: a write to one throws.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { step } from '../../src/engine/step.js'
import type { ConversationState, Input } from '../../src/engine/types.js'
import { realContent } from '../support/content.js'
import { duration, type Transcript } from '../golden/run.js'

const dir = 'test/golden/transcripts'
const content = realContent()

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

describe('step leaves the state it is given as it was', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    it(file, () => {
      const { turns } = parse(readFileSync(`${dir}/${file}`, 'utf8')) as Transcript
      let state: ConversationState | null = null
      let now = Date.parse('2026-03-02T01:00:00Z')
      for (const turn of turns) {
        now += turn.after ? duration(turn.after) : 60_000
        const input: Input =
          turn.press !== undefined
            ? { kind: 'choice', id: turn.press }
            : { kind: 'text', text: turn.user ?? '' }
        const before = JSON.stringify(state)
        const next: ConversationState = step(content, deepFreeze(state), input, new Date(now)).state
        expect(JSON.stringify(state)).toBe(before)
        expect(JSON.parse(JSON.stringify(next))).toStrictEqual(next)
        state = next
      }
    })
  }
})
