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
import { loadKeyring } from './reports/keyring.js'
import { cryptoRandom } from './reports/services.js'
import { Live } from './chat/live.js'
import { nobleScrypt } from './console/noble-scrypt.js'
import { consoleServices, queueServices, webhookAlert } from './console/services.js'
import { ConversationStore } from './store/conversations.js'
import { d1Driver, type D1Like } from './store/d1.js'

/** The bindings wrangler.toml declares. */
export interface Env {
  DB: D1Like
  /** Secret (`wrangler secret put REPORT_KEY`): base64 of 32 bytes, or "id:base64,…" to rotate. */
  REPORT_KEY?: string
  /** Where to POST each new emergency or urgent queue item (optional). */
  ONCALL_WEBHOOK_URL?: string
}

let app: Promise<Hono> | undefined

async function build(env: Env): Promise<Hono> {
  const driver = d1Driver(env.DB)
  // No key, no service: reports and messages must not be stored in clear. The error names no key.
  const keys = await loadKeyring(env.REPORT_KEY ?? '')
  const log = jsonLogger((line) => console.log(line))
  const consoleDeps = consoleServices(driver, nobleScrypt)
  return createApp({
    store: new ConversationStore(driver),
    content: compiled,
    clock: () => new Date(),
    ids: () => crypto.randomUUID(),
    log,
    // Per isolate: Workers have no process-wide counters; each isolate reports its own.
    metrics: new Metrics(),
    reports: { cases: consoleDeps.cases, keys, random: cryptoRandom, triage: compiled.triage },
    console: consoleDeps,
    queue: queueServices(consoleDeps),
    // Per isolate: a long poll is woken by turns of this isolate, and otherwise looks every second.
    live: new Live(),
    ...(env.ONCALL_WEBHOOK_URL && { alert: webhookAlert(env.ONCALL_WEBHOOK_URL, log) }),
    ping: async () => void (await driver.read({ sql: 'SELECT 1', args: [] })),
  })
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    app ??= build(env)
    let built: Hono
    try {
      built = await app
    } catch (e) {
      app = undefined // a missing secret can be added without a redeploy
      console.log(
        JSON.stringify({ level: 'error', msg: 'worker_start_failed', kind: (e as Error).name }),
      )
      return new Response('{"error":{"code":"unavailable","message":"Not configured."}}', {
        status: 503,
        headers: { 'content-type': 'application/json' },
      })
    }
    return built.fetch(request, env)
  },
}
