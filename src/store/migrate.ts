/**
 * @module store/migrate
 * Applies the drizzle-kit migrations (bundled at build time) that a database has not had yet.
 * Node runs this at start; D1 gets the same files through `wrangler d1 migrations apply`.
 */
import type { SqlDriver } from './driver.js'

export interface Migration {
  name: string
  sql: string
}

export async function migrate(
  driver: SqlDriver,
  migrations: readonly Migration[],
): Promise<string[]> {
  await driver.exec(
    'CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
  )
  const done = new Set(
    (await driver.read({ sql: 'SELECT name FROM _migrations', args: [] })).map((r) => r['name']),
  )
  const applied: string[] = []
  for (const m of migrations) {
    if (done.has(m.name)) continue
    const record = `INSERT INTO _migrations (name, applied_at) VALUES ('${m.name.replace(/'/g, "''")}', datetime('now'))`
    await driver.exec(
      `BEGIN;\n${m.sql.replaceAll('--> statement-breakpoint', '')}\n;${record};\nCOMMIT;`,
    )
    applied.push(m.name)
  }
  return applied
}
