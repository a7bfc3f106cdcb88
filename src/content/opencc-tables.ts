/**
 * @module content/opencc-tables
 * Character tables taken from opencc-js's dictionaries at build time: traditional → simplified
 * for matching input, and the simplified characters that tell us a user writes simplified.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

function dictionary(name: string): [string, string[]][] {
  const require = createRequire(import.meta.url)
  const root = join(dirname(require.resolve('opencc-js')), '..', '..') // dist/umd/full.js
  const source = readFileSync(join(root, 'dist', 'esm-lib', 'dict', `${name}.js`), 'utf8')
  const body = /export default "(.*)"/s.exec(source)?.[1] ?? ''
  return body.split('|').map((pair) => {
    const [from = '', ...to] = pair.split(' ')
    return [from, to]
  })
}

export function opencc(): { t2s: Record<string, string>; simplifiedOnly: Record<string, 1> } {
  const st = dictionary('STCharacters')
  const simplifiedKeys = new Set(st.map(([s]) => s))
  const t2s: Record<string, string> = {}
  for (const [t, [s]] of dictionary('TSCharacters')) {
    // Skip characters that are also ordinary simplified ones (干/乾, 后/後 keep their simplified use).
    if (s !== undefined && s !== t && [...t].length === 1 && !simplifiedKeys.has(t)) t2s[t] = s
  }
  const simplifiedOnly: Record<string, 1> = {}
  for (const [s, ts] of st) {
    if ([...s].length === 1 && !ts.includes(s) && t2s[s] === undefined) simplifiedOnly[s] = 1
  }
  return { t2s, simplifiedOnly }
}
