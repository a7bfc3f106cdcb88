/**
 * @module http/routes/policy
 * POST /api/v1/screen and GET /api/v1/entitlements?region= (docs/design.md), over the compiled policy
 * bundle. Input is validated with zod here, at the boundary; bad input is a 400 that names the
 * field. A region the content does not cover gets the national baseline, marked as such.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { entitlements } from '../../policy/browse.js'
import { isIsoDate, shanghaiDate } from '../../policy/dates.js'
import { screenRequestSchema } from '../../policy/request-schema.js'
import { screen } from '../../policy/screen.js'
import type { PolicyBundle } from '../../policy/types.js'
import { apiError, readBody } from '../errors.js'
import { errorResponse, type ApiRoute } from '../route-table.js'

export interface PolicyRouteDeps {
  content: { policy: PolicyBundle }
  /** The clock that decides "today" when a request has no asOf (tests freeze it). */
  clock: () => Date
}

const entitlementsQuery = z.object({
  region: z
    .string({ error: 'region is required (a slug such as shanxi, or a division code)' })
    .trim()
    .min(1)
    .max(32)
    .describe(
      'slug (chongqing, shanxi, qinzhou, wenling) or division code; anything else gets the national baseline, marked',
    ),
  asOf: z
    .string()
    .refine(isIsoDate, 'must be a real date written YYYY-MM-DD')
    .optional()
    .describe('The day the rules are read as of (YYYY-MM-DD); default today in Beijing'),
})

/** The policy API's routes. */
export const POLICY_API = {
  screen: {
    method: 'post',
    path: '/api/v1/screen',
    operationId: 'screen',
    summary: 'Screen a child against every entitlement of a region, each answer cited',
    body: screenRequestSchema,
    responses: {
      '200': {
        description:
          '{ region, asOf, results: [{ entitlement, name, category, status: eligible | not_eligible | unknown, amount?, reasons: [{ text, citation: { doc, section, quote } }], missing }], ask } — docs/facts.md lists the facts',
      },
      '400': errorResponse('Malformed JSON or an invalid field (named)'),
    },
  },
  entitlements: {
    method: 'get',
    path: '/api/v1/entitlements',
    operationId: 'entitlements',
    summary: 'What a region offers, with citations and where to apply',
    query: entitlementsQuery,
    responses: {
      '200': { description: "The region's entitlements and services" },
      '400': errorResponse('Missing or invalid region'),
    },
  },
} satisfies Record<string, ApiRoute>

/** The policy API as a Hono sub-app; mounted under /api/v1. */
export function policyRoutes(deps: PolicyRouteDeps): Hono {
  const bundle = deps.content.policy
  const now = deps.clock
  const app = new Hono()

  app.post('/screen', async (c) => {
    const parsed = await readBody(c, POLICY_API.screen.body)
    if (!parsed.ok) return parsed.response
    const request = parsed.data
    const today = now()
    const asOf = request.asOf ?? shanghaiDate(today)
    const birth = request.facts.child_birth_date
    if (typeof birth === 'string' && birth > asOf) {
      const error = new z.ZodError([
        {
          code: 'custom',
          path: ['facts', 'child_birth_date'],
          message: 'is after asOf',
          input: birth,
        },
      ])
      return apiError(c, 400, 'invalid_request', error)
    }
    return c.json(
      screen(
        bundle,
        {
          region: request.region,
          asOf,
          facts: request.facts,
          ...(request.unknownFacts && { unknownFacts: request.unknownFacts }),
        },
        today,
      ),
    )
  })

  app.get('/entitlements', (c) => {
    const parsed = POLICY_API.entitlements.query.safeParse(c.req.query())
    if (!parsed.success) return apiError(c, 400, 'invalid_request', parsed.error)
    const { region, asOf } = parsed.data
    return c.json(entitlements(bundle, region, { ...(asOf && { asOf }), now: now() }))
  })

  return app
}
