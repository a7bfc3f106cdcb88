/**
 * The store contract: one behaviour suite that every driver must pass (libsql file, libsql
 * server, D1 in workerd). Call it from a test file with a function that opens a fresh,
 * migrated database.
 */
import { describe, expect, it } from 'vitest'
import { ConversationStore, type TurnRecord } from '../../src/store/conversations.js'
import type { SqlDriver } from '../../src/store/driver.js'

let counter = 0
const unique = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

function turn(
  over: Partial<TurnRecord> & Pick<TurnRecord, 'conversationId' | 'inboundId' | 'seq'>,
): TurnRecord {
  return {
    channel: 'web',
    userKey: 'u',
    mode: 'bot',
    flow: 'main',
    node: 'menu',
    state: JSON.stringify({ n: over.seq }),
    replies: [{ text: `reply ${over.seq}` }],
    effects: [],
    events: [],
    response: JSON.stringify({ seq: over.seq }),
    at: '2026-01-01T00:00:00.000Z',
    newId: () => unique('h'),
    ...over,
  }
}

export function storeContract(name: string, open: () => Promise<SqlDriver>): void {
  describe(`store contract: ${name}`, () => {
    it('stores a message once; a duplicate id reports the first one', async () => {
      const store = new ConversationStore(await open())
      const m = {
        id: unique('m'),
        conversationId: unique('c'),
        payload: '{}',
        receivedAt: '2026-01-01T00:00:00Z',
      }
      expect(await store.recordInbound(m)).toEqual({ kind: 'new' })
      expect(await store.recordInbound(m)).toEqual({
        kind: 'duplicate',
        status: 'pending',
        response: null,
      })
      expect((await store.pendingInbound()).map((p) => p.id)).toContain(m.id)
    })

    it('commits a turn with its state, and marks the message answered', async () => {
      const store = new ConversationStore(await open())
      const c = unique('c')
      const m = {
        id: unique('m'),
        conversationId: c,
        payload: '{}',
        receivedAt: '2026-01-01T00:00:00Z',
      }
      await store.recordInbound(m)
      expect(await store.commitTurn(turn({ conversationId: c, inboundId: m.id, seq: 1 }))).toBe(
        'committed',
      )
      expect(await store.load(c)).toEqual({ seq: 1, state: JSON.stringify({ n: 1 }) })
      expect(await store.inboundStatus(m.id)).toEqual({
        kind: 'duplicate',
        status: 'processed',
        response: JSON.stringify({ seq: 1 }),
      })
      expect((await store.pendingInbound()).map((p) => p.id)).not.toContain(m.id)
    })

    it('refuses a second turn with the same number, and leaves no trace of it', async () => {
      const store = new ConversationStore(await open())
      const c = unique('c')
      const [a, b] = [unique('m'), unique('m')]
      for (const id of [a, b])
        await store.recordInbound({
          id,
          conversationId: c,
          payload: '{}',
          receivedAt: '2026-01-01T00:00:00Z',
        })
      expect(await store.commitTurn(turn({ conversationId: c, inboundId: a, seq: 1 }))).toBe(
        'committed',
      )
      const loser = turn({
        conversationId: c,
        inboundId: b,
        seq: 1,
        state: '"loser"',
        effects: [{ type: 'queue_handoff', reason: 'user_asked' }],
      })
      expect(await store.commitTurn(loser)).toBe('conflict')
      expect(await store.load(c)).toEqual({ seq: 1, state: JSON.stringify({ n: 1 }) })
      expect(await store.inboundStatus(b)).toMatchObject({ status: 'pending' })
      expect(await store.handoffs(c)).toEqual([])
      expect(await store.commitTurn(turn({ conversationId: c, inboundId: b, seq: 2 }))).toBe(
        'committed',
      )
    })

    it('answers one message with one turn only', async () => {
      const store = new ConversationStore(await open())
      const c = unique('c')
      const m = unique('m')
      await store.recordInbound({
        id: m,
        conversationId: c,
        payload: '{}',
        receivedAt: '2026-01-01T00:00:00Z',
      })
      expect(await store.commitTurn(turn({ conversationId: c, inboundId: m, seq: 1 }))).toBe(
        'committed',
      )
      expect(await store.commitTurn(turn({ conversationId: c, inboundId: m, seq: 2 }))).toBe(
        'conflict',
      )
    })

    it('carries out handoff effects in the same commit', async () => {
      const store = new ConversationStore(await open())
      const c = unique('c')
      const [a, b] = [unique('m'), unique('m')]
      for (const id of [a, b])
        await store.recordInbound({
          id,
          conversationId: c,
          payload: '{}',
          receivedAt: '2026-01-01T00:00:00Z',
        })
      await store.commitTurn(
        turn({
          conversationId: c,
          inboundId: a,
          seq: 1,
          effects: [{ type: 'queue_handoff', reason: 'user_asked' }],
        }),
      )
      expect(await store.handoffs(c)).toEqual([{ status: 'queued', reason: 'user_asked' }])
      await store.commitTurn(
        turn({ conversationId: c, inboundId: b, seq: 2, effects: [{ type: 'cancel_handoff' }] }),
      )
      expect(await store.handoffs(c)).toEqual([{ status: 'cancelled', reason: 'user_asked' }])
    })

    it('keeps concurrent writers apart: each turn number is taken exactly once', async () => {
      const store = new ConversationStore(await open())
      const c = unique('c')
      const ids = Array.from({ length: 10 }, () => unique('m'))
      for (const id of ids)
        await store.recordInbound({
          id,
          conversationId: c,
          payload: '{}',
          receivedAt: '2026-01-01T00:00:00Z',
        })
      const outcomes = await Promise.all(
        ids.map((id) => store.commitTurn(turn({ conversationId: c, inboundId: id, seq: 1 }))),
      )
      expect(outcomes.filter((o) => o === 'committed')).toHaveLength(1)
      expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(9)
    })
  })
}
