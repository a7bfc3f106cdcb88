/**
 * @module reports/follow-up
 * 查询进度: a case number and its PIN give the case's status and the date it last changed (never
 * notes, nor who handled it). A wrong PIN and an unknown number
 * answer alike, after the same work. Wrong tries are stored per client (who asks: an address, a
 * chat user) in the database, so the lock holds on every instance, and a stranger cannot lock out
 * the person who holds the PIN. In the last 15 minutes:
 * - 5 wrong tries by one client on one number lock that client on that number;
 * - 20 wrong tries by one client over any numbers lock that client on every number;
 * - 5 wrong tries on one number by anyone put the number under attack: a client that has a wrong
 *   try on it is refused, one that has none (the holder, who has not been guessing) is answered.
 * A lock lifts as its tries leave the window. A check gives back what must commit before its
 * answer is given (pinCheckStatements: a guard against checks made at the same moment, and the
 * wrong try): a chat turn commits it with the turn, so a turn that runs again (a conflict, a
 * redelivered message) does not count a try twice.
 */
import { hostText } from '../chat/texts.js'
import type { CompiledContent, Lang } from '../engine/types.js'
import { shanghaiDate } from '../policy/dates.js'
import {
  pinCheckStatements,
  type CaseRow,
  type CaseStatus,
  type PinLimits,
} from '../store/cases.js'
import type { Stmt } from '../store/driver.js'
import { parseCaseNumber } from './case-number.js'
import { sameSecret } from '../bytes.js'
import { parsePin } from './pin.js'
import type { ReportServices } from './services.js'

export const PIN_LIMITS: PinLimits = { perClientCase: 5, perClient: 20, perCase: 5 }
const WINDOW_MS = 15 * 60_000
/** The longest a lock lasts: until its tries are out of the window. */
export const LOCK_MS = WINDOW_MS
/** Wrong tries older than a day are deleted at the next check (the lockout looks 15 minutes back). */
const PRUNE_MS = 24 * 3600_000

export type CaseCheck =
  | {
      kind: 'found'
      caseNumber: string
      status: CaseStatus
      /** The last status change (ISO). */
      updatedAt: string
      commit: Stmt[]
    }
  | { kind: 'not_found'; commit: Stmt[] }
  | { kind: 'locked' }

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
 * that does not exist (the same work). A case from before PINs were hashed (migration 0012) is
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

/** The client key of an API request: a keyed hash of its address (never stored in clear). */
export function clientKey(svc: ReportServices, address: string | undefined): Promise<string> {
  return svc.keys.hashId(`address:${address ?? 'unknown'}`)
}

/**
 * What the reporter is told (content/texts/report.yaml `report.status.*`): the status in plain
 * words and, for a case found, the Beijing date of its last change on a line of its own.
 */
export function statusText(content: CompiledContent, lang: Lang, check: CaseCheck): string {
  if (check.kind !== 'found') return hostText(content, lang, `report.status.${check.kind}`)
  return [
    hostText(content, lang, `report.status.${check.status}`),
    hostText(content, lang, 'report.status.changed', {
      date: shanghaiDate(new Date(check.updatedAt)),
    }),
  ].join('\n')
}

/**
 * Checks a PIN for `client` (as stored: see PinCheck.client). The client key of the API is a
 * keyed hash of the address (clientKey), of the chat its conversation id.
 */
export async function checkCase(
  svc: ReportServices,
  caseNumberText: string,
  pinText: string,
  client: string,
  now: Date,
): Promise<CaseCheck> {
  const caseNumber = parseCaseNumber(caseNumberText)
  // A number whose check symbol fails cannot exist: nothing to count, nothing to tell.
  if (caseNumber === undefined) return { kind: 'not_found', commit: [] }
  const at = now.toISOString()
  const since = new Date(now.getTime() - WINDOW_MS).toISOString()
  const lock = { caseNumber, client, at, since, limits: PIN_LIMITS }
  if (await svc.cases.pinLocked(lock)) return { kind: 'locked' }
  const pin = parsePin(pinText)
  const found = await svc.cases.byNumber(caseNumber)
  // The same work whether the number exists or not: the time of the answer does not tell which
  // case numbers are real.
  const right = await rightPin(svc, found, pin)
  const commit = pinCheckStatements({
    ...lock,
    wrong: !right,
    pruneBefore: new Date(now.getTime() - PRUNE_MS).toISOString(),
  })
  return right && found
    ? { kind: 'found', caseNumber, status: found.status, updatedAt: found.updatedAt, commit }
    : { kind: 'not_found', commit }
}
