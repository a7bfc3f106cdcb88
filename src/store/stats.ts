/**
 * @module store/stats
 * The reads behind the supervisor's figures, over a period [from, to) of ISO times. Each returns
 * rows without anything a user wrote: ids, times, channels, regions, urgencies, statuses, and the
 * question a conversation was at. The console turns them into figures (src/console/stats.ts).
 * Written for SQLite and D1 alike (json_extract and json_each exist in both).
 */
import type { SqlDriver, SqlValue } from './driver.js'

const REGION = `json_extract(c.state, '$.vars.region')`
/** Whether the turn (a row of inbound_messages as `alias`) has an event with these fields. */
const hasEvent = (alias: string, fields: Record<string, string>): string =>
  `EXISTS (SELECT 1 FROM json_each(${alias}.events) e WHERE ${Object.entries(fields)
    .map(([k, v]) => `json_extract(e.value, '$.${k}') = '${v}'`)
    .join(' AND ')})`
/**
 * The operators' messages since `?`, as a table `replies` (conversation_id, answered_at). Operator
 * turns are the messages whose id starts `op:` (chat/handle-message.ts): a range of the primary
 * key, so this reads those rows only, not every message (there is no index by conversation).
 */
const REPLIES = `replies AS (
  SELECT m.conversation_id, m.answered_at FROM inbound_messages m
  WHERE m.id >= 'op:' AND m.id < 'op;' AND m.answered_at >= ?
    AND ${hasEvent('m', { type: 'operator_action', action: 'message' })})`

export interface ConversationRow {
  id: string
  channel: string
  region: string | null
  firstAt: string
}

export interface HandoffRow {
  conversationId: string
  channel: string
  region: string | null
  reason: string
  urgency: string
  createdAt: string
  claimedAt: string | null
  /** The first operator message after it was queued (and before it closed). */
  firstReplyAt: string | null
}

export interface ReportRow {
  source: string
  conversationId: string | null
  region: string | null
  urgency: string
  status: string
  createdAt: string
}

export interface EmergencyRow {
  ref: string | null
  conversationId: string
  receivedAt: string
  answeredAt: string | null
  claimedAt: string | null
  firstReplyAt: string | null
}

export interface PositionCount {
  flow: string
  node: string
  n: number
}

const str = (v: SqlValue | undefined): string => String(v ?? '')
const opt = (v: SqlValue | undefined): string | null =>
  v === null || v === undefined ? null : String(v)
/** A conversation's channel; a queue item of a report sent to the API (`case:<number>`) is `api`. */
const channelOf = (id: string, channel: SqlValue | undefined): string => {
  const prefix = opt(channel) ?? id.slice(0, Math.max(0, id.indexOf(':')))
  return prefix === 'case' ? 'api' : prefix
}

export class StatsStore {
  constructor(private readonly db: SqlDriver) {}

  /** Every conversation with a message in the period: its channel, region and first message. */
  async conversations(from: string, to: string): Promise<ConversationRow[]> {
    const rows = await this.db.read({
      sql: `SELECT m.conversation_id AS id, min(m.received_at) AS first_at, c.channel AS channel,
              ${REGION} AS region
            FROM inbound_messages m LEFT JOIN conversations c ON c.id = m.conversation_id
            WHERE m.received_at >= ? AND m.received_at < ?
            GROUP BY m.conversation_id`,
      args: [from, to],
    })
    return rows.map((r) => ({
      id: str(r['id']),
      channel: channelOf(str(r['id']), r['channel']),
      region: opt(r['region']),
      firstAt: str(r['first_at']),
    }))
  }

  /** The queue items made in the period, with when a person took each and first wrote. */
  async handoffs(from: string, to: string): Promise<HandoffRow[]> {
    const rows = await this.db.read({
      sql: `WITH ${REPLIES}
            SELECT h.conversation_id, h.reason, h.urgency, h.created_at, h.claimed_at,
              c.channel AS channel, COALESCE(${REGION}, k.region) AS region,
              (SELECT min(r.answered_at) FROM replies r
                WHERE r.conversation_id = h.conversation_id AND r.answered_at >= h.created_at
                  AND (h.closed_at IS NULL OR r.answered_at <= h.closed_at)) AS first_reply_at
            FROM handoffs h LEFT JOIN conversations c ON c.id = h.conversation_id
              LEFT JOIN cases k ON k.case_number = h.case_number
            WHERE h.created_at >= ? AND h.created_at < ?`,
      args: [from, from, to],
    })
    return rows.map((r) => ({
      conversationId: str(r['conversation_id']),
      channel: channelOf(str(r['conversation_id']), r['channel']),
      region: opt(r['region']),
      reason: str(r['reason']),
      urgency: str(r['urgency']),
      createdAt: str(r['created_at']),
      claimedAt: opt(r['claimed_at']),
      firstReplyAt: opt(r['first_reply_at']),
    }))
  }

