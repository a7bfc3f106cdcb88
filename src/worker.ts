/**
 * @module worker
 * The Cloudflare Workers entry (wrangler.toml): the same app as on Node, on D1. The app is built
 * once per isolate, on its first request, since the D1 binding only arrives with a request.
 * Migrations are applied by `wrangler d1 migrations apply`, not here: a Worker has no start.
 */
import type { Hono } from 'hono'
import { createApp } from './app.js'
import { jsonLogger } from './chat/log.js'
import { Metrics } from './chat/metrics.js'
import { compiled } from './generated/content.js'
import { ConversationStore } from './store/conversations.js'
import { d1Driver, type D1Like } from './store/d1.js'

/** The bindings wrangler.toml declares. */
export interface Env {
  DB: D1Like
}

let app: Hono | undefined

function build(env: Env): Hono {
  const driver = d1Driver(env.DB)
  return createApp({
    store: new ConversationStore(driver),
    content: compiled,
    clock: () => new Date(),
    ids: () => crypto.randomUUID(),
    log: jsonLogger((line) => console.log(line)),
    // Per isolate: Workers have no process-wide counters; each isolate reports its own.
    metrics: new Metrics(),
    ping: async () => void (await driver.read({ sql: 'SELECT 1', args: [] })),
  })
}

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    app ??= build(env)
    return app.fetch(request, env)
  },
}
