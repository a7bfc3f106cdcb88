/**
 * The store contract: one behaviour suite that every driver must pass (libsql file, libsql
 * server, D1 in workerd). Call it from a test file with a function that opens a fresh,
 * migrated database.
 */
import { describe, expect, it } from 'vitest'
import type { ConversationState } from '../../src/engine/types.js'
import {
  ConversationStore,
  type StoredEffect,
  type TurnRecord,
} from '../../src/store/conversations.js'
import {
  CaseStore,
  caseStatements,
  pinCheckStatements,
  type CaseRow,
} from '../../src/store/cases.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { HandoffStore } from '../../src/store/handoffs.js'
import { resultStatement, type KeptResult } from '../../src/store/results.js'

let counter = 0
const unique = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

/** A stand-in state: the store keeps states whole and never looks inside. */
const stateOf = (n: unknown): ConversationState => ({ n }) as unknown as ConversationState

function turn({
  inboundId,
  ...over
}: Partial<TurnRecord> &
  Pick<TurnRecord, 'conversationId' | 'seq'> & { inboundId: string }): TurnRecord {
  return {
    channel: 'web',
    userKey: 'u',
    ref: `ref-${over.conversationId}`,
    inbound: {
      id: inboundId,
      conversationId: over.conversationId,
      payload: '{}',
      receivedAt: '2026-01-01T00:00:00Z',
    },
    mode: 'bot',
    flow: 'main',
    node: 'menu',
    state: stateOf(over.seq),
    replies: [{ text: `reply ${over.seq}` }],
    effects: [],
    events: [],
    response: JSON.stringify({ seq: over.seq }),
    at: '2026-01-01T00:00:00.000Z',
    newId: () => unique('h'),
    ...over,
  }
}

/** Stores these messages of one conversation as received (not yet answered). */
async function received(
  store: ConversationStore,
  conversationId: string,
  ...ids: string[]
): Promise<void> {
  for (const id of ids)
    await store.recordInbound({
      id,
      conversationId,
      payload: '{}',
      receivedAt: '2026-01-01T00:00:00Z',
    })
}

