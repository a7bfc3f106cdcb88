/**
 * @module console/pages
 * The console's server-rendered pages (placeholder until the pages land).
 */
import { Hono } from 'hono'
import type { ConsoleDeps } from './api.js'

export function consolePages(_deps: ConsoleDeps): Hono {
  return new Hono()
}
