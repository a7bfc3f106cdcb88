/**
 * @module store/retention
 * Keeping data only as long as needed. A user's 删除我的记录 erases their conversation in the turn
 * that confirms it (its messages, the answers kept, the operators' notes, the replies sent), and
 * retention deletes conversations silent for `retentionDays` the same way, the conversation row
 * too. What a case needs stays: the case rows, unlinked from the conversation (its id holds the
 * user's key). Queue items keep their times and urgency for the figures, under an id that no
 * longer names the user. A conversation with an open queue item or a case not yet closed is kept
 * until both are done. Kept screening results (`results`: a region and facts, no name, no link to
 * the conversation) go when they are `retentionDays` old: a result code reopens them until then.
 * The audit log is append-only and never held what a user wrote.
 */
import type { Logger } from '../chat/log.js'
import type { SqlDriver, Stmt } from './driver.js'

/**
 * Conversations deleted per write: short writes, and within D1's 100 bound parameters a statement
 * (the ids and the cutoff).
 */
const BATCH = 90

/**
 * What erasing conversations deletes. `keepTurn`: except that turn (the one that confirms it: its
 * answer is how the user learns it is done, and a redelivery gets the same answer). `before`: only
 * what is older than that time (retention: a message that comes while it runs is kept).
 */
export function eraseStatements(
  conversationIds: string[],
  at: string,
  scope: { keepTurn?: string; before?: string } = {},
): Stmt[] {
  // One statement a table for the whole batch: inbound_messages has no index by conversation, so
  // each statement reads the table once.
  const these = `conversation_id IN (${conversationIds.map(() => '?').join(', ')})`
  const only = (column: string, turnColumn?: string): { sql: string; args: string[] } => {
    const parts: string[] = []
    const args: string[] = []
    if (scope.before !== undefined) {
      parts.push(` AND ${column} < ?`)
      args.push(scope.before)
    }
    if (turnColumn && scope.keepTurn !== undefined) {
      parts.push(` AND ${turnColumn} <> ?`)
      args.push(scope.keepTurn)
    }
    return { sql: parts.join(''), args }
  }
  const where = (table: string, column: string, turnColumn?: string): Stmt => {
    const extra = only(column, turnColumn)
    return {
      sql: `DELETE FROM ${table} WHERE ${these}${extra.sql}`,
      args: [...conversationIds, ...extra.args],
    }
  }
  const handoffs = only('created_at')
  return [
    where('inbound_messages', 'received_at', 'id'),
    where('outbox', 'created_at', 'turn_id'),
    where('handoff_notes', 'at'),
    {
      // The channel stays in front of the new id (the figures count queue items by channel).
      sql: `UPDATE handoffs SET
              status = CASE WHEN status IN ('queued', 'assigned') THEN 'closed' ELSE status END,
              closed_at = COALESCE(closed_at, ?),
              conversation_id = substr(conversation_id, 1, instr(conversation_id, ':')) || 'erased:' || id
            WHERE ${these}${handoffs.sql}`,
      args: [at, ...conversationIds, ...handoffs.args],
    },
    {
      sql: `UPDATE cases SET conversation_id = NULL WHERE ${these}`,
      args: conversationIds,
    },
  ]
}

export class RetentionStore {
  constructor(private readonly db: SqlDriver) {}

  /**
   * Deletes every conversation silent since before `cutoff` (ISO time) that has no open queue
   * item and no case still open, with its messages; resolves how many were deleted.
   */
  async purge(cutoff: string, at: string): Promise<number> {
    let deleted = 0
    for (;;) {
      const rows = await this.db.read({
        sql: `SELECT id FROM conversations c WHERE updated_at < ?
                AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id
                  AND h.status IN ('queued', 'assigned'))
                AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.conversation_id = c.id
                  AND k.status <> 'closed')
              LIMIT ?`,
        args: [cutoff, BATCH],
      })
      const ids = rows.map((r) => String(r['id']))
      if (ids.length === 0) break
      await this.db.write([
        ...eraseStatements(ids, at, { before: cutoff }),
        // Only if it is still silent: a message that came meanwhile keeps it.
        {
          sql: `DELETE FROM conversations WHERE id IN (${ids.map(() => '?').join(', ')})
                  AND updated_at < ?`,
          args: [...ids, cutoff],
        },
      ])
      deleted += ids.length
      if (ids.length < BATCH) break
    }
    await this.db.write([
      // Messages whose conversation never got a turn (given up on, or never answered).
      {
        sql: `DELETE FROM inbound_messages WHERE received_at < ? AND status <> 'pending'
                AND conversation_id NOT IN (SELECT id FROM conversations)`,
        args: [cutoff],
      },
      { sql: 'DELETE FROM results WHERE created_at < ?', args: [cutoff] },
    ])
    return deleted
  }
}

/** How often Node runs retention (workerd: the cron trigger, on the hour). */
export const RETENTION_EVERY_MS = 3_600_000

/**
 * Deletes what is older than `days` days now; logs how many conversations went (never which), or
 * that it failed (it is tried again at the next run). Resolves how many were deleted.
 */
export async function applyRetention(
  store: RetentionStore,
  days: number,
  now: Date,
  log: Logger,
): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString()
  try {
    const deleted = await store.purge(cutoff, now.toISOString())
    if (deleted > 0) log.info('retention_deleted', { conversations: deleted, days })
    return deleted
  } catch (e) {
    log.error('retention_failed', { kind: e instanceof Error ? e.name : 'unknown' })
    return 0
  }
}
