/**
 * @module test/policy/stories
 * Issue 12's goal over every screening case told as a family's story (test/policy/stories.yaml),
 * driven through the real engine (scripts/screening-drive.ts; `npm run eval:screening` prints the
 * figures): with the story as the first message a first result comes within 10 turns, median 6
 * or fewer; without a story, in fewer turns than before the change. And what the extractor reads
 * in each story agrees with the case's facts.
 */
import { describe, expect, it } from 'vitest'
import { compileContent, readSources } from '../../src/content/compile.js'
import { extract } from '../../src/text/extract.js'
import { normalize } from '../../src/text/normalize.js'
import { distribution, drive, storyCases } from '../../scripts/screening-drive.js'

const BEFORE_PLAIN_MEDIAN = 22.5

const { content } = compileContent(readSources(process.cwd()))
const cases = storyCases(process.cwd())

describe('screening cases told as stories', () => {
  it('every case has a story', () => {
    expect(cases.filter((c) => c.story === undefined).map((c) => `${c.group}: ${c.name}`)).toEqual(
      [],
    )
  })

  it('with the story first, a result within 10 turns, median 6 or fewer', () => {
    const turns = cases.map((c) => ({ name: `${c.group}: ${c.name}`, ...drive(content!, c, true) }))
    const d = distribution(turns.map((t) => t.turns))
    expect(d.stuck).toBe(0)
    expect(d.median).toBeLessThanOrEqual(6)
    expect(turns.filter((t) => (t.turns ?? Infinity) > 10).map((t) => t.name)).toEqual([])
  })

  it('without a story, in fewer turns than before', () => {
    const d = distribution(cases.map((c) => drive(content!, c, false).turns))
    expect(d.stuck).toBe(0)
    expect(d.median).toBeLessThan(BEFORE_PLAIN_MEDIAN)
  })

  it('what each story is read to say agrees with its case', () => {
    const wrong = cases.flatMap((c) => {
      const heard = extract(content!.extract, normalize(c.story ?? '', content!.t2s))
      const off = heard.said.filter((f) => {
        const want = c.facts[f]
        const got = heard.facts[f]
        return typeof want === 'number' && typeof got === 'number'
          ? Math.abs(want - got) > 0.1
          : want !== got
      })
      const region = heard.region !== undefined && heard.region !== c.region ? ['region'] : []
      return [...off, ...region].map(
        (f) => `${c.group}: ${c.name}: ${f}=${String(heard.facts[f] ?? heard.region)}`,
      )
    })
    expect(wrong).toEqual([])
  })
})
