/**
 * @module store/d1
 * Cloudflare D1. A write is one `batch`, which D1 runs as one transaction. D1 refuses SQL
 * `BEGIN`/`SAVEPOINT`, so `migrate()` (which wraps each migration in BEGIN…COMMIT) is not for D1:
 * its migrations are applied by `wrangler d1 migrations apply` from the same drizzle/ files.
 *
 * A constraint failure surfaces as an Error whose message reads
 * "D1_ERROR: UNIQUE constraint failed: …: SQLITE_CONSTRAINT (extended: …)", with no `code`;
 * `storeError` recognises it from the message.
 */
import { storeError, type Row, type SqlDriver, type Stmt } from './driver.js'

/** The part of the D1 binding (`D1Database`) this driver uses. */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): D1StatementLike }
  batch(statements: D1StatementLike[]): Promise<{ meta: { changes: number } }[]>
}
interface D1StatementLike {
  all(): Promise<{ results: unknown[] }>
}

/** A SqlDriver over a D1 binding. */
export function d1Driver(db: D1Like): SqlDriver {
  const bind = (s: Stmt): D1StatementLike => db.prepare(s.sql).bind(...s.args)
  return {
    async write(stmts) {
      try {
        const results = await db.batch(stmts.map(bind))
        return results.map((r) => r.meta.changes)
      } catch (e) {
        throw storeError(e, 'write')
      }
    },
    async read(stmt) {
      try {
        return (await bind(stmt).all()).results as Row[]
      } catch (e) {
        throw storeError(e, 'read')
      }
    },
    async exec(script) {
      const parts = script.split('--> statement-breakpoint').filter((sql) => sql.trim())
      try {
        // One batch: a migration applies whole or not at all.
        if (parts.length > 0) await db.batch(parts.map((sql) => bind({ sql, args: [] })))
      } catch (e) {
        throw storeError(e, 'migration')
      }
    },
    async close() {},
  }
}
