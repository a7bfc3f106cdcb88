/**
 * @module http/triage-route
 * POST /api/v1/triage — stateless triage of a free-text concern, as docs/design.md promises:
 * body { text, region?, reporterRole? } →
 * { urgency, firstAction: { text, contacts }, contacts, mandatedReporter, citations, … }.
 * A region is a slug (chongqing), a name (温岭市) or a 6-, 9- or 12-digit division code; one
 * outside the covered regions gets the national baseline and says so.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { readBody } from './errors.js'
import { resolveRegion } from '../regions.js'
import { resolveRole } from '../triage/roles.js'
import { triage } from '../triage/triage.js'
import type { TriageContent } from '../triage/types.js'
import { regionField, roleField } from './triage-fields.js'

const MAX_TRIAGE_TEXT = 2000

/** The request schema; region and role are checked against the content. */
export function triageRequest(content: TriageContent) {
  return z.strictObject({
    text: z
      .string()
      .trim()
      .min(1, 'text is empty')
      .max(MAX_TRIAGE_TEXT, `text is longer than ${MAX_TRIAGE_TEXT} characters`)
      .describe('What the reporter wrote, in their own words.'),
    region: regionField(content).optional(),
    reporterRole: roleField(content).optional(),
  })
}

export interface TriageRouteDeps {
  triage: TriageContent
  /** The triage content with the directory as it is now (supervisors' entries); default `triage`. */
  live?: () => Promise<TriageContent>
}

/** The sub-app; mount it with `app.route('/', triageRoutes(deps))`. */
export function triageRoutes(deps: TriageRouteDeps): Hono {
  const app = new Hono()
  const schema = triageRequest(deps.triage)
  app.post('/api/v1/triage', async (c) => {
    const parsed = await readBody(c, schema)
    if (!parsed.ok) return parsed.response
    const { text, region, reporterRole } = parsed.data
    const content = deps.live ? await deps.live() : deps.triage
    const resolvedRegion = region === undefined ? undefined : resolveRegion(content, region)
    const role = reporterRole === undefined ? undefined : resolveRole(content, reporterRole)
    return c.json(
      triage(content, {
        text,
        ...(resolvedRegion && { region: resolvedRegion }),
        ...(role !== undefined && { reporterRole: role }),
      }),
    )
  })
  return app
}
