/**
 * @module test/workers/store
 * The store contract on D1, inside workerd; and what D1's own errors become.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { d1Driver } from '../../src/store/d1.js'
import { StoreConflictError, StoreError } from '../../src/store/driver.js'
import { storeContract } from '../store/contract.js'

storeContract('D1 in workerd', async () => d1Driver(env.DB))

describe('D1 errors', () => {
  const db = d1Driver(env.DB)
  const insert = (id: string, phone: string) => ({
    sql: `INSERT INTO inbound_messages (id, conversation_id, payload, received_at, status)
          VALUES (?, 'c', ?, '2026-01-01T00:00:00Z', 'pending')`,
    args: [id, phone],
  })

  it('a duplicate key inside a batch is a conflict, and nothing of the batch is kept', async () => {
    const [a, b] = [`d1-${crypto.randomUUID()}`, `d1-${crypto.randomUUID()}`]
    await db.write([insert(a, '{}')])
    const failed = db.write([insert(b, '{}'), insert(a, '{}')])
    await expect(failed).rejects.toBeInstanceOf(StoreConflictError)
    const rows = await db.read({ sql: 'SELECT id FROM inbound_messages WHERE id = ?', args: [b] })
    expect(rows).toEqual([])
  })

  it('any other failure is a StoreError that does not repeat what was bound', async () => {
    const secret = '13800138000'
    const failed = db.write([{ sql: 'INSERT INTO no_such_table (x) VALUES (?)', args: [secret] }])
    const error = await failed.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect(error).not.toBeInstanceOf(StoreConflictError)
    expect((error as Error).message).not.toContain(secret)
    expect((error as Error).cause).toBeDefined()
  })

  it('a migration script applies whole or not at all', async () => {
    const table = `m_${crypto.randomUUID().replaceAll('-', '')}`
    const script = `CREATE TABLE ${table} (a TEXT);\n--> statement-breakpoint\nINSERT INTO no_such_table VALUES (1);`
    await expect(db.exec(script)).rejects.toBeInstanceOf(StoreError)
    const tables = await db.read({
      sql: `SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`,
      args: [table],
    })
    expect(tables).toEqual([])
  })
})
