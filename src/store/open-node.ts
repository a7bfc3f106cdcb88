/**
 * @module store/open-node
 * Picks the Node driver from DATABASE_URL: `libsql://`, `http(s)://` or `ws(s)://` → a libsql
 * server (or Turso) over HTTP, its writes grouped (libsql-client.ts); `file:PATH` or a bare path →
 * the embedded file, its writes on a thread of their own (`:memory:` stays on this thread: one
 * connection only).
 */
import type { SqlDriver } from './driver.js'
import { libsqlClientDriver, type LibsqlClientOptions } from './libsql-client.js'
import { openLibsqlFile } from './libsql-file.js'
import { openLibsqlFileThreaded } from './libsql-file-threaded.js'

export const DEFAULT_DATABASE = 'file:./data/tonghu.db'

/** True when the URL names a libsql server rather than a file. */
export const isServerUrl = (url: string): boolean => /^(libsql|https?|wss?):\/\//.test(url)

export function openNodeDriver(
  url: string = DEFAULT_DATABASE,
  authToken?: string,
  server: Omit<LibsqlClientOptions, 'authToken'> = {},
): SqlDriver {
  if (isServerUrl(url)) return libsqlClientDriver(url, { ...server, authToken })
  const path = url.replace(/^file:/, '')
  return path === ':memory:' ? openLibsqlFile(path) : openLibsqlFileThreaded(path)
}
