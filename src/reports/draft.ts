/**
 * @module reports/draft
 * A report as the reporter told it, before it is a case. The report flow declares which of its
 * variables fills each field (flows/report.yaml, effect `open_case` `report:`; the content
 * compiler checks the mapping against REPORT_FIELDS), the engine carries the values as they are,
 * and `reportDraft` reads them; the report API builds one from its request.
 */
import { z } from 'zod'
import type { Value } from '../engine/types.js'

/** What a reporter told; null where they did not know or did not say. */
export const reportDraftSchema = z.strictObject({
  inDanger: z.boolean().nullable(),
  what: z.string(),
  /** Approximate age in years. */
  age: z.number().nullable(),
  /** Region slug, or `national` for anywhere else. */
  region: z.string().nullable(),
  /** District, town or village in the reporter's words. */
  place: z.string().nullable(),
  happeningNow: z.boolean().nullable(),
  hurt: z.boolean().nullable(),
  /** A triage role id (content/triage/roles.yaml), or another relation (parent, relative…). */
  reporterRole: z.string().nullable(),
  anonymous: z.boolean(),
})
export type ReportDraft = z.infer<typeof reportDraftSchema>

/** The fields of a draft: a flow's mapping names each of them once, and nothing else. */
export const reportField = reportDraftSchema.keyof()

const bool = (v: Value | undefined): boolean | null => (typeof v === 'boolean' ? v : null)
const str = (v: Value | undefined): string | null => (typeof v === 'string' && v ? v : null)

/** The draft of the values a flow gave each field (by field name); what is missing is null. */
export function reportDraft(v: Partial<Record<keyof ReportDraft, Value>>): ReportDraft {
  const age = v.age
  return {
    inDanger: bool(v.inDanger),
    what: str(v.what) ?? '',
    age: typeof age === 'number' ? age : null,
    region: str(v.region),
    place: str(v.place),
    happeningNow: bool(v.happeningNow),
    hurt: bool(v.hurt),
    reporterRole: str(v.reporterRole),
    anonymous: v.anonymous === true,
  }
}
