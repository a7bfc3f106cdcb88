import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { it } from 'vitest'
import { screen } from '../../src/policy/screen.js'
import { realBundle } from './support.js'
it('dump', () => {
  const dir = join(process.cwd(), 'test', 'policy', 'cases')
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
    const file = parse(readFileSync(join(dir, f), 'utf8'))
    for (const c of file.cases) {
      const a = screen(realBundle(), { region: c.region ?? file.region, asOf: file.asOf, facts: c.facts, ...(c.unknownFacts && { unknownFacts: c.unknownFacts }) })
      for (const [id, want] of Object.entries(c.expect)) {
        const w: any = typeof want === 'string' ? { status: want } : want
        const r = a.results.find((x) => x.entitlement === id)!
        const bad = r.status !== w.status || (w.review !== undefined && (r.review !== undefined) !== w.review) || (w.says ?? []).some((s: string) => !r.reasons.map((x) => x.text).join('|').includes(s)) || (w.missing ?? []).some((m: string) => !r.missing.includes(m as never))
        if (bad) console.log(`MISMATCH ${f} | ${c.name} | ${id} | want ${JSON.stringify(w)} | got ${r.status} review=${r.review !== undefined} missing=${r.missing.join(',')} | ${r.reasons.map((x) => x.text).join(' / ').slice(0, 160)}`)
      }
    }
  }
})
