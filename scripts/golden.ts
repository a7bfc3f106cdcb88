/**
 * `npm run golden` checks the golden transcripts; `npm run golden -- --update` rewrites what the
 * bot answered in each from what it answers now (the user's lines are kept). Review the diff.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { parse, stringify } from 'yaml'
import { runTranscript, type Transcript } from '../test/golden/run.js'
import { realContent } from '../test/support/content.js'

const dir = 'test/golden/transcripts'
const update = process.argv.includes('--update')
let changed = 0
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
  const path = `${dir}/${file}`
  const source = readFileSync(path, 'utf8')
  const golden = parse(source) as Transcript
  const actual = await runTranscript(golden, realContent())
  if (isDeepStrictEqual(actual, golden)) continue
  changed++
  if (update) {
    const header = source
      .split('\n')
      .filter((l) => l.startsWith('#'))
      .join('\n')
    writeFileSync(path, (header ? header + '\n' : '') + stringify(actual, { lineWidth: 0 }))
    console.log(`updated ${path}`)
  } else {
    console.log(`differs: ${path}`)
  }
}
console.log(update ? `${changed} transcript(s) rewritten` : `${changed} transcript(s) differ`)
process.exit(!update && changed > 0 ? 1 : 0)
