/**
 * @module store/conversations
 * The conversation repository: store a message, load where the user is, and commit a turn
 * atomically with an optimistic check on the turn number.
 *
 * It remembers the state it last loaded or committed for recent conversations, so a turn does not
 * read and parse what this process wrote a moment ago. That is safe across processes because a
 * turn commits only on top of the turn number it started from: if another process moved the
 * conversation on, the commit conflicts, the memory is dropped and the turn runs again on what the
 * database holds. (It relies on every change to `conversations` going through `commitTurn`.)
 */
import type { ConversationState, Effect, EngineEvent, Reply } from '../engine/types.js'
import { StoreConflictError, type SqlDriver, type Stmt } from './driver.js'
import { conversationRef } from './ref.js'
import { handoffStatements } from './handoffs.js'
import { eraseStatements } from './retention.js'
import { keptResult, type KeptResult } from './results.js'

/** How many conversations' states are kept in memory (the least recently used go first). */
const RECENT = 10_000

export interface InboundRecord {
  id: string
  conversationId: string
  payload: string
  receivedAt: string
}

export type InboundStatus =
  | { kind: 'unknown' }
  | {
      kind: 'stored'
      status: 'pending' | 'processed'
      response: string | null
      /** The message as stored (sealed while report services are on). */
      payload: string
    }

/**
 * An effect as a turn keeps it: a case effect keeps no contact, PIN or report text, only
 * which case it opened; a kept result, only its code.
 */
export type StoredEffect =
  | Exclude<Effect, { type: 'open_case' } | { type: 'check_case' } | { type: 'save_result' }>
  | { type: 'open_case'; caseNumber: string }
  | { type: 'check_case' }
  | { type: 'save_result'; code: string }

export interface StoredConversation {
  seq: number
  /** Null when the stored state cannot be read (it is then started afresh). */
  state: ConversationState | null
}

export interface TurnRecord {
  conversationId: string
  channel: string
  userKey: string
  /** The turn number this commit claims: the loaded seq + 1. */
  seq: number
  /** The console's name for the conversation (see conversationRef). */
  ref: string
  /** Where the user was before this turn (the question waiting), kept with a hand-off. */
  from?: { flow: string; node: string } | undefined
  /** The message this turn answers; stored with it if it is not stored yet. */
  inbound: InboundRecord
  mode: string
  flow: string | null
  node: string | null
  state: ConversationState
  replies: Reply[]
  effects: StoredEffect[]
  events: EngineEvent[]
  /** Rows the host prepared for its effects (a case), written in the same transaction. */
  effectRows?: Stmt[]
  response: string
  at: string
  /** Ids for any rows the effects create (handoffs). */
  newId(): string
}

export class ConversationStore {
  constructor(private readonly db: SqlDriver) {}

  private readonly recent = new Map<string, StoredConversation>()

  /**
   * Stores an inbound message as pending. 'duplicate' when its id is stored already (the first
   * one is kept as it was).
   */
  async recordInbound(m: InboundRecord): Promise<'new' | 'duplicate'> {
    const [changes] = await this.db.write([
      {
        sql: `INSERT INTO inbound_messages (id, conversation_id, payload, received_at, status)
              VALUES (?, ?, ?, ?, 'pending') ON CONFLICT(id) DO NOTHING`,
        args: [m.id, m.conversationId, m.payload, m.receivedAt],
      },
    ])
    return changes === 1 ? 'new' : 'duplicate'
  }

  async inboundStatus(id: string): Promise<InboundStatus> {
    const [row] = await this.db.read({
      sql: 'SELECT status, response, payload FROM inbound_messages WHERE id = ?',
      args: [id],
    })
    if (!row) return { kind: 'unknown' }
    return {
      kind: 'stored',
      status: row['status'] === 'processed' ? 'processed' : 'pending',
      response: (row['response'] as string | null) ?? null,
      payload: String(row['payload']),
    }
  }

  /** Where a conversation stands: from memory when this store committed its last turn. */
  async load(conversationId: string): Promise<StoredConversation | undefined> {
    const known = this.recent.get(conversationId)
    if (known) {
      this.remember(conversationId, known)
      return known
    }
    const [row] = await this.db.read({
      sql: 'SELECT seq, state FROM conversations WHERE id = ?',
      args: [conversationId],
    })
    if (!row) return undefined
    const stored = { seq: Number(row['seq']), state: parseState(String(row['state'])) }
    this.remember(conversationId, stored)
    return stored
  }

