/**
 * @module store/libsql-client
 * A libsql server or Turso (`libsql://`, `http://`) through @libsql/client. Each write is one
 * batch, which the server runs as one transaction.
 */
import type { Client, InStatement } from '@libsql/client'
import { storeError, type Row, type SqlDriver, type Stmt } from './driver.js'

export function libsqlClientDriver(client: Client): SqlDriver {
  const toStatement = (s: Stmt): InStatement => ({ sql: s.sql, args: s.args })
  return {
    async write(stmts) {
      try {
        const results = await client.batch(stmts.map(toStatement), 'write')
        return results.map((r) => r.rowsAffected)
      } catch (e) {
        throw storeError(e, 'write')
      }
    },
    async read(stmt) {
      try {
        const result = await client.execute(toStatement(stmt))
        return result.rows.map((r) =>
          Object.fromEntries(result.columns.map((c, i) => [c, r[i] as Row[string]])),
        )
      } catch (e) {
        throw storeError(e, 'read')
      }
    },
    async exec(script) {
      try {
        await client.executeMultiple(script)
      } catch (e) {
        throw storeError(e, 'migration')
      }
    },
    async close() {
      client.close()
    },
  }
}
