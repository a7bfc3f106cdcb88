/**
 * Golden conversation transcripts (test/golden/transcripts/*.yaml), run through the whole host.
 * After a deliberate change, `npm run golden -- --update` rewrites them; review the diff.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { realContent } from '../support/content.js'
import { runTranscript, type Transcript } from './run.js'

const dir = 'test/golden/transcripts'

describe('golden transcripts', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    it(file, async () => {
      const golden = parse(readFileSync(`${dir}/${file}`, 'utf8')) as Transcript
      const actual = await runTranscript(golden, realContent())
      expect(actual).toEqual(golden)
    })
  }
})