export function storeContract(name: string, open: () => Promise<SqlDriver>): void {
  describe(`store contract: ${name}`, () => {
    it('stores a message once; a duplicate id keeps the first one', async () => {
      const store = new ConversationStore(await open())
      const m = {
        id: unique('m'),
        conversationId: unique('c'),
        payload: '{}',
        receivedAt: '2026-01-01T00:00:00Z',
      }
      expect(await store.inboundStatus(m.id)).toEqual({ kind: 'unknown' })
      expect(await store.recordInbound(m)).toBe('new')
      expect(await store.recordInbound({ ...m, payload: '{"again":1}' })).toBe('duplicate')
      // The first one is kept: a duplicate id never overwrites what was said.
      expect(await store.inboundStatus(m.id)).toEqual({
        kind: 'stored',
        status: 'pending',
        response: null,
        payload: '{}',
      })
      expect(await store.pendingInbound()).toContainEqual(m)
    })

    it('commits a turn with its state, and marks the message answered', async () => {
      const db = await open()
      const store = new ConversationStore(db)
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
      // A store of its own reads what was written, not what the first one remembers.
      expect(await new ConversationStore(db).load(c)).toEqual({ seq: 1, state: stateOf(1) })
      expect(await store.inboundStatus(m.id)).toEqual({
        kind: 'stored',
        status: 'processed',
        response: JSON.stringify({ seq: 1 }),
        payload: '{}',
      })
      expect((await store.pendingInbound()).map((p) => p.id)).not.toContain(m.id)
    })

    it('a turn stores its message when it is not stored yet, and a late copy changes nothing', async () => {
      const db = await open()
      const store = new ConversationStore(db)
      const c = unique('c')
      const m = unique('m')
      expect(await store.commitTurn(turn({ conversationId: c, inboundId: m, seq: 1 }))).toBe(
        'committed',
      )
      const late = { id: m, conversationId: c, payload: '{}', receivedAt: '2026-01-01T00:00:00Z' }
      expect(await store.recordInbound(late)).toBe('duplicate')
      expect(await store.inboundStatus(m)).toMatchObject({ status: 'processed' })
      expect((await store.pendingInbound()).map((p) => p.id)).not.toContain(m)
    })

    it('a store that remembers a state still refuses a turn on top of one moved on elsewhere', async () => {
      const db = await open()
      const [here, there] = [new ConversationStore(db), new ConversationStore(db)]
      const c = unique('c')
      const [a, b, d] = [unique('m'), unique('m'), unique('m')]
      expect(await here.commitTurn(turn({ conversationId: c, inboundId: a, seq: 1 }))).toBe(
        'committed',
      )
      expect(await there.load(c)).toEqual({ seq: 1, state: stateOf(1) })
      expect(await there.commitTurn(turn({ conversationId: c, inboundId: b, seq: 2 }))).toBe(
        'committed',
      )
      // `here` still remembers turn 1; its turn 2 is refused and it reads turn 2 afresh.
      expect(await here.load(c)).toEqual({ seq: 1, state: stateOf(1) })
      expect(await here.commitTurn(turn({ conversationId: c, inboundId: d, seq: 2 }))).toBe(
        'conflict',
      )
      expect(await here.load(c)).toEqual({ seq: 2, state: stateOf(2) })
    })

    it('reads a state it cannot parse as none, so the conversation starts afresh', async () => {
      const db = await open()
      const c = unique('c')
      await new ConversationStore(db).commitTurn(
        turn({ conversationId: c, inboundId: unique('m'), seq: 1 }),
      )
      await db.write([
        { sql: `UPDATE conversations SET state = '{broken' WHERE id = ?`, args: [c] },
      ])
      expect(await new ConversationStore(db).load(c)).toEqual({ seq: 1, state: null })
    })

    it('refuses a second turn with the same number, and leaves no trace of it', async () => {
      const db = await open()
      const store = new ConversationStore(db)
      const c = unique('c')
      const [a, b] = [unique('m'), unique('m')]
      await received(store, c, a, b)
      expect(await store.commitTurn(turn({ conversationId: c, inboundId: a, seq: 1 }))).toBe(
        'committed',
      )
      const loser = turn({
        conversationId: c,
        inboundId: b,
        seq: 1,
        state: stateOf('loser'),
        effects: [{ type: 'queue_handoff', reason: 'user_asked', urgency: 'standard' }],
      })
      expect(await store.commitTurn(loser)).toBe('conflict')
      expect(await new ConversationStore(db).load(c)).toEqual({ seq: 1, state: stateOf(1) })
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
      await received(store, c, a, b)
      await store.commitTurn(
        turn({
          conversationId: c,
          inboundId: a,
          seq: 1,
          effects: [{ type: 'queue_handoff', reason: 'user_asked', urgency: 'standard' }],
        }),
      )
      expect(await store.handoffs(c)).toEqual([{ status: 'queued', reason: 'user_asked' }])
      await store.commitTurn(
        turn({ conversationId: c, inboundId: b, seq: 2, effects: [{ type: 'cancel_handoff' }] }),
      )
      expect(await store.handoffs(c)).toEqual([{ status: 'cancelled', reason: 'user_asked' }])
    })

    it('keeps one queue item per conversation, raised to the highest urgency, through its owners', async () => {
      const db = await open()
      const store = new ConversationStore(db)
      const queue = new HandoffStore(db)
      const [c, other] = [unique('c'), unique('c')]
      const ms = Array.from({ length: 8 }, () => unique('m'))
      let seq = 0
      const commit = (conversationId: string, effects: StoredEffect[]): Promise<string> =>
        store.commitTurn(
          turn({
            conversationId,
            inboundId: ms[seq]!,
            seq: conversationId === c ? ++seq : 1,
            effects,
          }),
        )
      await commit(c, [{ type: 'queue_handoff', reason: 'user_asked', urgency: 'standard' }])
      await commit(c, [{ type: 'queue_handoff', reason: 'danger', urgency: 'emergency' }])
      await commit(c, [{ type: 'queue_handoff', reason: 'danger', urgency: 'urgent' }])
      expect(await store.handoffs(c)).toEqual([{ status: 'queued', reason: 'user_asked' }])
      expect((await queue.openFor(c))?.urgency).toBe('emergency')
      await store.commitTurn(
        turn({
          conversationId: other,
          inboundId: ms[7]!,
          seq: 1,
          effects: [{ type: 'queue_handoff', reason: 'user_asked', urgency: 'standard' }],
        }),
      )
      // The emergency comes first, though it was queued as the same moment's other item.
      const items = (await queue.open()).filter((e) => [c, other].includes(e.conversationId))
      expect(items.map((e) => e.conversationId)).toEqual([c, other])
      const waitingBefore = await queue.ahead(other, '2026-01-01T00:00:00Z')
      expect(waitingBefore).toBeGreaterThanOrEqual(1)
      await store.commitTurn(
        turn({
          conversationId: c,
          inboundId: ms[seq]!,
          seq: ++seq,
          from: { flow: 'main', node: 'menu' },
          effects: [{ type: 'claim_handoff', operator: 'li' }],
        }),
      )
      expect(await queue.openFor(c)).toMatchObject({ claimedBy: 'li', fromFlow: 'main' })
      // Taken by a person, it no longer waits ahead of the other.
      expect(await queue.ahead(other, '2026-01-01T00:00:00Z')).toBe(waitingBefore - 1)
      await commit(c, [{ type: 'transfer_handoff', to: 'wang' }])
      expect((await queue.openFor(c))?.claimedBy).toBe('wang')
      await commit(c, [{ type: 'requeue_handoff' }])
      expect(await queue.openFor(c)).toMatchObject({ claimedBy: null, urgency: 'emergency' })
      await commit(c, [{ type: 'close_handoff', by: 'operator' }])
      expect(await queue.openFor(c)).toBeUndefined()
      expect(await store.handoffs(c)).toEqual([{ status: 'closed', reason: 'user_asked' }])
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

    it('a case commits with its turn and handoff; a second case for one submission conflicts', async () => {
      const db = await open()
      const store = new ConversationStore(db)
      const cases = new CaseStore(db)
      const c = unique('c')
      const m = unique('m')
      await store.recordInbound({ id: m, conversationId: c, payload: '{}', receivedAt: 'x' })
      const row = caseRow(unique('TH'), m)
      const rows = caseStatements(row, {
        id: unique('h'),
        conversationId: c,
        reason: 'report_urgent',
      })
      const t = turn({ conversationId: c, inboundId: m, seq: 1, effectRows: rows })
      expect(await store.commitTurn(t)).toBe('committed')
      expect(await cases.byNumber(row.caseNumber)).toEqual(row)
      expect(await cases.bySubmission(m)).toEqual(row)
      expect(await cases.handoffsFor(row.caseNumber)).toEqual([
        { status: 'queued', reason: 'report_urgent' },
      ])
      expect(await cases.create(caseRow(unique('TH'), m))).toBe('conflict')
    })

    it('a kept result commits with its turn, reads back as it was kept, and only then', async () => {
      const db = await open()
      const store = new ConversationStore(db)
      const c = unique('c')
      const code = unique('R')
      const kept: KeptResult = {
        screening: {
          region: 'shanxi',
          asOf: '2026-03-02',
          facts: { child_age: 8, father_status: 'deceased', family_economic_hardship: true },
          unknownFacts: ['on_dibao'],
        },
        lang: 'zh-Hant',
      }
      const row = resultStatement(code, kept, '2026-03-02T01:00:00.000Z')
      expect(await store.savedResult(code)).toBeUndefined()
      const first = turn({ conversationId: c, inboundId: unique('m'), seq: 1, effectRows: [row] })
      expect(await store.commitTurn(first)).toBe('committed')
      expect(await store.savedResult(code)).toEqual(kept)
      // A turn that conflicts keeps nothing.
      const other = unique('R')
      const late = resultStatement(other, kept, '2026-03-02T01:00:00.000Z')
      const stale = turn({ conversationId: c, inboundId: unique('m'), seq: 1, effectRows: [late] })
      expect(await store.commitTurn(stale)).toBe('conflict')
      expect(await store.savedResult(other)).toBeUndefined()
    })

    it('a turn that conflicts leaves no case behind', async () => {
      const db = await open()
      const store = new ConversationStore(db)
      const cases = new CaseStore(db)
      const c = unique('c')
      const [m1, m2] = [unique('m'), unique('m')]
      for (const id of [m1, m2])
        await store.recordInbound({ id, conversationId: c, payload: '{}', receivedAt: 'x' })
      expect(await store.commitTurn(turn({ conversationId: c, inboundId: m1, seq: 1 }))).toBe(
        'committed',
      )
      const row = caseRow(unique('TH'), m2)
      const t = turn({ conversationId: c, inboundId: m2, seq: 1, effectRows: caseStatements(row) })
      expect(await store.commitTurn(t)).toBe('conflict')
      expect(await cases.byNumber(row.caseNumber)).toBeUndefined()
    })

    it('counts wrong PIN tries per case number since a time', async () => {
      const cases = new CaseStore(await open())
      const n = unique('TH')
      const wrongAt = (at: string) =>
        pinCheckStatements({ caseNumber: n, at, since: '2000-01-01', maxWrong: 5, wrong: true })
      await cases.commitCheck(wrongAt('2026-01-01T00:00:00.000Z'))
      await cases.commitCheck(wrongAt('2026-01-01T00:10:00.000Z'))
      expect(await cases.wrongAttempts(n, '2026-01-01T00:05:00.000Z')).toEqual([
        '2026-01-01T00:10:00.000Z',
      ])
    })

    it('prunes the wrong tries, of every number, older than a check says', async () => {
      const cases = new CaseStore(await open())
      const [a, b] = [unique('TH'), unique('TH')]
      const wrong = (n: string, at: string, pruneBefore?: string) =>
        cases.commitCheck(
          pinCheckStatements({
            caseNumber: n,
            at,
            since: '2000-01-01',
            maxWrong: 5,
            wrong: true,
            ...(pruneBefore && { pruneBefore }),
          }),
        )
      await wrong(a, '2025-12-30T00:00:00.000Z')
      await wrong(b, '2025-12-30T00:00:00.000Z')
      await wrong(a, '2026-01-01T00:00:00.000Z', '2025-12-31T00:00:00.000Z')
      expect(await cases.wrongAttempts(a, '2000-01-01')).toEqual(['2026-01-01T00:00:00.000Z'])
      expect(await cases.wrongAttempts(b, '2000-01-01')).toEqual([])
    })

    it('refuses PIN checks, right or wrong, once the window holds the most wrong tries', async () => {
      const cases = new CaseStore(await open())
      const n = unique('TH')
      const check = (wrong: boolean, minute: number) =>
        cases.commitCheck(
          pinCheckStatements({
            caseNumber: n,
            at: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
            since: '2026-01-01T00:00:00.000Z',
            maxWrong: 2,
            wrong,
          }),
        )
      // Two of three checks at once get in. Tries before the window do not count, nor do tries
      // stamped later than the check (another instance's clock running ahead).
      await check(true, 0)
      await check(true, 30)
      const together = await Promise.all([check(true, 1), check(true, 1), check(true, 1)])
      expect(together.sort()).toEqual(['locked', 'ok', 'ok'])
      expect(await check(false, 2)).toBe('locked')
      expect(await cases.wrongAttempts(n, '2026-01-01T00:00:30.000Z')).toHaveLength(3)
    })
  })
}

function caseRow(caseNumber: string, submissionKey: string): CaseRow {
  return {
    caseNumber,
    submissionKey,
    source: 'chat',
    conversationId: null,
    status: 'received',
    urgency: 'urgent',
    concerns: ['abuse'],
    region: 'qinzhou',
    place: null,
    age: 8.5,
    what: 'what happened',
    inDanger: false,
    happeningNow: null,
    hurt: true,
    reporterRole: 'teacher',
    anonymous: false,
    reporterSealed: 's1.k.iv.ct',
    pinSealed: 's1.k.iv.pin',
    keyId: 'k',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    assignedTo: null,
    closeReason: null,
  }
}
