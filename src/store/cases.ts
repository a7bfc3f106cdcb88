/**
 * @module store/cases
 * The case repository: the statements that create a case (run inside a chat turn's commit, or on
 * their own for the API), reads by case number and by submission, and the wrong-PIN record that
 * the lockout counts. Sealing happens before any of this: rows arrive with the reporter's contact
 * already encrypted and the PIN hashed.
 */
import type { ReportUrgency } from '../triage/assess-report.js'
import { StoreConflictError, type Row, type SqlDriver, type Stmt } from './driver.js'
import { queueStatements } from './handoffs.js'

/** The workflow is in store/case-work.ts. */
export type CaseStatus = 'received' | 'assessing' | 'referred' | 'closed'
/** How urgent a case is (triage's reading of the report). */
export type CaseUrgency = ReportUrgency

export interface CaseRow {
  caseNumber: string
  submissionKey: string
  source: 'chat' | 'api'
  conversationId: string | null
  status: CaseStatus
  urgency: CaseUrgency
  concerns: string[]
  region: string | null
  place: string | null
  age: number | null
  what: string
  inDanger: boolean | null
  happeningNow: boolean | null
  hurt: boolean | null
  reporterRole: string | null
  anonymous: boolean
  reporterSealed: string | null
  /** The PIN as scrypt; null only for cases from before migration 0012 (they have pinSealed). */
  pinHash: string | null
  /** The PIN sealed: an API case's retry receipt (null for a chat case). */
  pinSealed: string | null
  keyId: string
  createdAt: string
  /** The last status change. */
  updatedAt: string
  /** The operator working the case (store/case-work.ts sets it). */
  assignedTo: string | null
  closeReason: string | null
}

/** A handoff raised with the case (emergency and urgent reports). */
export interface CaseHandoff {
  id: string
  conversationId: string
  reason: string
}

const flag = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0)
const unflag = (v: unknown): boolean | null =>
  v === null || v === undefined ? null : Number(v) === 1
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/**
 * How many wrong PIN tries in a check's window lock whom (the policy is src/reports/follow-up.ts).
 * Tries are counted per client (a key for who asks: an address, a chat user), so that a stranger's
 * guesses lock the stranger, not the person who holds the PIN.
 */
export interface PinLimits {
  /** Wrong tries of one client on one case number. */
  perClientCase: number
  /** Wrong tries of one client over every number (guessing numbers, not PINs). */
  perClient: number
  /**
   * Wrong tries of every client on one number: from then on the number is under attack, and only
   * a client with no wrong try on it in the window is answered.
   */
  perCase: number
}

/** A PIN check by a client on a case number at an ISO time, and the lockout it must respect. */
export interface PinCheck {
  caseNumber: string
  /** Who asks, as stored (a keyed hash or a conversation id: never an address in clear). */
  client: string
  at: string
  /** The lockout counts the tries in (since, at]. */
  since: string
  limits: PinLimits
  /** A wrong PIN: stored, as a try the lockout counts. */
  wrong: boolean
  /** Tries (of every number) older than this are deleted: the lockout never looks that far back. */
  pruneBefore?: string
}

/**
 * The lockout as one SQL condition (true: refuse), for the read before a check and the guard
 * that commits with it. Tries in (since, at] only: one stamped later by a clock ahead of ours must
 * not trip the guard where the read did not (the turn would then never get through).
 */
function lockCondition(c: Omit<PinCheck, 'wrong' | 'pruneBefore'>): Stmt {
  const window = 'at > ? AND at <= ?'
  const w = [c.since, c.at]
  return {
    sql: `(SELECT count(*) FROM case_attempts WHERE case_number = ? AND client = ? AND ${window}) >= ?
       OR (SELECT count(*) FROM case_attempts WHERE client = ? AND ${window}) >= ?
       OR ((SELECT count(*) FROM case_attempts WHERE case_number = ? AND ${window}) >= ?
           AND EXISTS (SELECT 1 FROM case_attempts
                       WHERE case_number = ? AND client = ? AND ${window}))`,
    args: [
      c.caseNumber,
      c.client,
      ...w,
      c.limits.perClientCase,
      c.client,
      ...w,
      c.limits.perClient,
      c.caseNumber,
      ...w,
      c.limits.perCase,
      c.caseNumber,
      c.client,
      ...w,
    ],
  }
}

