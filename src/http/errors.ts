/**
 * @module http/errors
 * Clear API errors: which field is wrong and why, never a stack trace, never a driver's text.
 */
import type { Context } from 'hono'
import type { ZodError, ZodType } from 'zod'

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: { path: string; message: string }[] }
}

export function apiError(
  c: Context,
  status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 503,
  code: string,
  detail: string | ZodError | { path: string; message: string }[],
): Response {
  if (typeof detail === 'string') return c.json({ error: { code, message: detail } }, status)
  const fields = Array.isArray(detail)
    ? detail
    : detail.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
  const body: ApiErrorBody = {
    error: {
      code,
      message: fields.map((f) => `${f.path || 'body'}: ${f.message}`).join('; '),
      fields,
    },
  }
  return c.json(body, status)
}

/** A lone surrogate (ill-formed UTF-16) or a NUL: no id or text of ours may hold one. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
export const ILL_FORMED = /\p{Surrogate}|\u0000/u

/** The path of the first string (or key) in a JSON value that is ill-formed, if any. */
function illFormed(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return ILL_FORMED.test(value) ? path : undefined
  if (typeof value !== 'object' || value === null) return undefined
  for (const [key, v] of Object.entries(value)) {
    if (ILL_FORMED.test(key)) return [...path, key]
    const at = illFormed(v, [...path, key])
    if (at) return at
  }
  return undefined
}

/**
 * Reads a JSON body, answering 400 (not 500) when it is not JSON, or when a string in it holds a
 * lone surrogate or NUL (SQLite would store two different ids as one, and a text as mangled).
 */
async function readJson(
  c: Context,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const raw = await c.req.text()
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return {
      ok: false,
      response: apiError(c, 400, 'malformed_json', 'The request body is not valid JSON.'),
    }
  }
  const bad = illFormed(value)
  if (bad) {
    const field = { path: bad.join('.'), message: 'holds a lone surrogate or a NUL character' }
    return { ok: false, response: apiError(c, 400, 'invalid_request', [field]) }
  }
  return { ok: true, value }
}

/** Reads and validates a JSON body: the value, or the 400 that names what is wrong. */
export async function readBody<T>(
  c: Context,
  schema: ZodType<T>,
): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  const body = await readJson(c)
  if (!body.ok) return body
  const parsed = schema.safeParse(body.value)
  if (!parsed.success)
    return { ok: false, response: apiError(c, 400, 'invalid_request', parsed.error) }
  return { ok: true, data: parsed.data }
}
