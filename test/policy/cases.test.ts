/**
 * @module test/policy/cases
 * Screening cases as data (test/policy/cases/<region>.yaml, like OpenFisca's tests): facts in,
 * statuses, review flags, citations, missing facts and amounts out. The parity test reads the
 * entitlement list from the compiled content: an entitlement without an eligible, a
 * not-eligible and an unknown case fails the suite.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { screen } from '../../src/policy/screen.js'
import type { Result, RuleNode, Status } from '../../src/policy/types.js'
import { realBundle } from './support.js'

const status = z.enum(['eligible', 'not_eligible', 'unknown'])
const expectation = z.union([
  status,
  z.strictObject({
    status,
    review: z.boolean().optional(),
    /** Each string must appear in some reason's "doc section". */
    cites: z.array(z.string()).optional(),
    /** Each string must appear in some reason's text. */
    says: z.array(z.string()).optional(),
    missing: z.array(z.string()).optional(),
    amount: z
      .strictObject({
        value: z.number().optional(),
        atLeast: z.boolean().optional(),
        text: z.string().optional(),
        pending: z.array(z.string()).optional(),
      })
      .optional(),
  }),
])
const caseFile = z.strictObject({
  region: z.string(),
  asOf: z.string(),
  cases: z.array(
    z.strictObject({
      name: z.string(),
      region: z.string().optional(),
      facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      unknownFacts: z.array(z.string()).optional(),
      expect: z.record(z.string(), expectation),
      ask: z
        .strictObject({ first: z.string().optional(), excludes: z.array(z.string()).optional() })
        .optional(),
    }),
  ),
})
type CaseFile = z.infer<typeof caseFile>

const dir = join(process.cwd(), 'test', 'policy', 'cases')
const files: CaseFile[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => caseFile.parse(parse(readFileSync(join(dir, f), 'utf8'))))

function check(result: Result, want: z.infer<typeof expectation>): void {
  const w = typeof want === 'string' ? { status: want } : want
  const why = `${result.entitlement}: ${JSON.stringify(result.reasons.map((r) => r.text))} missing=${result.missing.join(',')}`
  expect(result.status, why).toBe(w.status)
  if ('review' in w && w.review !== undefined)
    expect(result.review !== undefined, why).toBe(w.review)
  if (result.status !== 'unknown' || result.missing.length === 0)
    for (const r of result.reasons) expect(r.citation.quote.length, why).toBeGreaterThan(0)
  if ('cites' in w)
    for (const c of w.cites ?? [])
      expect(
        result.reasons.map((r) => `${r.citation.doc} ${r.citation.section}`).join(' | '),
        why,
      ).toContain(c)
  if ('says' in w)
    for (const s of w.says ?? [])
      expect(result.reasons.map((r) => r.text).join(' | '), why).toContain(s)
  if ('missing' in w) expect(result.missing, why).toEqual(expect.arrayContaining(w.missing ?? []))
  if ('amount' in w && w.amount) {
    const a = result.amount
    expect(a, why).toBeDefined()
    if (w.amount.value !== undefined) expect(a?.value).toBe(w.amount.value)
    if (w.amount.atLeast !== undefined) expect(a?.atLeast ?? false).toBe(w.amount.atLeast)
    if (w.amount.text !== undefined) expect(a?.text).toContain(w.amount.text)
    if (w.amount.pending) expect(a?.pending?.map((p) => p.param) ?? []).toEqual(w.amount.pending)
  }
}

for (const file of files) {
  describe(`cases: ${file.region}`, () => {
    for (const c of file.cases) {
      it(c.name, () => {
        const answer = screen(realBundle(), {
          region: c.region ?? file.region,
          asOf: file.asOf,
          facts: c.facts,
          ...(c.unknownFacts && { unknownFacts: c.unknownFacts }),
        })
        for (const [id, want] of Object.entries(c.expect)) {
          const result = answer.results.find((r) => r.entitlement === id)
          expect(result, `no entitlement ${id} in ${answer.region}`).toBeDefined()
          check(result!, want)
        }
        if (c.ask?.first) expect(answer.ask[0]).toBe(c.ask.first)
        for (const f of c.ask?.excludes ?? []) expect(answer.ask).not.toContain(f)
      })
    }
  })
}

/**
 * Whether some facts could make a rule eligible: false when every path to a yes passes a point
 * the documents leave undetermined (a condition they name but do not state, issue 12).
 */
function canBeEligible(node: RuleNode, defs: Record<string, RuleNode>): boolean {
  switch (node.k) {
    case 'all':
      return node.of.every((n) => canBeEligible(n, defs))
    case 'any':
      return node.of.some((n) => canBeEligible(n, defs))
    case 'req':
      return canBeEligible(node.of, defs)
    case 'ref':
      return canBeEligible(defs[node.def]!, defs)
    case 'judge':
      return node.kind === 'review'
    case 'not':
    case 'fact':
    case 'age':
    case 'parents':
      return true
  }
}

describe('every entitlement has an eligible (where the documents allow one), a not-eligible and an unknown case', () => {
  const bundle = realBundle()
  for (const [slug, region] of Object.entries(bundle.regions)) {
    it(slug, () => {
      const seen = new Map<string, Set<Status>>()
      for (const file of files.filter((f) => f.region === slug)) {
        for (const c of file.cases) {
          for (const [id, want] of Object.entries(c.expect)) {
            const s = typeof want === 'string' ? want : want.status
            seen.set(id, (seen.get(id) ?? new Set()).add(s))
          }
        }
      }
      // An entitlement the documents never let us call eligible needs the other two kinds.
      const lacking = region.entitlements
        .map((e) => ({
          id: e.id,
          has: seen.get(e.id) ?? new Set<Status>(),
          kinds: canBeEligible(e.rule, region.definitions) ? 3 : 2,
        }))
        .filter((x) => x.has.size < x.kinds || (x.kinds === 2 && x.has.has('eligible')))
        .map((x) => `${x.id} (has ${[...x.has].join(', ') || 'none'})`)
      expect(lacking, `entitlements without all three kinds of case in ${slug}`).toEqual([])
      const unknownIds = [...seen.keys()].filter(
        (id) => !region.entitlements.some((e) => e.id === id),
      )
      expect(unknownIds, `cases name entitlements that ${slug} does not have`).toEqual([])
    })
  }
})
