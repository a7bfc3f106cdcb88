/**
 * @module store/case-work
 * What a hotline does with a case after the call: the status workflow (received → assessing →
 * referred → closed, a closed case with its reason), assignment to an operator, notes and
 * referrals. Every change is a row of `case_events` (append-only), written in the same transaction
 * as the change, and each change is conditional on what the operator saw (the status or assignee
 * before it), so two operators acting at once cannot overwrite each other unseen.
 */
import type { CaseStatus, CaseUrgency } from './cases.js'
import type { SqlDriver, Stmt } from './driver.js'

export const CASE_STATUSES = ['received', 'assessing', 'referred', 'closed'] as const
export const CLOSE_REASONS = [
  'resolved',
  'referred_elsewhere',
  'duplicate',
  'no_concern',
  'unable_to_contact',
] as const
export type CloseReason = (typeof CLOSE_REASONS)[number]

/** Where a case may go from each status (a closed case can be opened again, to assessing). */
export const NEXT_STATUS: Record<CaseStatus, readonly CaseStatus[]> = {
  received: ['assessing', 'referred', 'closed'],
  assessing: ['referred', 'closed'],
  referred: ['assessing', 'closed'],
  closed: ['assessing'],
}

export interface CaseListFilter {
  status?: CaseStatus
  urgency?: CaseUrgency
  /** A covered region's slug, or `national`. */
  region?: string
  /** web, line, wechat… for chat cases; `api` for those filed through the API. */
  channel?: string
  /** ISO times: created at or after `from`, before `to`. */
  from?: string
  to?: string
  limit: number
}

export interface CaseListItem {
  caseNumber: string
  status: CaseStatus
  urgency: CaseUrgency
  region: string | null
  channel: string
  createdAt: string
  assignedTo: string | null
}

export interface CaseEvent {
  at: string
  actor: string
  kind: 'status' | 'assign' | 'note' | 'referral'
  from: string | null
  to: string | null
  reason: string | null
  /** Sealed text of a note (the caller opens it). */
  note: string | null
}

const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/** The case's channel: the conversation's, or `api`. */
const CHANNEL = `COALESCE(conversations.channel, 'api')`

function eventStatement(
  e: Omit<CaseEvent, 'from'> & { caseNumber: string },
  fromColumn: string | null,
  where: string,
  whereArgs: (string | null)[],
): Stmt {
  return {
    sql: `INSERT INTO case_events (case_number, at, actor, kind, from_value, to_value, reason, note)
          SELECT case_number, ?, ?, ?, ${fromColumn ?? 'NULL'}, ?, ?, ? FROM cases
          WHERE case_number = ? AND ${where}`,
    args: [e.at, e.actor, e.kind, e.to, e.reason, e.note, e.caseNumber, ...whereArgs],
  }
}

export class CaseWork {
  constructor(private readonly db: SqlDriver) {}

  /** Cases by the filter: most urgent first, then newest. No identity or contact. */
  async list(f: CaseListFilter): Promise<CaseListItem[]> {
    const where: string[] = []
    const args: (string | number)[] = []
    const add = (sql: string, value: string | undefined): void => {
      if (value === undefined) return
      where.push(sql)
      args.push(value)
    }
    add('cases.status = ?', f.status)
    add('cases.urgency = ?', f.urgency)
    add('cases.region = ?', f.region)
    add(`${CHANNEL} = ?`, f.channel)
    add('cases.created_at >= ?', f.from)
    add('cases.created_at < ?', f.to)
    const rows = await this.db.read({
      sql: `SELECT cases.case_number, cases.status, cases.urgency, cases.region, cases.created_at,
              cases.assigned_to, ${CHANNEL} AS channel
            FROM cases LEFT JOIN conversations ON conversations.id = cases.conversation_id
            ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY CASE cases.urgency WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END,
              cases.created_at DESC, cases.case_number
            LIMIT ?`,
      args: [...args, f.limit],
    })
    return rows.map((r) => ({
      caseNumber: String(r['case_number']),
      status: String(r['status']) as CaseStatus,
      urgency: String(r['urgency']) as CaseUrgency,
      region: textOrNull(r['region']),
      channel: String(r['channel']),
      createdAt: String(r['created_at']),
      assignedTo: textOrNull(r['assigned_to']),
    }))
  }

