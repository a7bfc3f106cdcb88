/**
 * Every quote the triage content cites is in the seed document it names (the seeds live in
 * ../shared/seeds beside the repository, as in CI). Whitespace is ignored: the scans break lines.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { documentNumber, quoteIn } from '../../src/triage/checks.js'
import type { Citation } from '../../src/triage/types.js'
import { triageContent } from './support.js'

const SEEDS = join(process.cwd(), '..', 'shared', 'seeds')
const seeds = new Map<string, string>()
if (existsSync(SEEDS))
  for (const f of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
    const text = readFileSync(join(SEEDS, f), 'utf8')
    const number = documentNumber(text)
    if (number) seeds.set(number, text)
  }

const content = triageContent()
const cited: { where: string; c: Citation }[] = [
  ...content.duties.flatMap((d) =>
    d.citations.map((c) => ({ where: `duty ${d.region}/${d.role}`, c })),
  ),
  ...content.directory.map((e) => ({ where: `entry ${e.id}`, c: e.source })),
]

describe.skipIf(seeds.size === 0)(
  'citations (skipped: ../shared/seeds is not beside the repo)',
  () => {
    it('finds all five seed documents', () => {
      expect(seeds.size).toBe(5)
    })

    it.each(cited.filter((x) => x.c.quote !== ''))('$where: $c.doc 「$c.quote」', ({ c }) => {
      const text = seeds.get(c.doc)
      expect(text, `no seed ${c.doc}`).toBeDefined()
      expect(quoteIn(text!, c.quote)).toBe(true)
    })

    it('an uncited contact says it is outside the seeds', () => {
      for (const { where } of cited.filter((x) => x.c.quote === ''))
        expect(
          content.directory.find((e) => `entry ${e.id}` === where)?.outsideSeeds,
          where,
        ).toBeTruthy()
    })
  },
)
