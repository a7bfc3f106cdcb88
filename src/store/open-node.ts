/**
 * @module store/open-node
 * Picks the Node driver from DATABASE_URL: `libsql://`, `http(s)://` or `ws(s)://` → a libsql
 * server (or Turso) through @libsql/client; `file:PATH` or a bare path → the embedded file, its
 * writes on a thread of their own (`:memory:` stays on this thread: one connection only).
 */
import { createClient } from '@libsql/client'
import type { SqlDriver } from './driver.js'
import { libsqlClientDriver } from './libsql-client.js'
import { openLibsqlFile } from './libsql-file.js'
import { openLibsqlFileThreaded } from './libsql-file-threaded.js'

export const DEFAULT_DATABASE = 'file:./data/tonghu.db'

export function openNodeDriver(url: string = DEFAULT_DATABASE, authToken?: string): SqlDriver {
  if (/^(libsql|https?|wss?):\/\//.test(url)) {
    return libsqlClientDriver(createClient({ url, ...(authToken && { authToken }) }))
  }
  const path = url.replace(/^file:/, '')
  return path === ':memory:' ? openLibsqlFile(path) : openLibsqlFileThreaded(path)
}
