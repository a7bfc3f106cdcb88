/**
 * @module node-deps
 * Everything a Node process needs to hold conversations, composed once for `npm start`,
 * `npm run wechaty` and `npm run chat`: the database from DATABASE_URL (migrated), the report
 * key(s), the stores, the outbox's deliverer.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ChatDeps } from './chat/handle-message.js'
import { Live } from './chat/live.js'
import type { ConsoleServices } from './console/api.js'
import { consoleServices, queueServices, webhookAlert } from './console/services.js'
import { nodeScrypt } from './node-scrypt.js'
import { Passwords } from './console/password.js'
import { PIN_COST } from './reports/pin.js'
import type { PushChannel } from './channels/channel.js'
import type { LineConfig } from './channels/line/webhook.js'
import { wechatFromSettings } from './channels/wechat/settings.js'
import type { WechatConfig } from './channels/wechat/webhook.js'
import { OutboxDeliverer } from './chat/outbox.js'
import { lineChannel } from './node-line.js'
import { OutboxStore } from './store/outbox.js'
import type { Logger } from './chat/log.js'
import { NodeMetrics } from './node-metrics.js'
import { compiled } from './generated/content.js'
import { migrations } from './generated/migrations.js'
import { nodeAesGcm } from './node-aes-gcm.js'
import { loadKeyring, newKeyBase64 } from './reports/keyring.js'
import { cryptoRandom } from './reports/services.js'
import { ConversationStore } from './store/conversations.js'
import type { SqlDriver } from './store/driver.js'
import { migrate } from './store/migrate.js'
import { DEFAULT_DATABASE, openNodeDriver } from './store/open-node.js'

const KEY_FILE = './data/report.key'
/**
 * Push channels sent by a process of their own (`npm run wechaty`, the bridge that holds the
 * WeChat login): the other processes leave their replies, an operator's words too, in the outbox
 * for it.
 */
const BRIDGED = ['wechaty']
type Env = Record<string, string | undefined>

/**
 * The report key(s): REPORT_KEYS ("id:base64,…", the first seals) or REPORT_KEY (base64, 32
 * bytes). With neither, on a local file database only, a key is made once in KEY_FILE; a
 * shared database needs the same key on every instance, so it must be configured.
 */
function reportKeyConfig(env: Env, databaseUrl: string, log: Logger): string {
  const configured = env['REPORT_KEYS'] || env['REPORT_KEY']
  if (configured) return configured
  if (!databaseUrl.startsWith('file:'))
    throw new Error('REPORT_KEY must be set when DATABASE_URL is a shared database')
  if (!existsSync(KEY_FILE)) {
    mkdirSync(dirname(KEY_FILE), { recursive: true, mode: 0o700 })
    writeFileSync(KEY_FILE, newKeyBase64() + '\n', { mode: 0o600, flag: 'wx' })
    log.info('report_key_generated', {
      file: KEY_FILE,
      note: 'back it up; set REPORT_KEY in production',
    })
  }
  return readFileSync(KEY_FILE, 'utf8')
}

/** DATABASE_TIMEOUT_MS: how long a request to a libsql server may take (a 503 after it). */
function databaseTimeout(setting: string | undefined): number | undefined {
  if (!setting) return undefined
  const ms = Number(setting)
  if (!Number.isInteger(ms) || ms < 1)
    throw new Error('DATABASE_TIMEOUT_MS must be a whole number of milliseconds')
  return ms
}

/**
 * Opens and migrates the database and composes the chat's dependencies. `bridge`: the push
 * channels of a bridge process, which then sends those (and only those); without it, the
 * server's (LINE when it is configured).
 */
export async function nodeDeps(
  env: Env,
  log: Logger,
  bridge?: Record<string, PushChannel>,
): Promise<{
  driver: SqlDriver
  deps: ChatDeps & { console: ConsoleServices; line?: LineConfig; wechat?: WechatConfig }
  outbox: OutboxDeliverer
}> {
  const databaseUrl = env['DATABASE_URL'] || DEFAULT_DATABASE
  const keys = await loadKeyring(reportKeyConfig(env, databaseUrl, log), nodeAesGcm)
  const driver = openNodeDriver(databaseUrl, env['DATABASE_AUTH_TOKEN'], {
    timeoutMs: databaseTimeout(env['DATABASE_TIMEOUT_MS']),
  })
  const applied = await migrate(driver, migrations)
  if (applied.length > 0) log.info('migrations_applied', { count: applied.length })
  const staff = consoleServices(driver, nodeScrypt)
  const webhook = env['ONCALL_WEBHOOK_URL']
  const metrics = new NodeMetrics()
  // LINE when it is configured (both settings): its answers go out through the outbox.
  const secret = env['LINE_CHANNEL_SECRET']
  const token = env['LINE_CHANNEL_ACCESS_TOKEN']
  const channels: Record<string, PushChannel> =
    bridge ??
    (secret && token
      ? {
          line: lineChannel({
            channelAccessToken: token,
            baseURL: env['LINE_API_BASE_URL'],
            texts: compiled.texts,
          }),
        }
      : {})
  // The WeChat Official Account when WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET are set: the
  // server's (a bridge process sends its own channel only).
  const outboxStore = new OutboxStore(driver)
  const wechat = bridge
    ? undefined
    : wechatFromSettings(env, { driver, outbox: outboxStore }, compiled.texts)
  if (wechat) channels['wechat'] = wechat.channel
  const outbox = new OutboxDeliverer({
    store: outboxStore,
    channels,
    elsewhere: BRIDGED.filter((c) => !(c in channels)),
    open: (sealed) => keys.open(sealed),
    clock: () => new Date(),
    log,
    metrics,
  })
  const deps: ChatDeps & { console: ConsoleServices; line?: LineConfig; wechat?: WechatConfig } = {
    store: new ConversationStore(driver),
    content: compiled,
    clock: () => new Date(),
    ids: randomUUID,
    log,
    metrics,
    reports: {
      cases: staff.cases,
      keys,
      pins: new Passwords(nodeScrypt, PIN_COST),
      random: cryptoRandom,
      triage: compiled.triage,
    },
    console: staff,
    directory: staff.directory,
    queue: queueServices(staff),
    live: new Live(),
    ...(webhook && { alert: webhookAlert(webhook, log) }),
    outbox,
    ...(secret &&
      token && {
        line: {
          channelSecret: secret,
          busy: async (user: string) => channels['line']?.busy?.(user),
        },
      }),
    ...(wechat && { wechat: wechat.config }),
  }
  return { driver, deps, outbox }
}
