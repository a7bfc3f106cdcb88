/**
 * @module http/triage-fields
 * The request fields that name a region or a reporter's role, checked against the triage
 * content: one definition for every route that takes them (triage, reports).
 */
import { z } from 'zod'
import { resolveRegion } from '../regions.js'
import { resolveRole } from '../triage/roles.js'
import type { TriageContent } from '../triage/types.js'

/** A region slug, name or 6-, 9- or 12-digit division code. */
export function regionField(content: TriageContent) {
  return z
    .string()
    .max(32)
    .refine((v) => resolveRegion(content, v) !== undefined, {
      message: `region must be a slug (${content.regions.map((r) => r.slug).join(', ')}), a region name, or a 6-, 9- or 12-digit division code`,
    })
}

/** A reporter role id, or a Chinese name of one. */
export function roleField(content: TriageContent) {
  return z
    .string()
    .max(32)
    .refine((v) => resolveRole(content, v) !== undefined, {
      message: `reporterRole must be one of ${content.roles.map((r) => r.id).join(', ')} (or a Chinese name of one)`,
    })
}
