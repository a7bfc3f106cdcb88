/**
 * @module store/d1
 * Cloudflare D1. A write is one `batch`, which D1 runs as one transaction.
 */
import { storeError, type Row, type SqlDriver, type Stmt } from './driver.js'

/** The part of the D1 binding this driver uses (from @cloudflare/workers-types). */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): D1StatementLike }
  batch(statements: D1StatementLike[]): Promise<{ meta: { changes: number } }[]>
  exec(sql: string): Promise<unknown>
}
interface D1StatementLike {
  all(): Promise<{ results: unknown[] }>
}

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
      try {
        for (const sql of script.split('--> statement-breakpoint')) {
          if (sql.trim()) await db.prepare(sql).bind().all()
        }
      } catch (e) {
        throw storeError(e, 'migration')
      }
    },
    async close() {},
  }
}