  private remember(conversationId: string, stored: StoredConversation): void {
    this.recent.delete(conversationId)
    this.recent.set(conversationId, stored)
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value!)
  }

  /** Messages stored but never answered (a crash between the two); oldest first. */
  /**
   * A pending message given up on (too old to answer at a restart): `expired`, kept in the table
   * for whoever looks, and no longer among the pending. Resolves whether it was still pending.
   */
  async expireInbound(id: string): Promise<boolean> {
    const [changes] = await this.db.write([
      {
        sql: `UPDATE inbound_messages SET status = 'expired' WHERE id = ? AND status = 'pending'`,
        args: [id],
      },
    ])
    return changes === 1
  }

  async pendingInbound(): Promise<InboundRecord[]> {
    const rows = await this.db.read({
      sql: `SELECT id, conversation_id, payload, received_at FROM inbound_messages WHERE status = 'pending' ORDER BY received_at, id`,
      args: [],
    })
    return rows.map((r) => ({
      id: String(r['id']),
      conversationId: String(r['conversation_id']),
      payload: String(r['payload']),
      receivedAt: String(r['received_at']),
    }))
  }

  /**
   * Commits a turn: the message stored (if it is not yet) and marked answered with its turn, the
   * conversation's new state and the effects' rows, all or nothing. Resolves `conflict` when
   * another turn took this seq (or this message was already answered): reload and try again.
   *
   * Both checks are NOT NULL columns set to NULL when the check fails, so the failing statement
   * aborts the whole write on every driver (a D1 batch has no way to abort on a row count). The
   * same for a turn after the first of a conversation that is not there (retention deleted it
   * while this process remembered it): it conflicts and runs again on what the database holds.
   */
  async commitTurn(t: TurnRecord): Promise<'committed' | 'conflict'> {
    const { inbound } = t
    const stmts: Stmt[] = [
      {
        sql: `INSERT INTO inbound_messages (id, conversation_id, payload, received_at, status,
                response, seq, replies, effects, events, answered_at, flow, node)
              VALUES (?, ?, ?, ?,
                CASE WHEN ? = 1 OR EXISTS (SELECT 1 FROM conversations WHERE id = ?)
                  THEN 'processed' END,
                ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT(id) DO UPDATE SET
                status = CASE inbound_messages.status WHEN 'pending' THEN 'processed' END,
                response = excluded.response, seq = excluded.seq, replies = excluded.replies,
                effects = excluded.effects, events = excluded.events,
                answered_at = excluded.answered_at, flow = excluded.flow, node = excluded.node`,
        args: [
          inbound.id,
          inbound.conversationId,
          inbound.payload,
          inbound.receivedAt,
          t.seq,
          t.conversationId,
          t.response,
          t.seq,
          JSON.stringify(t.replies),
          JSON.stringify(t.effects),
          JSON.stringify(t.events),
          t.at,
          t.flow,
          t.node,
        ],
      },
      {
        sql: `INSERT INTO conversations (id, channel, user_key, seq, mode, flow, node, state,
                updated_at, ref)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT(id) DO UPDATE SET
                seq = CASE conversations.seq WHEN excluded.seq - 1 THEN excluded.seq END,
                mode = excluded.mode, flow = excluded.flow, node = excluded.node,
                state = excluded.state, updated_at = excluded.updated_at,
                ref = COALESCE(conversations.ref, excluded.ref)`,
        args: [
          t.conversationId,
          t.channel,
          t.userKey,
          t.seq,
          t.mode,
          t.flow,
          t.node,
          JSON.stringify(t.state),
          t.at,
          t.ref,
        ],
      },
    ]
    for (const effect of t.effects) stmts.push(...handoffStatements(effect, t))
    if (t.effects.some((e) => e.type === 'erase_conversation'))
      stmts.push(...eraseStatements([t.conversationId], t.at, { keepTurn: inbound.id }))
    stmts.push(...(t.effectRows ?? []))
    try {
      await this.db.write(stmts)
    } catch (e) {
      this.recent.delete(t.conversationId)
      if (e instanceof StoreConflictError) return 'conflict'
      throw e
    }
    this.remember(t.conversationId, { seq: t.seq, state: t.state })
    return 'committed'
  }

  /** A conversation by the console's name for it: its id, channel and user, mode and state. */
  async byRef(ref: string): Promise<ConversationRecord | undefined> {
    const [row] = await this.db.read({
      sql: 'SELECT id, channel, user_key, seq, mode, state, updated_at FROM conversations WHERE ref = ?',
      args: [ref],
    })
    return row && toRecord(row, ref)
  }

  /** Gives a conversation its ref if it has none (stored before refs existed); resolves the ref. */
  async ensureRef(id: string): Promise<string> {
    const ref = await conversationRef(id)
    await this.db.write([
      { sql: 'UPDATE conversations SET ref = ? WHERE id = ? AND ref IS NULL', args: [ref, id] },
    ])
    return ref
  }

  /** The same by conversation id. */
  async byId(id: string): Promise<ConversationRecord | undefined> {
    const [row] = await this.db.read({
      sql: 'SELECT id, channel, user_key, seq, mode, state, updated_at, ref FROM conversations WHERE id = ?',
      args: [id],
    })
    return row && toRecord(row, String(row['ref'] ?? ''))
  }

  /** The answered turns of a conversation after turn `after`, oldest first (at most `limit`). */
  async turns(conversationId: string, after: number, limit: number): Promise<StoredTurn[]> {
    const rows = await this.db.read({
      sql: `SELECT * FROM (SELECT seq, payload, replies, events, answered_at FROM inbound_messages
              WHERE conversation_id = ? AND status = 'processed' AND seq > ?
              ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
      args: [conversationId, after, limit],
    })
    return rows.map((r) => ({
      seq: Number(r['seq']),
      payload: String(r['payload']),
      replies: JSON.parse(String(r['replies'] ?? '[]')) as Reply[],
      events: JSON.parse(String(r['events'] ?? '[]')) as EngineEvent[],
      at: String(r['answered_at']),
    }))
  }

  /** An operator's internal note (sealed by the caller). */
  async addNote(n: {
    id: string
    conversationId: string
    author: string
    note: string
    at: string
  }): Promise<void> {
    await this.db.write([
      {
        sql: 'INSERT INTO handoff_notes (id, conversation_id, author, note, at) VALUES (?, ?, ?, ?, ?)',
        args: [n.id, n.conversationId, n.author, n.note, n.at],
      },
    ])
  }

  async notes(conversationId: string): Promise<{ author: string; note: string; at: string }[]> {
    const rows = await this.db.read({
      sql: 'SELECT author, note, at FROM handoff_notes WHERE conversation_id = ? ORDER BY at, id',
      args: [conversationId],
    })
    return rows.map((r) => ({
      author: String(r['author']),
      note: String(r['note']),
      at: String(r['at']),
    }))
  }

  /** Outbox replies of a conversation after `after` (the web page pulls them), oldest first. */
  async outboxAfter(
    conversationId: string,
    after: number,
  ): Promise<{ id: number; reply: string }[]> {
    const rows = await this.db.read({
      sql: 'SELECT id, reply FROM outbox WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT 50',
      args: [conversationId, after],
    })
    return rows.map((r) => ({ id: Number(r['id']), reply: String(r['reply']) }))
  }

  /** Whether the conversation has an item in the operators' queue (waiting or with someone). */
  async openHandoff(conversationId: string): Promise<boolean> {
    const rows = await this.db.read({
      sql: `SELECT 1 FROM handoffs WHERE conversation_id = ? AND status IN ('queued', 'assigned') LIMIT 1`,
      args: [conversationId],
    })
    return rows.length > 0
  }

  /** The newest outbox id of a conversation (0 when none): where a page starts pulling. */
  async outboxCursor(conversationId: string): Promise<number> {
    const [row] = await this.db.read({
      sql: 'SELECT max(id) AS id FROM outbox WHERE conversation_id = ?',
      args: [conversationId],
    })
    return Number(row?.['id'] ?? 0)
  }

  /** The screening kept under a result code (src/store/results.ts writes it with its turn). */
  async savedResult(code: string): Promise<KeptResult | undefined> {
    const [row] = await this.db.read({
      sql: 'SELECT region, as_of, answers, lang FROM results WHERE code = ?',
      args: [code],
    })
    return row && keptResult(row)
  }

  async handoffs(conversationId: string): Promise<{ status: string; reason: string }[]> {
    const rows = await this.db.read({
      sql: 'SELECT status, reason FROM handoffs WHERE conversation_id = ? ORDER BY created_at, id',
      args: [conversationId],
    })
    return rows.map((r) => ({ status: String(r['status']), reason: String(r['reason']) }))
  }
}

/** A conversation as the console reads it. */
export interface ConversationRecord {
  id: string
  ref: string
  channel: string
  userKey: string
  seq: number
  mode: string
  state: ConversationState | null
  updatedAt: string
}

/** One answered turn: the stored message (sealed), what was kept of the replies, the events. */
export interface StoredTurn {
  seq: number
  payload: string
  replies: Reply[]
  events: EngineEvent[]
  at: string
}

function toRecord(r: Record<string, unknown>, ref: string): ConversationRecord {
  return {
    id: String(r['id']),
    ref,
    channel: String(r['channel']),
    userKey: String(r['user_key']),
    seq: Number(r['seq']),
    mode: String(r['mode']),
    state: parseState(String(r['state'])),
    updatedAt: String(r['updated_at']),
  }
}

function parseState(json: string): ConversationState | null {
  try {
    return JSON.parse(json) as ConversationState
  } catch {
    return null
  }
}
