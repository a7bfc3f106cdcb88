/**
 * @module reports/follow-up
 * 查询进度: a case number and its PIN give the case's status and the date it last changed (never
 * notes, nor who handled it). A wrong PIN and an unknown number answer alike. Five wrong tries for one number within 15 minutes lock that number for 15 minutes;
 * the tries are stored in the database, so the lock holds on every instance. A check gives back
 * what must commit before its answer is given (pinCheckStatements: a guard against checks made at
 * the same moment, and the wrong try): a chat turn commits it with the turn, so a turn that runs
 * again (a conflict, a redelivered message) does not count a try twice.
 */
import { hostText } from '../chat/texts.js'
import type { CompiledContent, Lang } from '../engine/types.js'
import { shanghaiDate } from '../policy/dates.js'
import { pinCheckStatements, type CaseStatus } from '../store/cases.js'
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

/** A sealed PIN that belongs to no case, made once per service. */
function standIn(svc: ReportServices): Promise<string> {
  let sealed = standIns.get(svc)
  if (!sealed) {
    sealed = svc.keys.seal('------')
    standIns.set(svc, sealed)
  }
  return sealed
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
  // The same work whether the number exists or not (a sealed stand-in is opened and compared):
  // the time of the answer does not tell which case numbers are real.
  const stored = await svc.keys.open(found?.pinSealed ?? (await standIn(svc)))
  const right = sameSecret(stored, pin ?? '') && found !== undefined && pin !== undefined
  const commit = pinCheckStatements({
    caseNumber,
    at: now.toISOString(),
    since: new Date(now.getTime() - WINDOW_MS).toISOString(),
    maxWrong: MAX_WRONG,
    wrong: !right,
    pruneBefore: new Date(now.getTime() - PRUNE_MS).toISOString(),
  })
  return right
    ? { kind: 'found', caseNumber, status: found.status, updatedAt: found.updatedAt, commit }
    : { kind: 'not_found', commit }
}
