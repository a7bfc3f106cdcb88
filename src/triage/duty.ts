/**
 * @module triage/duty
 * Does the region's seed make this reporter a mandated reporter, and what is the duty? Answered
 * from content/triage/duties.yaml only; a region without seed documents gets the national
 * baseline, which says that it has not been checked rather than guessing.
 */
import type { Citation, DutyStatus, TriageContent, TriageRegion } from './types.js'

export interface DutyAnswer {
  role: string
  roleName: string
  /** The covered region's slug, or `national`. */
  region: string
  status: DutyStatus
  /** True only where a seed names the role (or its unit) as bound to report. */
  mandated: boolean
  textKey: string
  /** The duty in plain words, {role} and {region} filled in. */
  text: string
  citations: Citation[]
}

/** The duty of a role in a covered region (undefined region: the national baseline). */
export function dutyFor(
  content: TriageContent,
  role: string,
  region: TriageRegion | undefined,
): DutyAnswer | undefined {
  const key = region?.slug ?? 'national'
  const duty = content.duties.find((d) => d.region === key && d.role === role)
  const r = content.roles.find((x) => x.id === role)
  if (!duty || !r) return undefined
  const regionName = region?.name ?? content.texts['triage.region.national_name'] ?? ''
  return {
    role,
    roleName: r.name,
    region: key,
    status: duty.status,
    mandated: duty.status === 'mandated',
    textKey: duty.textKey,
    text: fill(duty.text, { role: r.name, region: regionName }),
    citations: duty.citations,
  }
}

/** Replaces {name} placeholders. */
export function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m)
}