/**
 * What must commit before a PIN check's answer is given. First a guard that fails (a conflict:
 * `at` is NOT NULL) when the lockout holds, so checks made at the same moment, each of which read
 * fewer tries, cannot all get past it; then, for a wrong PIN, the try itself.
 */
export function pinCheckStatements(c: PinCheck): Stmt[] {
  const lock = lockCondition(c)
  const stmts: Stmt[] = [
    ...(c.pruneBefore === undefined
      ? []
      : [{ sql: 'DELETE FROM case_attempts WHERE at < ?', args: [c.pruneBefore] }]),
    {
      sql: `INSERT INTO case_attempts (case_number, client, at) SELECT ?, ?, NULL WHERE ${lock.sql}`,
      args: [c.caseNumber, c.client, ...lock.args],
    },
  ]
  if (c.wrong)
    stmts.push({
      sql: 'INSERT INTO case_attempts (case_number, client, at) VALUES (?, ?, ?)',
      args: [c.caseNumber, c.client, c.at],
    })
  return stmts
}

/** The statements that create a case and, if given, its queued handoff. */
export function caseStatements(row: CaseRow, handoff?: CaseHandoff): Stmt[] {
  const stmts: Stmt[] = [
    {
      sql: `INSERT INTO cases (case_number, submission_key, source, conversation_id, status, urgency,
              concerns, region, place, age, what, in_danger, happening_now, hurt, reporter_role,
              anonymous, reporter_sealed, pin_hash, pin_sealed, key_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        row.caseNumber,
        row.submissionKey,
        row.source,
        row.conversationId,
        row.status,
        row.urgency,
        JSON.stringify(row.concerns),
        row.region,
        row.place,
        row.age,
        row.what,
        flag(row.inDanger),
        flag(row.happeningNow),
        flag(row.hurt),
        row.reporterRole,
        row.anonymous ? 1 : 0,
        row.reporterSealed,
        row.pinHash,
        row.pinSealed,
        row.keyId,
        row.createdAt,
        row.updatedAt,
      ],
    },
  ]
  if (handoff && row.urgency !== 'standard')
    stmts.push(
      ...queueStatements({
        id: handoff.id,
        conversationId: handoff.conversationId,
        reason: handoff.reason,
        urgency: row.urgency,
        at: row.createdAt,
        caseNumber: row.caseNumber,
      }),
    )
  return stmts
}

function toCase(r: Row): CaseRow {
  return {
    caseNumber: String(r['case_number']),
    submissionKey: String(r['submission_key']),
    source: r['source'] === 'api' ? 'api' : 'chat',
    conversationId: textOrNull(r['conversation_id']),
    status: String(r['status']) as CaseStatus,
    urgency: String(r['urgency']) as CaseUrgency,
    concerns: JSON.parse(String(r['concerns'])) as string[],
    region: textOrNull(r['region']),
    place: textOrNull(r['place']),
    age: r['age'] === null || r['age'] === undefined ? null : Number(r['age']),
    what: String(r['what']),
    inDanger: unflag(r['in_danger']),
    happeningNow: unflag(r['happening_now']),
    hurt: unflag(r['hurt']),
    reporterRole: textOrNull(r['reporter_role']),
    anonymous: Number(r['anonymous']) === 1,
    reporterSealed: textOrNull(r['reporter_sealed']),
    pinHash: textOrNull(r['pin_hash']),
    pinSealed: textOrNull(r['pin_sealed']),
    keyId: String(r['key_id']),
    createdAt: String(r['created_at']),
    updatedAt: String(r['updated_at']),
    assignedTo: textOrNull(r['assigned_to']),
    closeReason: textOrNull(r['close_reason']),
  }
}

export class CaseStore {
  constructor(private readonly db: SqlDriver) {}

  /**
   * Creates a case (and its handoff) in one write. `conflict` when the submission key or the
   * case number is taken: look the submission up, and if it is not there, retry with a new number.
   */
  async create(row: CaseRow, handoff?: CaseHandoff): Promise<'created' | 'conflict'> {
    try {
      await this.db.write(caseStatements(row, handoff))
      return 'created'
    } catch (e) {
      if (e instanceof StoreConflictError) return 'conflict'
      throw e
    }
  }

  async byNumber(caseNumber: string): Promise<CaseRow | undefined> {
    const [row] = await this.db.read({
      sql: 'SELECT * FROM cases WHERE case_number = ?',
      args: [caseNumber],
    })
    return row ? toCase(row) : undefined
  }

  /** The cases a conversation opened, oldest first. */
  async byConversation(conversationId: string): Promise<CaseRow[]> {
    const rows = await this.db.read({
      sql: 'SELECT * FROM cases WHERE conversation_id = ? ORDER BY created_at, case_number',
      args: [conversationId],
    })
    return rows.map(toCase)
  }

  async bySubmission(submissionKey: string): Promise<CaseRow | undefined> {
    const [row] = await this.db.read({
      sql: 'SELECT * FROM cases WHERE submission_key = ?',
      args: [submissionKey],
    })
    return row ? toCase(row) : undefined
  }

  /**
   * Whether an API submission with idempotency key `key` (as stored: its keyed hash) was made with
   * another body: its submission key is `api:<key>:<digest>` with another digest (neither holds ":").
   */
  async keyUsedElsewhere(key: string, submissionKey: string): Promise<boolean> {
    const prefix = `api:${key}:`
    const rows = await this.db.read({
      sql: 'SELECT submission_key FROM cases WHERE substr(submission_key, 1, ?) = ? AND submission_key <> ?',
      args: [prefix.length, prefix, submissionKey],
    })
    return rows.some((r) => !String(r['submission_key']).slice(prefix.length).includes(':'))
  }

  /** Times (ISO) of wrong PIN tries for a case number (by any client) since `since`, oldest first. */
  async wrongAttempts(caseNumber: string, since: string): Promise<string[]> {
    const rows = await this.db.read({
      sql: 'SELECT at FROM case_attempts WHERE case_number = ? AND at >= ? ORDER BY at',
      args: [caseNumber, since],
    })
    return rows.map((r) => String(r['at']))
  }

  /** Whether the lockout refuses this check now (read before the PIN is even looked at). */
  async pinLocked(c: Omit<PinCheck, 'wrong' | 'pruneBefore'>): Promise<boolean> {
    const lock = lockCondition(c)
    const rows = await this.db.read({
      sql: `SELECT 1 AS locked WHERE ${lock.sql}`,
      args: lock.args,
    })
    return rows.length > 0
  }

  /** Commits a PIN check's statements; 'locked' when the lockout refused them. */
  async commitCheck(stmts: Stmt[]): Promise<'ok' | 'locked'> {
    if (stmts.length === 0) return 'ok' // a number that cannot exist: nothing to guard or count
    try {
      await this.db.write(stmts)
      return 'ok'
    } catch (e) {
      if (e instanceof StoreConflictError) return 'locked'
      throw e
    }
  }

  async handoffsFor(caseNumber: string): Promise<{ status: string; reason: string }[]> {
    const rows = await this.db.read({
      sql: 'SELECT status, reason FROM handoffs WHERE case_number = ?',
      args: [caseNumber],
    })
    return rows.map((r) => ({ status: String(r['status']), reason: String(r['reason']) }))
  }
}
