/**
 * @module store/outbox
 * What the push channels' deliverer reads and writes: the replies still to send (in order per
 * conversation: a later turn waits while an earlier one is undelivered), a lease so that two
 * instances never send a turn at once, and the outcome of each try. A channel that answers in
 * the webhook's response (WeChat's passive reply) holds its turn's rows and takes or releases them.
 */
import type { SqlDriver } from './driver.js'

export interface DueRow {
  id: number
  conversationId: string
  turnId: string
  idx: number
  channel: string
  /** Sealed reply JSON. */
  reply: string
  attempts: number
  replyToken: string | null
  replyUntil: string | null
  userKey: string
  /** The conversation's state JSON (for its language). */
  state: string
}

export class OutboxStore {
  constructor(private readonly db: SqlDriver) {}

  /** Rows due on these channels at `now`, oldest first, at most `limit`. */
  async due(
    channels: readonly string[],
    now: string,
    maxAttempts: number,
    limit: number,
  ): Promise<DueRow[]> {
    if (channels.length === 0) return []
    const rows = await this.db.read({
      sql: `SELECT o.id, o.conversation_id, o.turn_id, o.idx, o.channel, o.reply, o.attempts,
              o.reply_token, o.reply_until, c.user_key, c.state
            FROM outbox o JOIN conversations c ON c.id = o.conversation_id
            WHERE o.delivered_at IS NULL AND o.channel IN (${channels.map(() => '?').join(', ')})
              AND o.attempts < ? AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
              AND (o.lease_until IS NULL OR o.lease_until < ?)
              AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.conversation_id = o.conversation_id
                AND e.delivered_at IS NULL AND e.id < o.id AND e.turn_id <> o.turn_id)
            ORDER BY o.id LIMIT ?`,
      args: [...channels, maxAttempts, now, now, limit],
    })
    return rows.map((r) => ({
      id: Number(r['id']),
      conversationId: String(r['conversation_id']),
      turnId: String(r['turn_id']),
      idx: Number(r['idx']),
      channel: String(r['channel']),
      reply: String(r['reply']),
      attempts: Number(r['attempts']),
      replyToken: r['reply_token'] === null ? null : String(r['reply_token']),
      replyUntil: r['reply_until'] === null ? null : String(r['reply_until']),
      userKey: String(r['user_key']),
      state: String(r['state']),
    }))
  }

  /**
   * Takes a turn's undelivered rows until `until`; false when another deliverer holds them. The
   * reply token (read by `due`) is given up in the same write: it is used once, by this try,
   * whatever comes of it.
   */
  async lease(turnId: string, until: string, now: string): Promise<boolean> {
    const [changed] = await this.db.write([
      {
        sql: `UPDATE outbox SET lease_until = ?, reply_token = NULL
              WHERE turn_id = ? AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until < ?)`,
        args: [until, turnId, now],
      },
    ])
    return (changed ?? 0) > 0
  }

  /**
   * A turn's rows that its channel held for its own answer (inserted with lease `hold`, see
   * InboundMessage.hold), taken until `until`; none when the hold has passed or the rows are gone
   * to the deliverer. The taker marks them delivered, or releases them to the deliverer.
   */
  async claimHeld(
    turnId: string,
    hold: string,
    until: string,
    now: string,
  ): Promise<{ id: number; reply: string }[]> {
    const [changed] = await this.db.write([
      {
        sql: `UPDATE outbox SET lease_until = ?
              WHERE turn_id = ? AND delivered_at IS NULL AND lease_until = ? AND lease_until > ?`,
        args: [until, turnId, hold, now],
      },
    ])
    if ((changed ?? 0) === 0) return []
    const rows = await this.db.read({
      sql: `SELECT id, reply FROM outbox WHERE turn_id = ? AND delivered_at IS NULL AND lease_until = ?
            ORDER BY idx`,
      args: [turnId, until],
    })
    return rows.map((r) => ({ id: Number(r['id']), reply: String(r['reply']) }))
  }

  /** Gives a turn's rows held under `lease` to the deliverer (due at once). */
  async release(turnId: string, lease: string): Promise<void> {
    await this.db.write([
      {
        sql: `UPDATE outbox SET lease_until = NULL
              WHERE turn_id = ? AND delivered_at IS NULL AND lease_until = ?`,
        args: [turnId, lease],
      },
    ])
  }

  async delivered(ids: number[], at: string): Promise<void> {
    await this.db.write([
      {
        sql: `UPDATE outbox SET delivered_at = ?, lease_until = NULL
              WHERE id IN (${ids.map(() => '?').join(', ')})`,
        args: [at, ...ids],
      },
    ])
  }

  /** A failed try: counted, and not tried again before `next`. */
  async failed(turnId: string, next: string, giveUp: boolean, maxAttempts: number): Promise<void> {
    // Given up: the attempts are set to the limit, so `due` no longer returns the turn.
    await this.db.write([
      {
        sql: `UPDATE outbox SET attempts = CASE WHEN ? THEN ? ELSE attempts + 1 END,
                next_attempt_at = ?, lease_until = NULL
              WHERE turn_id = ? AND delivered_at IS NULL`,
        args: [giveUp ? 1 : 0, maxAttempts, next, turnId],
      },
    ])
  }
}
