/**
 * @module app
 * Composes the Hono app from its parts. Every dependency comes in as an argument, so the same
 * app runs on Node (libsql file or server) and in workerd (D1), and in tests with a frozen clock.
 */
import { Hono } from 'hono'
import { chatRoutes } from './channels/web/chat-route.js'
import { policyRoutes } from './http/policy-routes.js'
import { triageRoutes } from './http/triage-route.js'
import { webPage } from './channels/web/page.js'
import type { ChatDeps } from './chat/handle-message.js'
import { StoreError } from './store/driver.js'
import { apiError } from './http/errors.js'
import { answerHeaders, apiBodyLimit, apiStateChange, wrongMethod } from './http/guards.js'
import { openApiDocument } from './http/openapi.js'
import type { AddressOf, ClientLimits } from './http/rate-limit.js'
import { reportRoutes } from './reports/routes.js'
import { resultRoutes } from './results/page.js'
import { consoleApi, type ConsoleServices } from './console/api.js'
import { consolePages } from './console/pages.js'
import { lineWebhook, type LineConfig } from './channels/line/webhook.js'
import { wechatWebhook, type WechatConfig } from './channels/wechat/webhook.js'
import { METRICS_CONTENT_TYPE } from './chat/metrics.js'
import { sameSecret } from './bytes.js'

export interface AppDeps extends ChatDeps {
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>
  /** Resolves when the database takes a write now (GET /readyz); without it, /readyz is 404. */
  ready?(): Promise<void>
  /** The operators' console (accounts, queue, audit). Without it, /console and its API are 404. */
  console?: ConsoleServices
  /** The LINE channel's webhook (POST /webhooks/line); absent when LINE is not configured. */
  line?: LineConfig
  /** The WeChat Official Account's webhook (/webhooks/wechat); absent when not configured. */
  wechat?: WechatConfig
  /** Requests per client (src/http/rate-limit.ts); without it, nothing is limited. */
  limits?: ClientLimits
  /**
   * METRICS_TOKEN: GET /metrics answers only with `Authorization: Bearer <token>` (401 otherwise).
   * Without it /metrics is 404: counters are not for anyone who asks.
   */
  metricsToken?: string
  /**
   * The address a request came from, where the runtime tells it (Node: the socket; Workers:
   * CF-Connecting-IP). The PIN lockout counts wrong tries per client; without it, all API clients
   * count as one.
   */
  clientAddress?: AddressOf
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono()
  app.use(answerHeaders)
  app.use(wrongMethod(app))
  app.use('/api/*', apiBodyLimit, apiStateChange)
  const page = webPage(deps.content)
  const openapi = JSON.stringify(openApiDocument(deps.content))

  // A <meta> CSP cannot forbid framing: a page where someone reports abuse must not be framed.
  app.get('/', (c) =>
    c.html(page, 200, {
      'Content-Security-Policy': "frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    }),
  )
  app.get('/healthz', async (c) => {
    try {
      await deps.ping()
      return c.json({ ok: true })
    } catch {
      return c.json({ ok: false }, 503)
    }
  })
  // For a load balancer: send traffic here only while a write goes through (a full disk fails it).
  const ready = deps.ready
  if (ready)
    app.get('/readyz', async (c) => {
      try {
        await ready()
        return c.json({ ok: true })
      } catch {
        return c.json({ ok: false }, 503)
      }
    })
  const metricsToken = deps.metricsToken
  if (metricsToken)
    app.get('/metrics', async (c) => {
      const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? ''
      if (!sameSecret(given, metricsToken)) {
        const res = apiError(c, 401, 'unauthorized', 'GET /metrics needs its bearer token.')
        res.headers.set('WWW-Authenticate', 'Bearer')
        return res
      }
      return c.body(await deps.metrics.render(), 200, { 'content-type': METRICS_CONTENT_TYPE })
    })
  app.get('/docs/openapi.json', (c) => c.body(openapi, 200, { 'content-type': 'application/json' }))
  app.get('/docs', (c) =>
    c.html(
      '<!doctype html><meta charset="utf-8"><title>Tonghu API</title>' +
        '<p>OpenAPI 3.1: <a href="/docs/openapi.json">/docs/openapi.json</a></p>',
    ),
  )
  app.route('/', chatRoutes(deps, deps.limits))
  app.route('/', resultRoutes(deps))
  const { directory } = deps
  app.route(
    '/',
    triageRoutes({
      triage: deps.content.triage,
      ...(directory && {
        live: async () => (await directory.content(deps.content)).triage,
      }),
    }),
  )
  app.route('/', policyRoutes(deps.content.policy, { now: deps.clock }))
  if (deps.reports) app.route('/', reportRoutes({ ...deps, reports: deps.reports }))
  if (deps.line) app.route('/', lineWebhook(deps, deps.line))
  if (deps.wechat) app.route('/', wechatWebhook(deps, deps.wechat))
  if (deps.console) {
    const consoleDeps = { ...deps, console: deps.console }
    app.route('/', consoleApi(consoleDeps))
    app.route('/', consolePages(consoleDeps))
  }

  app.notFound((c) => apiError(c, 404, 'not_found', 'No such route.'))
  app.onError((err, c) => {
    if (err instanceof StoreError) {
      deps.log.error('store_unavailable', { route: c.req.path })
      deps.metrics.inc('store_errors_total')
      return apiError(
        c,
        503,
        'unavailable',
        'The service cannot reach its database right now. Please send the same message again (with the same messageId it is safe to retry).',
      )
    }
    deps.log.error('unhandled_error', { route: c.req.path, kind: err.name })
    return c.json(
      { error: { code: 'internal', message: 'Something went wrong on our side.' } },
      500,
    )
  })
  return app
}
