import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrations } from '../../src/generated/migrations.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { migrate } from '../../src/store/migrate.js'
import { storeContract } from './contract.js'

storeContract('libsql file', async () => {
  const driver = openLibsqlFile(join(mkdtempSync(join(tmpdir(), 'tonghu-store-')), 'test.db'))
  await migrate(driver, migrations)
  return driver
})
