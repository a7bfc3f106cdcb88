/**
 * @module app
 * Composes the Hono app from its parts. Every dependency comes in as an argument, so the same
 * app runs on Node (libsql file or server) and in workerd (D1), and in tests with a frozen clock.
 */
import { Hono } from 'hono'
import { webPage } from './channels/web/page.js'
import { StoreError } from './store/driver.js'
import { apiError } from './http/errors.js'
import type { AppDeps } from './http/deps.js'
import { answerHeaders, apiBodyLimit, apiStateChange, wrongMethod } from './http/guards.js'
import { openApiDocument } from './http/openapi.js'
import { mountRoutes } from './http/routes/index.js'
import { METRICS_CONTENT_TYPE } from './chat/metrics.js'
import { sameSecret } from './bytes.js'

export type { AppDeps } from './http/deps.js'

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
  mountRoutes(app, deps)

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
