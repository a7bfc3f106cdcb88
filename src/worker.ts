/**
 * @module worker
 * The Cloudflare Workers entry (wrangler.toml): the same app as on Node, on D1. The app is built
 * once per isolate, on its first request, since the D1 binding only arrives with a request.
 * Migrations are applied by `wrangler d1 migrations apply`, not here: a Worker has no start.
 */
import type { ExecutionContext, Hono } from 'hono'
import { createApp } from './app.js'
import { jsonLogger } from './chat/log.js'
import { Metrics } from './chat/metrics.js'
import { compiled } from './generated/content.js'
import { loadKeyring } from './reports/keyring.js'
import { cryptoRandom } from './reports/services.js'
import { Live } from './chat/live.js'
import { nobleScrypt } from './console/noble-scrypt.js'
import { Passwords } from './console/password.js'
import { PIN_COST } from './reports/pin.js'
import { consoleServices, queueServices, webhookAlert } from './console/services.js'
import { ConversationStore } from './store/conversations.js'
import { d1Driver, type D1Like } from './store/d1.js'
import { lineFetchChannel } from './channels/line/api.js'
import { OutboxDeliverer } from './chat/outbox.js'
import { databaseChecks } from './store/health.js'
import {
  clientLimits,
  requestAddress,
  type AddressOf,
  type LimitSettings,
} from './http/rate-limit.js'
import { applyRetention, RetentionStore } from './store/retention.js'
import { OutboxStore } from './store/outbox.js'
import { wechatFromSettings, type WechatSettings } from './channels/wechat/settings.js'
import type { PushChannel } from './channels/channel.js'

/** The bindings wrangler.toml declares; WeChat's (WECHAT_*) as on Node (src/channels/wechat/settings.ts). */
export interface Env extends WechatSettings, LimitSettings {
  DB: D1Like
  /** Secret (`wrangler secret put REPORT_KEY`): base64 of 32 bytes, or "id:base64,…" to rotate. */
  REPORT_KEY?: string
  /** Where to POST each new emergency or urgent queue item (optional). */
  ONCALL_WEBHOOK_URL?: string
  /** Secret: GET /metrics answers only with it as a bearer token (404 without it). */
  METRICS_TOKEN?: string
  /** LINE (both secrets set it up; the base URL only for tests). */
  LINE_CHANNEL_SECRET?: string
  LINE_CHANNEL_ACCESS_TOKEN?: string
  LINE_API_BASE_URL?: string
}

interface Built {
  app: Hono
  outbox: OutboxDeliverer
  /** Deletes conversations silent for content/settings.yaml `retentionDays`. */
  purge(now: Date): Promise<number>
}

let built: Promise<Built> | undefined

async function build(env: Env): Promise<Built> {
  const driver = d1Driver(env.DB)
  // No key, no service: reports and messages must not be stored in clear. The error names no key.
  const keys = await loadKeyring(env.REPORT_KEY ?? '')
  const log = jsonLogger((line) => console.log(line))
  const consoleDeps = consoleServices(driver, nobleScrypt)
  const metrics = new Metrics()
  const line = env.LINE_CHANNEL_SECRET && env.LINE_CHANNEL_ACCESS_TOKEN
  const outboxStore = new OutboxStore(driver)
  const wechat = wechatFromSettings(env, { driver, outbox: outboxStore }, compiled.texts)
  const channels: Record<string, PushChannel> = {
    ...(line && {
      line: lineFetchChannel({
        channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN!,
        baseURL: env.LINE_API_BASE_URL,
        texts: compiled.texts,
      }),
    }),
    ...(wechat && { wechat: wechat.channel }),
  }
  const outbox = new OutboxDeliverer({
    store: outboxStore,
    channels,
    open: (sealed) => keys.open(sealed),
    clock: () => new Date(),
    log,
    metrics,
  })
  // Cloudflare sets CF-Connecting-IP itself; a client cannot choose it.
  const socket: AddressOf = (c) => c.req.header('cf-connecting-ip')
  const limits = clientLimits(env, compiled.limits, socket)
  const app = createApp({
    store: new ConversationStore(driver),
    content: compiled,
    clock: () => new Date(),
    ids: () => crypto.randomUUID(),
    log,
    // Per isolate: Workers have no process-wide counters; each isolate reports its own.
    metrics,
    reports: {
      cases: consoleDeps.cases,
      keys,
      pins: new Passwords(nobleScrypt, PIN_COST),
      random: cryptoRandom,
      triage: compiled.triage,
    },
    console: consoleDeps,
    directory: consoleDeps.directory,
    queue: queueServices(consoleDeps),
    // Per isolate: a long poll is woken by turns of this isolate, and otherwise looks every second.
    live: new Live(),
    ...(env.ONCALL_WEBHOOK_URL && { alert: webhookAlert(env.ONCALL_WEBHOOK_URL, log) }),
    outbox,
    ...(line && {
      line: {
        channelSecret: env.LINE_CHANNEL_SECRET!,
        busy: async (user: string) => channels['line']?.busy?.(user),
      },
    }),
    ...(wechat && { wechat: wechat.config }),
    ...databaseChecks(driver, () => new Date()),
    ...(limits && { limits }),
    ...(env.METRICS_TOKEN && { metricsToken: env.METRICS_TOKEN }),
    clientAddress: requestAddress(env, socket),
  })
  const retention = new RetentionStore(driver)
  const purge = (now: Date): Promise<number> =>
    applyRetention(retention, compiled.settings.retentionDays, now, log)
  return { app, outbox, purge }
}

/** The app of this isolate, built on its first use; undefined (and logged) when not configured. */
async function builtFor(env: Env): Promise<Built | undefined> {
  built ??= build(env)
  try {
    return await built
  } catch (e) {
    built = undefined // a missing secret can be added without a redeploy
    console.log(
      JSON.stringify({ level: 'error', msg: 'worker_start_failed', kind: (e as Error).name }),
    )
    return undefined
  }
}

export default {
  async fetch(request: Request, env: Env, ctx?: ExecutionContext): Promise<Response> {
    const ready = await builtFor(env)
    if (!ready)
      return new Response('{"error":{"code":"unavailable","message":"Not configured."}}', {
        status: 503,
        headers: { 'content-type': 'application/json' },
      })
    return ready.app.fetch(request, env, ctx)
  },

  /**
   * The cron trigger (wrangler.toml, every minute): sends whose back-off has ended go out; on the
   * hour, retention deletes conversations silent for too long.
   */
  async scheduled(
    event: { scheduledTime?: number },
    env: Env,
    ctx: ExecutionContext,
  ): Promise<void> {
    const ready = await builtFor(env)
    if (!ready) return
    ready.outbox.kick()
    ctx.waitUntil(ready.outbox.idle())
    const at = new Date(event.scheduledTime ?? Date.now())
    if (at.getUTCMinutes() === 0) ctx.waitUntil(ready.purge(at))
  },
}
