/**
 * @module triage/assess-report
 * How urgent a report is, from what the reporter wrote and answered: the triage classifier on the
 * text, raised to emergency when the child is in danger now (or hurt while it is happening), and
 * to urgent when the child is hurt. A report is never `none`: someone thought it worth reporting.
 */
import type { ReportDraft } from '../reports/draft.js'
import { classify } from './classify.js'
import type { TriageContent, Urgency } from './types.js'

/** A report is never `none`: someone thought it worth reporting. */
export type ReportUrgency = Exclude<Urgency, 'none'>

export interface Assessment {
  urgency: ReportUrgency
  concerns: string[]
}

export function assessReport(triage: TriageContent, report: ReportDraft): Assessment {
  const role =
    report.reporterRole !== null && triage.roles.some((r) => r.id === report.reporterRole)
      ? report.reporterRole
      : undefined
  const c = classify(triage, report.what, role === undefined ? {} : { reporterRole: role })
  let urgency: ReportUrgency = c.urgency === 'none' ? 'standard' : c.urgency
  if (report.inDanger === true || (report.happeningNow === true && report.hurt === true))
    urgency = 'emergency'
  else if (urgency === 'standard' && report.hurt === true) urgency = 'urgent'
  return { urgency, concerns: c.concerns }
}
