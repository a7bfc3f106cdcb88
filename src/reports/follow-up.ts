/**
 * @module reports/follow-up
 * 查询进度: a case number and its PIN give the case's status. A wrong PIN and an unknown number
 * answer alike. Five wrong tries for one number within 15 minutes lock that number for 15 minutes;
 * the tries are stored in the database, so the lock holds on every instance. A check gives back the
 * wrong try for its caller to store: a chat turn stores it in its own commit, so a turn that is
 * run again (a conflict, a redelivered message) does not count it twice.
 */
import type { CaseStatus, WrongTry } from '../store/cases.js'
import { parseCaseNumber } from './case-number.js'
import { parsePin, sameSecret } from './pin.js'
import type { ReportServices } from './services.js'

const MAX_WRONG = 5
const WINDOW_MS = 15 * 60_000
export const LOCK_MS = 15 * 60_000

export type CaseCheck =
  | { kind: 'found'; caseNumber: string; status: CaseStatus }
  | { kind: 'not_found'; wrongTry?: WrongTry }
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

export async function checkCase(
  svc: ReportServices,
  caseNumberText: string,
  pinText: string,
  now: Date,
): Promise<CaseCheck> {
  const caseNumber = parseCaseNumber(caseNumberText)
  // A number whose check symbol fails cannot exist: nothing to count, nothing to tell.
  if (caseNumber === undefined) return { kind: 'not_found' }
  const since = new Date(now.getTime() - WINDOW_MS - LOCK_MS).toISOString()
  if (isLocked(await svc.cases.wrongAttempts(caseNumber, since), now.getTime()))
    return { kind: 'locked' }
  const pin = parsePin(pinText)
  const found = await svc.cases.byNumber(caseNumber)
  if (found && pin !== undefined && sameSecret(await svc.keys.open(found.pinSealed), pin))
    return { kind: 'found', caseNumber, status: found.status }
  return { kind: 'not_found', wrongTry: { caseNumber, at: now.toISOString() } }
}
