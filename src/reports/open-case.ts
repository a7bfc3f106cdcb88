/**
 * @module reports/open-case
 * Turns a report into a case row ready to commit: a case number and PIN, the urgency, the
 * reporter's contact and the report's free text (what, place) sealed, the PIN hashed, and a queued
 * handoff for emergency and urgent reports.
 * Nothing is written here; the caller commits the rows (inside a chat turn, or on their own).
 */
import type { ReportDraft } from './draft.js'
import type { CaseHandoff, CaseRow } from '../store/cases.js'
import { assessReport } from '../triage/assess-report.js'
import { makeCaseNumber } from './case-number.js'
import { makePin } from './pin.js'
import type { Keyring } from './keyring.js'
import type { ReportServices } from './services.js'

const SHANGHAI_OFFSET_MS = 8 * 3600_000

export interface NewCase {
  report: ReportDraft
  /** How to reach the reporter, in their words; null when anonymous or not given. */
  contact: string | null
  /** The reporter's name, if they gave one (API only). */
  name?: string | null
  submissionKey: string
  source: CaseRow['source']
  conversationId: string | null
  now: Date
  newId: () => string
}

export interface PreparedCase {
  row: CaseRow
  handoff?: CaseHandoff
  /** The PIN in clear, for the reply only. */
  pin: string
}

/** A stored case with its free text opened, for the console (values stored before sealing pass). */
export async function openCaseText(keys: Keyring, row: CaseRow): Promise<CaseRow> {
  return {
    ...row,
    what: await keys.open(row.what),
    place: row.place === null ? null : await keys.open(row.place),
  }
}

export async function prepareCase(svc: ReportServices, c: NewCase): Promise<PreparedCase> {
  const { urgency, concerns } = assessReport(svc.triage, c.report)
  const year = new Date(c.now.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear()
  const caseNumber = makeCaseNumber(year, svc.random)
  const pin = makePin(svc.random)
  const anonymous = c.report.anonymous
  const identity =
    anonymous || (c.contact === null && !c.name)
      ? null
      : await svc.keys.seal(JSON.stringify({ contact: c.contact, name: c.name ?? null }))
  const at = c.now.toISOString()
  const row: CaseRow = {
    caseNumber,
    submissionKey: c.submissionKey,
    source: c.source,
    conversationId: c.conversationId,
    status: 'received',
    urgency,
    concerns,
    region: c.report.region,
    // Free text holds what people write (names, phone and ID numbers): sealed like the identity.
    place: c.report.place === null ? null : await svc.keys.seal(c.report.place),
    age: c.report.age,
    what: await svc.keys.seal(c.report.what),
    inDanger: c.report.inDanger,
    happeningNow: c.report.happeningNow,
    hurt: c.report.hurt,
    reporterRole: c.report.reporterRole,
    anonymous,
    reporterSealed: identity,
    pinHash: await svc.pins.hash(pin),
    // An API retry with the same Idempotency-Key gets its receipt back; a chat turn's is its answer.
    pinSealed: c.source === 'api' ? await svc.keys.seal(pin) : null,
    keyId: svc.keys.currentId,
    createdAt: at,
    updatedAt: at,
    assignedTo: null,
    closeReason: null,
  }
  const handoff: CaseHandoff | undefined =
    urgency === 'standard'
      ? undefined
      : {
          id: c.newId(),
          conversationId: c.conversationId ?? `case:${caseNumber}`,
          reason: `report_${urgency}`,
        }
  return { row, pin, ...(handoff && { handoff }) }
}
