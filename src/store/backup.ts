/**
 * @module store/backup
 * `npm run backup`: an online copy of the embedded database. SQLite's `VACUUM INTO` reads one
 * consistent snapshot (a read transaction: with WAL, the service's writes go on meanwhile) and
 * writes it, compacted, to a new file, which holds every commit made before the copy began. The
 * copy is readable by its owner only, like the database.
 */
import Database from 'libsql'
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

export class BackupError extends Error {
  override readonly name = 'BackupError'
}

/** Copies the database at `source` to `target`, a file that must not exist yet. */
export function backupFile(source: string, target: string): void {
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`)
  if (existsSync(target)) throw new BackupError(`${target} exists already; name a new file`)
  if (resolve(source) === resolve(target)) throw new BackupError('the copy must be another file')
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
  const db = new Database(source, { readonly: true })
  try {
    db.pragma('busy_timeout = 5000')
    db.prepare('VACUUM INTO ?').run(target)
  } finally {
    db.close()
  }
  chmodSync(target, 0o600)
}
