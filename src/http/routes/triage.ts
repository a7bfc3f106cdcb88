/**
 * @module http/routes/triage
 * POST /api/v1/triage — stateless triage of a free-text concern, as docs/design.md promises:
 * body { text, region?, reporterRole? } →
 * { urgency, firstAction: { text, contacts }, contacts, mandatedReporter, citations, … }.
 * A region is a slug (chongqing), a name (温岭市) or a 6-, 9- or 12-digit division code; one
 * outside the covered regions gets the national baseline and says so.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { readBody } from '../errors.js'
import { resolveRegion } from '../../triage/regions.js'
import { resolveRole } from '../../triage/roles.js'
import { triage } from '../../triage/triage.js'
import type { TriageContent } from '../../triage/types.js'
import type { AppDeps } from '../deps.js'
import { errorResponse, type ApiRoute } from '../route-table.js'
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

/** The triage route; `content` gives the regions and roles. */
export function triageApi(content: TriageContent) {
  return {
    triage: {
      method: 'post',
      path: '/api/v1/triage',
      operationId: 'triage',
      summary:
        "Triage a free-text concern: urgency, the first action and contacts, the reporter's duty",
      body: triageRequest(content),
      responses: {
        '200': {
          description:
            '{ urgency: emergency | urgent | standard | none, firstAction: { text, contacts }, contacts, mandatedReporter, citations, … }',
        },
        '400': errorResponse('Malformed JSON or an invalid field'),
      },
    },
  } satisfies Record<string, ApiRoute>
}

export type TriageRouteDeps = Pick<AppDeps, 'content' | 'directory'>

/** The sub-app; mounted under /api/v1/triage. */
export function triageRoutes(deps: TriageRouteDeps): Hono {
  const app = new Hono()
  const schema = triageApi(deps.content.triage).triage.body
  // The directory as it is now (supervisors' entries), where there is one.
  const { directory } = deps
  const live = async (): Promise<TriageContent> =>
    directory ? (await directory.content(deps.content)).triage : deps.content.triage
  app.post('/', async (c) => {
    const parsed = await readBody(c, schema)
    if (!parsed.ok) return parsed.response
    const { text, region, reporterRole } = parsed.data
    const content = await live()
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
