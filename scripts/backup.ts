/**
 * `npm run backup -- PATH`: an online copy of the embedded database (DATABASE_URL, default
 * file:./data/tonghu.db) to PATH, a new file, while the service runs (src/store/backup.ts). To
 * restore: stop the service, put the copy in the database's place (or point DATABASE_URL at it)
 * and start it. The report key is not in the copy: keep ./data/report.key (or REPORT_KEYS) with
 * it, or the sealed values in it cannot be read.
 */
import { BackupError, backupFile } from '../src/store/backup.js'
import { DEFAULT_DATABASE, isServerUrl } from '../src/store/open-node.js'

const url = process.env['DATABASE_URL'] || DEFAULT_DATABASE
const target = process.argv[2]
if (!target) {
  process.stderr.write('usage: npm run backup -- PATH   (a new file)\n')
  process.exit(2)
}
if (isServerUrl(url)) {
  process.stderr.write(
    'DATABASE_URL is a libsql server: back it up where it runs (its own snapshots); npm run backup copies a file database\n',
  )
  process.exit(2)
}
try {
  backupFile(url.replace(/^file:/, ''), target)
  process.stdout.write(`copied to ${target} (keep the report key with it)\n`)
} catch (e) {
  if (!(e instanceof BackupError)) throw e
  process.stderr.write(e.message + '\n')
  process.exit(1)
}
