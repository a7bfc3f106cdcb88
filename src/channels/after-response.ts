/**
 * @module channels/after-response
 * Work a webhook sets off after it has answered the platform: in workerd the request's
 * `waitUntil` (the isolate stays until it is done), on Node a floating promise.
 */
import type { Context } from 'hono'

export function afterResponse(c: Context, work: Promise<void>): void {
  try {
    c.executionCtx.waitUntil(work)
  } catch {
    void work
  }
}
