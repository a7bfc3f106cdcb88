/**
 * @module node
 * The Node entry: `npm start`. Embedded libsql file by default (no configuration), migrations
 * applied and unanswered messages recovered before the port opens. Honours PORT (8787), HOST
 * (127.0.0.1), DATABASE_URL (file:./data/tonghu.db) and DATABASE_AUTH_TOKEN.
 */
import { randomUUID } from 'node:crypto'
import { serve } from '@hono/node-server'
import { createApp } from './app.js'
import { recoverPending, type ChatDeps } from './chat/handle-message.js'
import { jsonLogger } from './chat/log.js'
import { Metrics } from './chat/metrics.js'
import { compiled } from './generated/content.js'
import { migrations } from './generated/migrations.js'
import { ConversationStore } from './store/conversations.js'
import { migrate } from './store/migrate.js'
import { DEFAULT_DATABASE, openNodeDriver } from './store/open-node.js'

const env = process.env
const port = Number(env['PORT'] ?? 8787)
const host = env['HOST'] ?? '127.0.0.1'
const log = jsonLogger((line) => process.stdout.write(line + '\n'))

const driver = openNodeDriver(env['DATABASE_URL'] || DEFAULT_DATABASE, env['DATABASE_AUTH_TOKEN'])
const applied = await migrate(driver, migrations)
if (applied.length > 0) log.info('migrations_applied', { count: applied.length })

const deps: ChatDeps = {
  store: new ConversationStore(driver),
  content: compiled,
  clock: () => new Date(),
  ids: randomUUID,
  log,
  metrics: new Metrics(),
}
await recoverPending(deps)

const app = createApp({
  ...deps,
  ping: async () => void (await driver.read({ sql: 'SELECT 1', args: [] })),
})
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(
    `童护 Tonghu is running at http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${info.port}/`,
  )
})

const stop = (): void => {
  server.close(() => {
    void driver.close().then(() => process.exit(0))
  })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
