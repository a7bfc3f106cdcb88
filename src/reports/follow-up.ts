/**
 * @module reports/follow-up
 * 查询进度: a case number and its PIN give the case's status. A wrong PIN and an unknown number
 * answer alike. Five wrong tries for one number within 15 minutes lock that number for 15 minutes;
 * the tries are stored in the database, so the lock holds on every instance. A check gives back
 * what must commit before its answer is given (pinCheckStatements: a guard against checks made at
 * the same moment, and the wrong try): a chat turn commits it with the turn, so a turn that runs
 * again (a conflict, a redelivered message) does not count a try twice.
 */
import { pinCheckStatements, type CaseRow, type CaseStatus } from '../store/cases.js'
import type { Stmt } from '../store/driver.js'
import { parseCaseNumber } from './case-number.js'
import { sameSecret } from '../bytes.js'
import { parsePin } from './pin.js'
import type { ReportServices } from './services.js'

const MAX_WRONG = 5
const WINDOW_MS = 15 * 60_000
export const LOCK_MS = 15 * 60_000
/** Wrong tries older than a day are deleted at the next check (the lockout looks 30 minutes back). */
const PRUNE_MS = 24 * 3600_000

export type CaseCheck =
  | { kind: 'found'; caseNumber: string; status: CaseStatus; commit: Stmt[] }
  | { kind: 'not_found'; commit: Stmt[] }
  | { kind: 'locked' }

/** Whether these wrong tries (ISO times, oldest first) lock the number at `now`. */
function isLocked(tries: readonly string[], now: number): boolean {
  for (let i = MAX_WRONG - 1; i < tries.length; i++) {
    const last = Date.parse(tries[i]!)
    const first = Date.parse(tries[i - MAX_WRONG + 1]!)
    if (last - first <= WINDOW_MS && now - last < LOCK_MS) return true
  }
  return false
}

const standIns = new WeakMap<ReportServices, Promise<string>>()

/** A PIN hash that belongs to no case, made once per service (at the cost of real ones). */
function standIn(svc: ReportServices): Promise<string> {
  let hash = standIns.get(svc)
  if (!hash) {
    hash = svc.pins.hash('------')
    standIns.set(svc, hash)
  }
  return hash
}

/**
 * Whether `pin` is the case's PIN: scrypt against its hash, or against the stand-in for a number
 * that does not exist (the same work). A case from before PINs were hashed (migration 0009) is
 * compared with its sealed PIN, after the same scrypt.
 */
async function rightPin(
  svc: ReportServices,
  found: CaseRow | undefined,
  pin: string | undefined,
): Promise<boolean> {
  const matches = await svc.pins.verify(pin ?? '', found?.pinHash ?? (await standIn(svc)))
  if (!found || pin === undefined) return false
  if (found.pinHash !== null) return matches
  return found.pinSealed !== null && sameSecret(await svc.keys.open(found.pinSealed), pin)
}

export async function checkCase(
  svc: ReportServices,
  caseNumberText: string,
  pinText: string,
  now: Date,
): Promise<CaseCheck> {
  const caseNumber = parseCaseNumber(caseNumberText)
  // A number whose check symbol fails cannot exist: nothing to count, nothing to tell.
  if (caseNumber === undefined) return { kind: 'not_found', commit: [] }
  const since = new Date(now.getTime() - WINDOW_MS - LOCK_MS).toISOString()
  if (isLocked(await svc.cases.wrongAttempts(caseNumber, since), now.getTime()))
    return { kind: 'locked' }
  const pin = parsePin(pinText)
  const found = await svc.cases.byNumber(caseNumber)
  // The same work whether the number exists or not: the time of the answer does not tell which
  // case numbers are real.
  const right = await rightPin(svc, found, pin)
  const commit = pinCheckStatements({
    caseNumber,
    at: now.toISOString(),
    since: new Date(now.getTime() - WINDOW_MS).toISOString(),
    maxWrong: MAX_WRONG,
    wrong: !right,
    pruneBefore: new Date(now.getTime() - PRUNE_MS).toISOString(),
  })
  return right && found
    ? { kind: 'found', caseNumber, status: found.status, commit }
    : { kind: 'not_found', commit }
}