  /** Cases opened in the period (or, without a period, every case). */
  async reports(from?: string, to?: string): Promise<ReportRow[]> {
    const rows = await this.db.read({
      sql: `SELECT source, conversation_id, region, urgency, status, created_at FROM cases
            ${from === undefined ? '' : 'WHERE created_at >= ? AND created_at < ?'}`,
      args: from === undefined ? [] : [from, to ?? ''],
    })
    return rows.map((r) => ({
      source: str(r['source']),
      conversationId: opt(r['conversation_id']),
      region: opt(r['region']),
      urgency: str(r['urgency']),
      status: str(r['status']),
      createdAt: str(r['created_at']),
    }))
  }

  /**
   * The messages of the period triage read as an emergency: when each came, when the bot answered,
   * and when a person first took the conversation and first wrote after it.
   */
  async emergencies(from: string, to: string): Promise<EmergencyRow[]> {
    const rows = await this.db.read({
      sql: `WITH ${REPLIES}
            SELECT m.conversation_id, m.received_at, m.answered_at, c.ref AS ref,
              (SELECT min(h.claimed_at) FROM handoffs h WHERE h.conversation_id = m.conversation_id
                AND h.claimed_at >= m.received_at) AS claimed_at,
              (SELECT min(r.answered_at) FROM replies r
                WHERE r.conversation_id = m.conversation_id
                  AND r.answered_at >= m.received_at) AS first_reply_at
            FROM inbound_messages m LEFT JOIN conversations c ON c.id = m.conversation_id
            WHERE m.received_at >= ? AND m.received_at < ?
              AND m.events LIKE '%"danger_detected"%'
              AND ${hasEvent('m', { type: 'danger_detected', urgency: 'emergency' })}
            ORDER BY m.received_at`,
      args: [from, from, to],
    })
    return rows.map((r) => ({
      ref: opt(r['ref']),
      conversationId: str(r['conversation_id']),
      receivedAt: str(r['received_at']),
      answeredAt: opt(r['answered_at']),
      claimedAt: opt(r['claimed_at']),
      firstReplyAt: opt(r['first_reply_at']),
    }))
  }

  /** The stored states of conversations of the period that hold screening answers. */
  async screenings(from: string, to: string): Promise<{ state: string; updatedAt: string }[]> {
    const rows = await this.db.read({
      sql: `SELECT state, updated_at FROM conversations
            WHERE updated_at >= ? AND updated_at < ? AND state LIKE '%"screen.%'`,
      args: [from, to],
    })
    return rows.map((r) => ({ state: str(r['state']), updatedAt: str(r['updated_at']) }))
  }

  /** How many conversations rested at each question after a turn of the period. */
  async entered(from: string, to: string): Promise<PositionCount[]> {
    return this.positions(
      `SELECT flow, node, count(DISTINCT conversation_id) AS n FROM inbound_messages
       WHERE received_at >= ? AND received_at < ? AND node IS NOT NULL GROUP BY flow, node`,
      [from, to],
    )
  }

  /**
   * How many conversations of the period still wait at each question, silent since before
   * `idleBefore`: they left there.
   */
  async left(from: string, to: string, idleBefore: string): Promise<PositionCount[]> {
    return this.positions(
      `SELECT flow, node, count(*) AS n FROM conversations
       WHERE updated_at >= ? AND updated_at < ? AND updated_at < ? AND mode = 'bot'
         AND node IS NOT NULL GROUP BY flow, node`,
      [from, to, idleBefore],
    )
  }

  private async positions(sql: string, args: string[]): Promise<PositionCount[]> {
    const rows = await this.db.read({ sql, args })
    return rows.map((r) => ({ flow: str(r['flow']), node: str(r['node']), n: Number(r['n']) }))
  }
}
