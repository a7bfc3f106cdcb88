/**
 * The whole app with the console on a real libsql file: a frozen clock (Monday 09:00 Beijing, in
 * service hours), seeded ids, the test report key, and cheap scrypt for test accounts (the cost is
 * stored with each hash; production accounts use the default cost).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { createApp, type AppDeps } from '../../src/app.js'
import { jsonLogger } from '../../src/chat/log.js'
import { Live } from '../../src/chat/live.js'
import { Metrics } from '../../src/chat/metrics.js'
import type { Role } from '../../src/console/accounts.js'
import type { ConsoleServices } from '../../src/console/api.js'
import { consoleServices, queueServices } from '../../src/console/services.js'
import { migrations } from '../../src/generated/migrations.js'
import { nodeScrypt } from '../../src/node-scrypt.js'
import { ConversationStore } from '../../src/store/conversations.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { migrate } from '../../src/store/migrate.js'
import { frozenClock, seededIds, type TestClock } from '../support/clock.js'
import { realContent } from '../support/content.js'
import { testReports } from '../reports/support.js'

export const PASSWORD = 'correct horse battery staple'

/**
 * A report through the chat, one message a step: a neighbour's child beaten, 8, in 重庆, a teacher
 * reporting, not anonymous, with a phone number; the last answer holds the case number.
 */
export const REPORT_STEPS = [
  '你好',
  '3',
  '不是',
  '邻居家的孩子经常被打，身上有伤',
  '8岁',
  '重庆',
  '渝北区某小区',
  '不是',
  '是',
  '老师',
  '不',
  '13800000000',
]

export interface ConsoleApp {
  app: Hono
  driver: SqlDriver
  deps: AppDeps & { console: ConsoleServices }
  clock: TestClock
  alerts: unknown[]
  addOperator(name: string, role?: Role): Promise<void>
  /** Signs in; the cookie and CSRF token to send with console requests. */
  signIn(name: string, password?: string): Promise<Operator>
  chat(userId: string, body: string | { choice: string }): Promise<ChatAnswer>
}

export interface ChatAnswer {
  conversationId: string
  replies: { text: string; contacts?: { phone?: string }[]; from?: string }[]
  state: { mode: string; flow: string | null; node: string | null }
}

export interface Operator {
  cookie: string
  csrf: string
  get(path: string): Promise<Response>
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>
}

export async function consoleApp(): Promise<ConsoleApp> {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'tonghu-console-')), 'app.db')
  const driver = openLibsqlFile(dbPath)
  await migrate(driver, migrations)
  const clock = frozenClock()
  const staff = consoleServices(driver, nodeScrypt, { log2N: 10, r: 8, p: 1 })
  const alerts: unknown[] = []
  const deps: AppDeps & { console: ConsoleServices } = {
    store: new ConversationStore(driver),
    content: realContent(),
    clock: clock.now,
    ids: seededIds(),
    log: jsonLogger(() => undefined),
    metrics: new Metrics(),
    reports: await testReports(driver),
    console: staff,
    directory: staff.directory,
    queue: queueServices(staff),
    live: new Live(),
    alert: (a) => alerts.push(a),
    ping: async () => undefined,
  }
  const app = createApp(deps)
  const request = (path: string, init: RequestInit = {}): Promise<Response> =>
    Promise.resolve(app.request(path, init))
  return {
    app,
    driver,
    deps,
    clock,
    alerts,
    async addOperator(name, role = 'operator') {
      const passwordHash = await staff.passwords.hash(PASSWORD)
      await staff.operators.add({
        id: `op-${name}`,
        name,
        role,
        passwordHash,
        at: clock.now().toISOString(),
      })
    },
    async signIn(name, password = PASSWORD) {
      const res = await request('/api/v1/console/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
      })
      if (res.status !== 200) throw new Error(`sign-in ${name}: ${res.status}`)
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
      const { csrfToken } = (await res.json()) as { csrfToken: string }
      return {
        cookie,
        csrf: csrfToken,
        get: (path) => request(path, { headers: { cookie } }),
        post: (path, body, headers = {}) =>
          request(path, {
            method: 'POST',
            headers: {
              cookie,
              'x-csrf-token': csrfToken,
              'content-type': 'application/json',
              ...headers,
            },
            ...(body !== undefined && { body: JSON.stringify(body) }),
          }),
      }
    },
    async chat(userId, body) {
      const res = await request('/api/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, ...(typeof body === 'string' ? { text: body } : body) }),
      })
      return (await res.json()) as ChatAnswer
    },
  }
}
