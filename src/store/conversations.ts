/**
 * @module store/conversations
 * The conversation repository: store a message before processing it, load where the user is,
 * and commit a turn atomically with an optimistic check on the turn number.
 */
import type { Effect, EngineEvent, Reply } from '../engine/types.js'
import { StoreConflictError, type SqlDriver, type Stmt } from './driver.js'

export interface InboundRecord {
  id: string
  conversationId: string
  payload: string
  receivedAt: string
}

export type InboundOutcome =
  { kind: 'new' } | { kind: 'duplicate'; status: 'pending' | 'processed'; response: string | null }

/**
 * An effect as a turn keeps it: a case effect keeps no contact, PIN or report text, only
 * which case it opened.
 */
export type StoredEffect =
  | Exclude<Effect, { type: 'open_case' } | { type: 'check_case' }>
  | { type: 'open_case'; caseNumber: string }
  | { type: 'check_case' }

export interface StoredConversation {
  seq: number
  state: string
}

export interface TurnRecord {
  conversationId: string
  channel: string
  userKey: string
  /** The turn number this commit claims: the loaded seq + 1. */
  seq: number
  inboundId: string
  mode: string
  flow: string | null
  node: string | null
  state: string
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

  /** Stores an inbound message; on a duplicate id says what became of the first one. */
  async recordInbound(m: InboundRecord): Promise<InboundOutcome> {
    const [changes] = await this.db.write([
      {
        sql: `INSERT INTO inbound_messages (id, conversation_id, payload, received_at, status)
              VALUES (?, ?, ?, ?, 'pending') ON CONFLICT(id) DO NOTHING`,
        args: [m.id, m.conversationId, m.payload, m.receivedAt],
      },
    ])
    if (changes === 1) return { kind: 'new' }
    return this.inboundStatus(m.id)
  }

  async inboundStatus(id: string): Promise<InboundOutcome> {
    const [row] = await this.db.read({
      sql: 'SELECT status, response FROM inbound_messages WHERE id = ?',
      args: [id],
    })
    if (!row) return { kind: 'new' }
    return {
      kind: 'duplicate',
      status: row['status'] === 'processed' ? 'processed' : 'pending',
      response: (row['response'] as string | null) ?? null,
    }
  }

  async load(conversationId: string): Promise<StoredConversation | undefined> {
    const [row] = await this.db.read({
      sql: 'SELECT seq, state FROM conversations WHERE id = ?',
      args: [conversationId],
    })
    return row ? { seq: Number(row['seq']), state: String(row['state']) } : undefined
  }

  /** Messages stored but never answered (a crash between the two); oldest first. */
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
   * Commits a turn: the message marked answered with its turn, the conversation's new state and
   * the effects' rows, all or nothing. Resolves `conflict` when another turn took this seq (or
   * this message was already answered): reload and try again.
   *
   * Both checks are NOT NULL columns set to NULL when the check fails, so the failing statement
   * aborts the whole write on every driver (a D1 batch has no way to abort on a row count).
   */
  async commitTurn(t: TurnRecord): Promise<'committed' | 'conflict'> {
    const stmts: Stmt[] = [
      {
        sql: `UPDATE inbound_messages SET status = CASE status WHEN 'pending' THEN 'processed' END,
                response = ?, seq = ?, replies = ?, effects = ?, events = ?, answered_at = ?
              WHERE id = ?`,
        args: [
          t.response,
          t.seq,
          JSON.stringify(t.replies),
          JSON.stringify(t.effects),
          JSON.stringify(t.events),
          t.at,
          t.inboundId,
        ],
      },
      {
        sql: `INSERT INTO conversations (id, channel, user_key, seq, mode, flow, node, state, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT(id) DO UPDATE SET
                seq = CASE conversations.seq WHEN excluded.seq - 1 THEN excluded.seq END,
                mode = excluded.mode, flow = excluded.flow, node = excluded.node,
                state = excluded.state, updated_at = excluded.updated_at`,
        args: [
          t.conversationId,
          t.channel,
          t.userKey,
          t.seq,
          t.mode,
          t.flow,
          t.node,
          t.state,
          t.at,
        ],
      },
    ]
    for (const effect of t.effects) stmts.push(...effectStatements(effect, t))
    stmts.push(...(t.effectRows ?? []))
    try {
      await this.db.write(stmts)
      return 'committed'
    } catch (e) {
      if (e instanceof StoreConflictError) return 'conflict'
      throw e
    }
  }

  async handoffs(conversationId: string): Promise<{ status: string; reason: string }[]> {
    const rows = await this.db.read({
      sql: 'SELECT status, reason FROM handoffs WHERE conversation_id = ? ORDER BY created_at, id',
      args: [conversationId],
    })
    return rows.map((r) => ({ status: String(r['status']), reason: String(r['reason']) }))
  }
}

function effectStatements(effect: StoredEffect, t: TurnRecord): Stmt[] {
  switch (effect.type) {
    case 'queue_handoff':
      return [
        {
          sql: `INSERT INTO handoffs (id, conversation_id, reason, status, created_at) VALUES (?, ?, ?, 'queued', ?)`,
          args: [t.newId(), t.conversationId, effect.reason, t.at],
        },
      ]
    case 'cancel_handoff':
      return [
        {
          sql: `UPDATE handoffs SET status = 'cancelled' WHERE conversation_id = ? AND status = 'queued'`,
          args: [t.conversationId],
        },
      ]
    case 'lookup_contacts':
    case 'open_case':
    case 'check_case':
      return []
  }
}