  /** The channel a case came in on (see `list`). */
  async channelOf(caseNumber: string): Promise<string> {
    const [row] = await this.db.read({
      sql: `SELECT ${CHANNEL} AS channel FROM cases
            LEFT JOIN conversations ON conversations.id = cases.conversation_id
            WHERE cases.case_number = ?`,
      args: [caseNumber],
    })
    return String(row?.['channel'] ?? 'api')
  }

  /** The history of a case, oldest first. */
  async events(caseNumber: string): Promise<CaseEvent[]> {
    const rows = await this.db.read({
      sql: `SELECT at, actor, kind, from_value, to_value, reason, note FROM case_events
            WHERE case_number = ? ORDER BY id`,
      args: [caseNumber],
    })
    return rows.map((r) => ({
      at: String(r['at']),
      actor: String(r['actor']),
      kind: String(r['kind']) as CaseEvent['kind'],
      from: textOrNull(r['from_value']),
      to: textOrNull(r['to_value']),
      reason: textOrNull(r['reason']),
      note: textOrNull(r['note']),
    }))
  }

  /**
   * Moves a case from `from` to `to` (the caller has checked NEXT_STATUS), with the close reason
   * and a sealed note. False when the case is no longer at `from` (someone else moved it).
   */
  async changeStatus(c: {
    caseNumber: string
    from: CaseStatus
    to: CaseStatus
    reason: CloseReason | null
    noteSealed: string | null
    actor: string
    at: string
  }): Promise<boolean> {
    const [inserted] = await this.db.write([
      eventStatement({ ...c, kind: 'status', note: c.noteSealed }, 'status', 'status = ?', [
        c.from,
      ]),
      {
        sql: `UPDATE cases SET status = ?, close_reason = ?, updated_at = ?
              WHERE case_number = ? AND status = ?`,
        args: [c.to, c.reason, c.at, c.caseNumber, c.from],
      },
    ])
    return inserted === 1
  }

  /** Assigns a case to `to`; false when its assignee is no longer `from`. */
  async assign(c: {
    caseNumber: string
    from: string | null
    to: string
    actor: string
    at: string
  }): Promise<boolean> {
    const [inserted] = await this.db.write([
      eventStatement(
        { ...c, kind: 'assign', reason: null, note: null },
        'assigned_to',
        'assigned_to IS ?',
        [c.from],
      ),
      {
        sql: 'UPDATE cases SET assigned_to = ? WHERE case_number = ? AND assigned_to IS ?',
        args: [c.to, c.caseNumber, c.from],
      },
    ])
    return inserted === 1
  }

  async addNote(c: { caseNumber: string; noteSealed: string; actor: string; at: string }) {
    await this.db.write([
      eventStatement(
        { ...c, kind: 'note', to: null, reason: null, note: c.noteSealed },
        null,
        '1',
        [],
      ),
    ])
  }

  /**
   * Records a referral to a contact, once per contact: the first one moves a received or
   * assessing case to `referred` (with its status event); asking again for the same contact
   * changes nothing. The referral as recorded (the first one) is returned.
   */
  async refer(c: {
    caseNumber: string
    contactId: string
    actor: string
    at: string
  }): Promise<{ at: string; actor: string }> {
    const fresh = `NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_number = cases.case_number
                   AND e.kind = 'referral' AND e.to_value = ?)`
    await this.db.write([
      eventStatement(
        { ...c, kind: 'status', to: 'referred', reason: null, note: null },
        'status',
        `status IN ('received', 'assessing') AND ${fresh}`,
        [c.contactId],
      ),
      {
        sql: `UPDATE cases SET status = 'referred', close_reason = NULL, updated_at = ?
              WHERE case_number = ? AND status IN ('received', 'assessing') AND ${fresh}`,
        args: [c.at, c.caseNumber, c.contactId],
      },
      eventStatement(
        { ...c, kind: 'referral', to: c.contactId, reason: null, note: null },
        null,
        fresh,
        [c.contactId],
      ),
    ])
    const [first] = await this.db.read({
      sql: `SELECT at, actor FROM case_events WHERE case_number = ? AND kind = 'referral'
            AND to_value = ? ORDER BY id LIMIT 1`,
      args: [c.caseNumber, c.contactId],
    })
    return { at: String(first?.['at']), actor: String(first?.['actor']) }
  }
}
