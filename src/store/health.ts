/**
 * @module store/health
 * The two questions a host asks of its database: does it answer (`GET /healthz`: a read), and can
 * it take a write right now (`GET /readyz`: one small row rewritten, so a full disk or a write lock
 * that never comes back shows, where a read would still pass).
 */
import type { SqlDriver } from './driver.js'

export function databaseChecks(driver: SqlDriver, clock: () => Date) {
  return {
    ping: async (): Promise<void> => void (await driver.read({ sql: 'SELECT 1', args: [] })),
    ready: async (): Promise<void> =>
      void (await driver.write([
        {
          sql: `INSERT INTO readiness (id, checked_at) VALUES (1, ?)
                ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at`,
          args: [clock().toISOString()],
        },
      ])),
  }
}
