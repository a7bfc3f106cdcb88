/**
 * @module node
 * The Node entry: `npm start`. Embedded libsql file by default (no configuration), migrations
 * applied and unanswered messages recovered before the port opens. Honours PORT (8787), HOST
 * (127.0.0.1), DATABASE_URL (file:./data/tonghu.db), DATABASE_AUTH_TOKEN, REPORT_KEY(S),
 * ONCALL_WEBHOOK_URL, METRICS_TOKEN (GET /metrics with it as a bearer token; without it, 404), and for LINE: LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL;
 * for the WeChat Official Account: WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_APP_SECRET,
 * WECHAT_ENCODING_AES_KEY (安全模式), WECHAT_API_BASE_URL; and the limits per client: RATE_LIMITS
 * (`off`), RATE_LIMIT_INSTANCES, TRUST_PROXY (src/http/rate-limit.ts).
 */
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createApp } from './app.js'
import { recoverPending } from './chat/handle-message.js'
import { jsonLogger } from './chat/log.js'
import { clientLimits, requestAddress, type AddressOf } from './http/rate-limit.js'
import { nodeDeps } from './node-deps.js'
import { databaseChecks } from './store/health.js'
import { applyRetention, RETENTION_EVERY_MS, RetentionStore } from './store/retention.js'

const env = process.env
const port = Number(env['PORT'] ?? 8787)
const host = env['HOST'] ?? '127.0.0.1'
const log = jsonLogger((line) => process.stdout.write(line + '\n'))

const { driver, deps, outbox } = await nodeDeps(env, log)
await recoverPending(deps)
// What was left undelivered (a crash between commit and send) goes out now; failed sends are
// tried again as their back-off ends.
outbox.kick()
const retries = setInterval(() => outbox.kick(), 2_000)
// Conversations silent for content/settings.yaml `retentionDays` are deleted now and every hour.
const retention = new RetentionStore(driver)
const purge = (): void =>
  void applyRetention(retention, deps.content.settings.retentionDays, new Date(), log)
purge()
const purges = setInterval(purge, RETENTION_EVERY_MS)

const socket: AddressOf = (c) => getConnInfo(c).remote.address
const limits = clientLimits(env, deps.content.limits, socket)
const app = createApp({
  ...deps,
  ...databaseChecks(driver, () => new Date()),
  ...(limits && { limits }),
  ...(env['METRICS_TOKEN'] && { metricsToken: env['METRICS_TOKEN'] }),
  clientAddress: requestAddress(env, socket),
})
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(
    `童护 Tonghu is running at http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${info.port}/`,
  )
})

const stop = (): void => {
  clearInterval(retries)
  clearInterval(purges)
  server.close(() => {
    void driver.close().then(() => process.exit(0))
  })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
