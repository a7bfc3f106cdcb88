/** The real app on a real libsql file in a temp dir, with a frozen clock and seeded ids. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hono } from 'hono'
import { createApp } from '../../src/app.js'
import type { ChatDeps } from '../../src/chat/handle-message.js'
import { jsonLogger } from '../../src/chat/log.js'
import { Metrics } from '../../src/chat/metrics.js'
import { migrations } from '../../src/generated/migrations.js'
import { ConversationStore } from '../../src/store/conversations.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { migrate } from '../../src/store/migrate.js'
import { databaseChecks } from '../../src/store/health.js'
import { frozenClock, seededIds } from './clock.js'
import { realContent } from './content.js'

export interface TestApp {
  app: Hono
  driver: SqlDriver
  deps: ChatDeps
  dbPath: string
  logs: string[]
  post(body: unknown): Promise<Response>
}

export async function testApp(): Promise<TestApp> {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'tonghu-app-')), 'app.db')
  const driver = openLibsqlFile(dbPath)
  await migrate(driver, migrations)
  const logs: string[] = []
  const deps: ChatDeps = {
    store: new ConversationStore(driver),
    content: realContent(),
    clock: frozenClock().now,
    ids: seededIds(),
    log: jsonLogger((line) => logs.push(line)),
    metrics: new Metrics(),
  }
  const app = createApp({ ...deps, ...databaseChecks(driver, deps.clock) })
  const post = (body: unknown): Promise<Response> =>
    Promise.resolve(
      app.request('/api/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    )
  return { app, driver, deps, dbPath, logs, post }
}
