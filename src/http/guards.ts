/**
 * @module http/guards
 * What every API request passes before a route sees it (issue 15): a body larger than 64 KB is
 * refused (413) before it is read; a state change must be JSON (415 otherwise — a cross-site
 * `<form enctype="text/plain">` cannot file a report) and must not come from another site's page
 * (403 on `Sec-Fetch-Site: cross-site` or an `Origin` of another host; API clients that send
 * neither are served); a wrong method on a known path is 405 with `Allow`. The webhooks keep their
 * own limits (LINE and WeChat sign and size their bodies). Every answer is `nosniff` and `no-store`.
 */
import type { Hono, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { methodNotAllowed } from 'hono/method-not-allowed'
import { apiError } from './errors.js'

/** The largest API body: a chat message is at most 2000 characters, a report a few thousand. */
export const MAX_API_BODY = 64 * 1024

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/** 413 before reading a body over the limit (by Content-Length, and counted while it streams). */
export const apiBodyLimit: MiddlewareHandler = bodyLimit({
  maxSize: MAX_API_BODY,
  onError: (c) =>
    apiError(c, 413, 'too_large', `The body is larger than ${MAX_API_BODY / 1024} KB.`),
})

/** A state change from a browser page of another site, or not in JSON, changes nothing. */
export const apiStateChange: MiddlewareHandler = async (c, next) => {
  // The API changes state by POST only; another method on an API path is a 405 or 404.
  if (c.req.method !== 'POST') return next()
  const site = c.req.header('sec-fetch-site')
  const origin = c.req.header('origin')
  if (site === 'cross-site' || (origin !== undefined && !sameHost(origin, c.req.url)))
    return apiError(c, 403, 'cross_site', 'Requests from another site are refused.')
  if (!JSON_TYPE.test(c.req.header('content-type') ?? ''))
    return apiError(c, 415, 'unsupported_media_type', 'Send the body as application/json.')
  return next()
}

function sameHost(origin: string, url: string): boolean {
  try {
    return new URL(origin).host === new URL(url).host
  } catch {
    return false
  }
}

/**
 * Every answer is `nosniff` (a browser never reads JSON or text as a page or script) and, unless
 * its route says otherwise, `no-store`: answers hold conversations, case numbers and PINs, which no
 * shared or browser cache may keep. Errors (404, 405, 500, 503) included.
 */
export const answerHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  c.res.headers.set('X-Content-Type-Options', 'nosniff')
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
}

/** 405 with `Allow` for a path the app knows under another method (any path, not only /api). */
export function wrongMethod(app: Hono): MiddlewareHandler {
  return methodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) => {
      const allow = methods.join(', ')
      const res = apiError(
        c,
        405,
        'method_not_allowed',
        `${c.req.method} is not allowed; use ${allow}.`,
      )
      res.headers.set('Allow', allow)
      return res
    },
  })
}
