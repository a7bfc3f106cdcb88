/** Report services for tests: a fixed test key (never a real one) and seeded random bytes. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { createApp, type AppDeps } from '../../src/app.js'
import type { ChatDeps } from '../../src/chat/handle-message.js'
import { jsonLogger } from '../../src/chat/log.js'
import { Metrics } from '../../src/chat/metrics.js'
import { migrations } from '../../src/generated/migrations.js'
import { loadKeyring, type Keyring } from '../../src/reports/keyring.js'
import { Passwords } from '../../src/console/password.js'
import { nodeScrypt } from '../../src/node-scrypt.js'
import type { ReportServices } from '../../src/reports/services.js'
import { CaseStore } from '../../src/store/cases.js'
import { ConversationStore } from '../../src/store/conversations.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { migrate } from '../../src/store/migrate.js'
import { frozenClock, seededIds, type TestClock } from '../support/clock.js'
import { realContent } from '../support/content.js'
import { webUser } from '../support/users.js'

/** scrypt at a test's cost: the same code as PIN_COST, a thousandth of the work. */
export const TEST_PIN_COST = { log2N: 4, r: 8, p: 1 }

/** The header a test names its client's address in (see reportApp). */
export const TEST_ADDRESS = 'x-test-address'

/** 32 bytes of 0x01, base64: a test key. */
export const TEST_KEY = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE='

/** Deterministic bytes (xorshift32): the same case numbers and PINs on every run. */
export function seededRandom(seed = 0x2026): (n: number) => Uint8Array {
  let x = seed
  return (n) => {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      x >>>= 0
      out[i] = x & 0xff
    }
    return out
  }
}

export async function testReports(driver: SqlDriver, keys?: Keyring): Promise<ReportServices> {
  return {
    cases: new CaseStore(driver),
    keys: keys ?? (await loadKeyring(`test:${TEST_KEY}`)),
    // Cheap scrypt for tests (the cost is stored with each hash; production uses PIN_COST).
    pins: new Passwords(nodeScrypt, TEST_PIN_COST),
    random: seededRandom(),
    triage: realContent().triage,
  }
}

export interface ReportApp {
  app: Hono
  driver: SqlDriver
  deps: ChatDeps & { reports: ReportServices }
  dbPath: string
  logs: string[]
  clock: TestClock
  chat(userId: string, text: string): Promise<{ replies: { text: string }[] }>
}

/** The app on a fresh libsql file; `extra` adds what a test needs (limits, say). */
export async function reportApp(extra: Partial<AppDeps> = {}): Promise<ReportApp> {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'tonghu-reports-')), 'app.db')
  const driver = openLibsqlFile(dbPath)
  await migrate(driver, migrations)
  const logs: string[] = []
  const clock = frozenClock()
  const deps = {
    store: new ConversationStore(driver),
    content: realContent(),
    clock: clock.now,
    ids: seededIds(),
    log: jsonLogger((line) => logs.push(line)),
    metrics: new Metrics(),
    reports: await testReports(driver),
  }
  // The client's address from a test header (Node tells it from the socket, Workers from the edge).
  const app = createApp({
    ...deps,
    ping: async () => undefined,
    clientAddress: (c) => c.req.header(TEST_ADDRESS),
    ...extra,
  })
  const chat = async (userId: string, text: string) =>
    (await (
      await app.request('/api/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: webUser(userId), text }),
      })
    ).json()) as { replies: { text: string }[] }
  return { app, driver, deps, dbPath, logs, clock, chat }
}

/** POST /api/v1/reports with a JSON body: the status and the answer. */
export async function submit(
  t: { app: Hono },
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await t.app.request('/api/v1/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
