/**
 * @module store/handoffs
 * The operators' queue: the statements a turn commits for its hand-off effects (queue, claim,
 * transfer, requeue, close), and the reads the console and the queue notice need. A conversation
 * has at most one open hand-off (queued or assigned): queueing it again raises its urgency, never
 * adds a second item.
 */
import type { QueueUrgency } from '../engine/types.js'
import type { StoredEffect } from './conversations.js'
import type { SqlDriver, Stmt } from './driver.js'

const OPEN = `status IN ('queued', 'assigned')`
const RANK = (column: string): string =>
  `(CASE ${column} WHEN 'emergency' THEN 3 WHEN 'urgent' THEN 2 ELSE 1 END)`

export interface QueueEntry {
  id: string
  conversationId: string
  reason: string
  urgency: QueueUrgency
  createdAt: string
  claimedBy: string | null
  caseNumber: string | null
  fromFlow: string | null
  fromNode: string | null
}

/** Queues a conversation (or raises the urgency of its open item), with the case it is about. */
export function queueStatements(q: {
  id: string
  conversationId: string
  reason: string
  urgency: QueueUrgency
  at: string
  from?: { flow: string; node: string } | undefined
  caseNumber?: string | undefined
}): Stmt[] {
  return [
    {
      sql: `INSERT INTO handoffs (id, conversation_id, reason, status, created_at, urgency,
              from_flow, from_node, case_number)
            SELECT ?, ?, ?, 'queued', ?, ?, ?, ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM handoffs WHERE conversation_id = ? AND ${OPEN})`,
      args: [
        q.id,
        q.conversationId,
        q.reason,
        q.at,
        q.urgency,
        q.from?.flow ?? null,
        q.from?.node ?? null,
        q.caseNumber ?? null,
        q.conversationId,
      ],
    },
    {
      sql: `UPDATE handoffs SET urgency = ? WHERE conversation_id = ? AND ${OPEN}
              AND ${RANK('urgency')} < ${RANK('?')}`,
      args: [q.urgency, q.conversationId, q.urgency],
    },
    ...(q.caseNumber === undefined
      ? []
      : [
          {
            sql: `UPDATE handoffs SET case_number = ? WHERE conversation_id = ? AND ${OPEN}
                    AND case_number IS NULL`,
            args: [q.caseNumber, q.conversationId],
          },
        ]),
  ]
}

/** The statements for a turn's hand-off effect; other effects write nothing here. */
export function handoffStatements(
  effect: StoredEffect,
  turn: {
    conversationId: string
    at: string
    newId: () => string
    /** Where the user was before the turn (the question waiting), for the hand-off packet. */
    from?: { flow: string; node: string } | undefined
  },
): Stmt[] {
  const { conversationId, at, newId, from } = turn
  const open = (set: string, args: (string | null)[]): Stmt => ({
    sql: `UPDATE handoffs SET ${set} WHERE conversation_id = ? AND ${OPEN}`,
    args: [...args, conversationId],
  })
  switch (effect.type) {
    case 'queue_handoff':
      return queueStatements({
        id: newId(),
        conversationId,
        reason: effect.reason,
        urgency: effect.urgency,
        at,
        from,
      })
    case 'cancel_handoff':
      return [
        // Leaving the queue withdraws the user's own request; an item raised for danger or an
        // urgent report stays for the operators to see.
        {
          sql: `UPDATE handoffs SET status = 'cancelled', closed_at = ?
                WHERE conversation_id = ? AND status = 'queued' AND urgency = 'standard'`,
          args: [at, conversationId],
        },
      ]
    case 'claim_handoff':
      return [
        // A supervisor may take a conversation that is not queued: it gets an item first (at the
        // lowest urgency, so an item that is there already is left as it is).
        ...queueStatements({
          id: newId(),
          conversationId,
          reason: 'operator_opened',
          urgency: 'standard',
          at,
          from,
        }),
        open(
          `status = 'assigned', claimed_by = ?, claimed_at = COALESCE(claimed_at, ?),
           from_flow = COALESCE(from_flow, ?), from_node = COALESCE(from_node, ?)`,
          [effect.operator, at, from?.flow ?? null, from?.node ?? null],
        ),
      ]
    case 'transfer_handoff':
      return [open('claimed_by = ?', [effect.to])]
    case 'requeue_handoff':
      // claimed_at stays: it is when a person first took it (the wait estimate reads it).
      return [open(`status = 'queued', claimed_by = NULL`, [])]
    case 'close_handoff':
      return [open(`status = 'closed', closed_at = ?`, [at])]
    case 'open_case':
    case 'check_case':
    case 'erase_conversation':
    case 'save_result':
      return []
  }
}

function toEntry(r: Record<string, unknown>): QueueEntry {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
  return {
    id: String(r['id']),
    conversationId: String(r['conversation_id']),
    reason: String(r['reason']),
    urgency: String(r['urgency']) as QueueUrgency,
    createdAt: String(r['created_at']),
    claimedBy: text(r['claimed_by']),
    caseNumber: text(r['case_number']),
    fromFlow: text(r['from_flow']),
    fromNode: text(r['from_node']),
  }
}

export class HandoffStore {
  constructor(private readonly db: SqlDriver) {}

  /** Every open item, most urgent first, then longest waiting. */
  async open(): Promise<QueueEntry[]> {
    const rows = await this.db.read({
      sql: `SELECT * FROM handoffs WHERE ${OPEN} ORDER BY ${RANK('urgency')} DESC, created_at, id`,
      args: [],
    })
    return rows.map(toEntry)
  }

  /** The open item of one conversation, if any. */
  async openFor(conversationId: string): Promise<QueueEntry | undefined> {
    const [row] = await this.db.read({
      sql: `SELECT * FROM handoffs WHERE conversation_id = ? AND ${OPEN}`,
      args: [conversationId],
    })
    return row ? toEntry(row) : undefined
  }

  /**
   * How many waiting items come before this conversation's: more urgent ones, and as urgent ones
   * queued earlier. Its own item may not be written yet (the notice is made before the turn
   * commits): it then counts as queued now.
   */
  async ahead(conversationId: string, now: string): Promise<number> {
    const mine = await this.openFor(conversationId)
    const urgency = mine?.urgency ?? 'standard'
    const since = mine?.createdAt ?? now
    const [row] = await this.db.read({
      sql: `SELECT count(*) AS n FROM handoffs WHERE status = 'queued' AND conversation_id <> ?
              AND (${RANK('urgency')} > ${RANK('?')}
                OR (${RANK('urgency')} = ${RANK('?')} AND created_at <= ?))`,
      args: [conversationId, urgency, urgency, since],
    })
    return Number(row?.['n'] ?? 0)
  }

  /**
   * Minutes from queued to first taken, for the most recent items a person took from the queue
   * (at most `n`; not those an operator opened without a queue).
   */
  async recentWaits(n: number): Promise<number[]> {
    const rows = await this.db.read({
      sql: `SELECT created_at, claimed_at FROM handoffs
            WHERE claimed_at IS NOT NULL AND reason <> 'operator_opened'
            ORDER BY claimed_at DESC LIMIT ?`,
      args: [n],
    })
    return rows.map(
      (r) => (Date.parse(String(r['claimed_at'])) - Date.parse(String(r['created_at']))) / 60_000,
    )
  }
}
