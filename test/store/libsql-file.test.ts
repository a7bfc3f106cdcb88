import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrations } from '../../src/generated/migrations.js'
import { describe, expect, it } from 'vitest'
import { StoreError } from '../../src/store/driver.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { openLibsqlFileThreaded } from '../../src/store/libsql-file-threaded.js'
import { migrate } from '../../src/store/migrate.js'
import { storeContract } from './contract.js'

const drivers: [string, (path: string) => SqlDriver][] = [
  ['libsql file', openLibsqlFile],
  ['libsql file, writes on a thread', openLibsqlFileThreaded],
]
const tempDb = (name: string): string =>
  join(mkdtempSync(join(tmpdir(), 'tonghu-store-')), `${name}.db`)

for (const [name, open] of drivers) {
  storeContract(name, async () => {
    const driver = open(tempDb('test'))
    await migrate(driver, migrations)
    return driver
  })
}

describe.each(drivers)('%s: group commit when the transaction itself is lost', (_, open) => {
  it('rejects every writer of the batch, keeps none of it, and goes on working', async () => {
    const driver = open(tempDb('lost'))
    await driver.exec('CREATE TABLE t (id TEXT PRIMARY KEY)')
    // Same event-loop turn, so one batch: a good writer, then one whose failure leaves no
    // transaction to roll back to (as SQLite does itself on a full disk or an I/O error).
    const good = driver.write([{ sql: 'INSERT INTO t (id) VALUES (?)', args: ['kept?'] }])
    const bad = driver.write([
      { sql: 'ROLLBACK', args: [] },
      { sql: 'INSERT INTO missing_table (id) VALUES (1)', args: [] },
    ])
    await expect(good).rejects.toBeInstanceOf(StoreError)
    await expect(bad).rejects.toBeInstanceOf(StoreError)
    expect(await driver.read({ sql: 'SELECT id FROM t', args: [] })).toEqual([])
    expect(await driver.write([{ sql: 'INSERT INTO t (id) VALUES (?)', args: ['after'] }])).toEqual(
      [1],
    )
    expect(await driver.read({ sql: 'SELECT id FROM t', args: [] })).toEqual([{ id: 'after' }])
    await driver.close()
  })
})

describe('migration 0002_fold_turns', () => {
  it('moves each turn onto its message and keeps pending messages pending', async () => {
    const driver = openLibsqlFile(tempDb('fold'))
    const fold = migrations.findIndex((m) => m.name === '0002_fold_turns')
    await migrate(driver, migrations.slice(0, fold))
    await driver.write([
      {
        sql: `INSERT INTO inbound_messages (id, conversation_id, payload, received_at, status, response)
              VALUES ('m1', 'c', 'p1', 't1', 'processed', 'r1'), ('m2', 'c', 'p2', 't2', 'pending', NULL)`,
        args: [],
      },
      {
        sql: `INSERT INTO turns VALUES ('c', 1, 'm1', '["r"]', '["e"]', '["v"]', 'at1')`,
        args: [],
      },
    ])
    // The fold and every migration after it, in order.
    expect(await migrate(driver, migrations)).toEqual(migrations.slice(fold).map((m) => m.name))
    expect(migrations[fold + 1]?.name).toBe('0003_console')
    const rows = await driver.read({
      sql: 'SELECT id, status, seq, replies, effects, events, answered_at FROM inbound_messages ORDER BY id',
      args: [],
    })
    expect(rows).toEqual([
      {
        id: 'm1',
        status: 'processed',
        seq: 1,
        replies: '["r"]',
        effects: '["e"]',
        events: '["v"]',
        answered_at: 'at1',
      },
      {
        id: 'm2',
        status: 'pending',
        seq: null,
        replies: null,
        effects: null,
        events: null,
        answered_at: null,
      },
    ])
    await driver.close()
  })
})

describe('libsql file, writes on a thread: when the thread is gone', () => {
  it('refuses writes and reads with a StoreError (a 503), never hangs', async () => {
    const driver = openLibsqlFileThreaded(tempDb('gone'))
    await migrate(driver, migrations)
    await driver.close()
    await expect(driver.write([{ sql: 'SELECT 1', args: [] }])).rejects.toBeInstanceOf(StoreError)
    await expect(driver.read({ sql: 'SELECT 1', args: [] })).rejects.toBeInstanceOf(StoreError)
  })
})

describe('a new database is readable by its owner only', () => {
  it('creates the folder 0700 and the file, and its write-ahead log, 0600', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tonghu-mode-')), 'data')
    const path = join(dir, 'tonghu.db')
    const driver = openLibsqlFile(path)
    await driver.write([{ sql: 'CREATE TABLE t (x INTEGER)', args: [] }])
    await driver.write([{ sql: 'INSERT INTO t VALUES (1)', args: [] }])
    const mode = (p: string) => statSync(p).mode & 0o777
    expect(mode(dir)).toBe(0o700)
    expect(mode(path)).toBe(0o600)
    expect(mode(`${path}-wal`)).toBe(0o600)
    await driver.close()
  })
})
