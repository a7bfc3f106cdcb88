/**
 * `npm run rekey`: seals every sealed value again under the newest report key (the first of
 * REPORT_KEYS), on the database of DATABASE_URL, while the service runs or not. Run it after
 * putting the new key first on every instance; once it reports nothing left under an old key,
 * that key can be dropped. Safe to stop and to run again (src/store/rekey.ts).
 */
import { silentLogger } from '../src/chat/log.js'
import { nodeDeps } from '../src/node-deps.js'
import { rekey } from '../src/store/rekey.js'

const { driver, deps } = await nodeDeps(process.env, silentLogger)
try {
  const keys = deps.reports!.keys
  process.stdout.write(`sealing again under key "${keys.currentId}"\n`)
  const result = await rekey(driver, keys, {
    onBatch: (p) => process.stdout.write(`  ${p.table}: ${p.resealed} rows\n`),
  })
  let left = 0
  for (const [table, n] of Object.entries(result.resealed)) {
    const remaining = result.remaining[table] ?? 0
    const unreadable = result.unreadable[table] ?? 0
    left += remaining
    process.stdout.write(
      `${table}: ${n} sealed again, ${remaining} still under an old key` +
        (unreadable > 0 ? ` (${unreadable} no configured key opens)` : '') +
        '\n',
    )
  }
  process.stdout.write(
    left === 0
      ? 'done: every sealed value is under the newest key; older keys can be dropped\n'
      : 'not done: run it again (rows changed meanwhile), or configure the key that opens the rest\n',
  )
  process.exitCode = left === 0 ? 0 : 1
} finally {
  await driver.close()
}
