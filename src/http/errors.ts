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
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503,
  code: string,
  detail: string | ZodError,
): Response {
  const body: ApiErrorBody =
    typeof detail === 'string'
      ? { error: { code, message: detail } }
      : {
          error: {
            code,
            message: detail.issues
              .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
              .join('; '),
            fields: detail.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          },
        }
  return c.json(body, status)
}

/** Reads a JSON body, answering 400 (not 500) when it is not JSON. */
async function readJson(
  c: Context,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const raw = await c.req.text()
  try {
    return { ok: true, value: JSON.parse(raw) }
  } catch {
    return {
      ok: false,
      response: apiError(c, 400, 'malformed_json', 'The request body is not valid JSON.'),
    }
  }
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
