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
import { handleMessage, type ChatDeps } from '../../src/chat/handle-message.js'
import { jsonLogger } from '../../src/chat/log.js'
import { Metrics } from '../../src/chat/metrics.js'
import { compiled } from '../../src/generated/content.js'
import { loadKeyring } from '../../src/reports/keyring.js'
import { cryptoRandom } from '../../src/reports/services.js'
import { Passwords } from '../../src/console/password.js'
import { nobleScrypt } from '../../src/console/noble-scrypt.js'

/** The lockout's numbers for the contract (the service's are PIN_LIMITS in follow-up.ts). */
const LIMITS = { perClientCase: 5, perClient: 20, perCase: 5 }

/** 32 bytes of 0x02, base64: a test key for the chat below (never a real one). */
const CHAT_KEY = 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI='

/** The chat host on this store, with report services (keyed ids, sealed messages and answers). */
async function chatOn(db: SqlDriver): Promise<ChatDeps> {
  let n = 0
  return {
    store: new ConversationStore(db),
    content: compiled,
    clock: () => new Date('2026-03-02T01:00:00Z'),
    ids: () => unique(`id${n++}`),
    log: jsonLogger(() => undefined),
    metrics: new Metrics(),
    reports: {
      cases: new CaseStore(db),
      keys: await loadKeyring(CHAT_KEY),
      pins: new Passwords(nobleScrypt, { log2N: 4, r: 8, p: 1 }),
      random: cryptoRandom,
      triage: compiled.triage,
    },
  }
}

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
    it('keeps user and message ids as keyed hashes: a redelivery is found and gets its first answer', async () => {
      const db = await open()
      const deps = await chatOn(db)
      const userKey = unique('secret-user')
      const send = (messageId: string, text: string) =>
        handleMessage(deps, { channel: 'web', userKey, messageId, input: { kind: 'text', text } })
      const first = await send('secret-m1', '你好')
      const second = await send('secret-m2', '3')
      // Redelivered, also by another instance (a store with nothing in memory): the first answers.
      expect(await send('secret-m2', '3')).toEqual(second)
      const elsewhere = { ...deps, store: new ConversationStore(db) }
      const again = await handleMessage(elsewhere, {
        channel: 'web',
        userKey,
        messageId: 'secret-m1',
        input: { kind: 'text', text: '你好' },
      })
      expect(again).toEqual(first)
      const rows = [
        ...(await db.read({
          sql: 'SELECT * FROM inbound_messages WHERE conversation_id = ?',
          args: [first.conversationId],
        })),
        ...(await db.read({
          sql: 'SELECT * FROM conversations WHERE id = ?',
          args: [first.conversationId],
        })),
      ]
      expect(rows).toHaveLength(3)
      const stored = JSON.stringify(rows)
      for (const secret of [userKey, 'secret-m1', 'secret-m2']) expect(stored).not.toContain(secret)
      expect(first.conversationId).toMatch(/^web:[\w-]{43}$/)
      // What a push channel needs back, the user's own id, opens with the key.
      const conversation = await deps.store.byId(first.conversationId)
      expect(await deps.reports!.keys.open(conversation!.userKey)).toBe(userKey)
    })

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
        pinCheckStatements({
          caseNumber: n,
          client: 'c',
          at,
          since: '2000-01-01',
          limits: LIMITS,
          wrong: true,
        })
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
            client: unique('client'),
            at,
            since: '2000-01-01',
            limits: LIMITS,
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

    it("refuses a client's PIN checks, right or wrong, once the window holds its most wrong tries", async () => {
      const cases = new CaseStore(await open())
      const n = unique('TH')
      const limits = { perClientCase: 2, perClient: 100, perCase: 100 }
      const check = (wrong: boolean, minute: number) =>
        cases.commitCheck(
          pinCheckStatements({
            caseNumber: n,
            client: 'guesser',
            at: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
            since: '2026-01-01T00:00:00.000Z',
            limits,
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

    it("a stranger's wrong tries lock the stranger, never a client who has not been guessing", async () => {
      const cases = new CaseStore(await open())
      const limits = { perClientCase: 2, perClient: 3, perCase: 3 }
      const at = '2026-01-01T00:01:00.000Z'
      const since = '2026-01-01T00:00:00.000Z'
      const stranger = unique('stranger')
      const check = (caseNumber: string, client: string, wrong: boolean) =>
        cases.commitCheck(pinCheckStatements({ caseNumber, client, at, since, limits, wrong }))
      const locked = (caseNumber: string, client: string) =>
        cases.pinLocked({ caseNumber, client, at, since, limits })
      const [n, m, fresh] = [unique('TH'), unique('TH'), unique('TH')]
      // Per client and case: the stranger is locked on n, the holder is not.
      expect([await check(n, stranger, true), await check(n, stranger, true)]).toEqual(['ok', 'ok'])
      expect(await locked(n, stranger)).toBe(true)
      expect(await check(n, stranger, false)).toBe('locked')
      expect(await locked(n, 'holder')).toBe(false)
      expect(await check(n, 'holder', false)).toBe('ok')
      // Per client over every number: one more wrong try elsewhere locks the stranger everywhere.
      expect(await check(m, stranger, true)).toBe('ok')
      expect(await locked(fresh, stranger)).toBe(true)
      // A number under attack (3 wrong tries by three clients): a client who has guessed on it is
      // refused, a client who has not is answered.
      const k = unique('TH')
      const [x, y, z] = [unique('x'), unique('y'), unique('z')]
      for (const guesser of [x, y, z]) expect(await check(k, guesser, true)).toBe('ok')
      expect(await locked(k, x)).toBe(true)
      expect(await check(k, x, false)).toBe('locked')
      expect(await locked(k, 'holder')).toBe(false)
      expect(await check(k, 'holder', false)).toBe('ok')
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
    pinHash: 'scrypt$4$8$1$salt$hash',
    pinSealed: null,
    keyId: 'k',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    assignedTo: null,
    closeReason: null,
  }
}
