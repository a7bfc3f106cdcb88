/**
 * @module test/policy/property
 * Adding facts never turns a decided answer into its opposite: for random complete, consistent
 * facts and any part of them, every entitlement decided on the part (eligible or not eligible,
 * with or without review) is decided the same way on the whole. And `ask` never asks a fact that
 * was given or answered "不清楚".
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exactAge } from '../../src/policy/dates.js'
import { FACT_IDS, FACTS, type FactId, type FactSpec, type Facts } from '../../src/policy/facts.js'
import { screen } from '../../src/policy/screen.js'
import { realBundle } from './support.js'

const AS_OF = '2025-06-01'

function arbitraryFor(id: FactId): fc.Arbitrary<string | number | boolean> {
  const spec: FactSpec = FACTS[id]
  switch (spec.kind) {
    case 'boolean':
      return fc.boolean()
    case 'enum':
      return fc.constantFrom(...spec.values.filter((v) => v !== 'unknown'))
    case 'number':
      return spec.integer
        ? fc.integer({ min: spec.min, max: spec.max })
        : fc.oneof(
            fc.integer({ min: spec.min, max: Math.min(spec.max, 25) }),
            fc.double({ min: spec.min, max: Math.min(spec.max, 25), noNaN: true }),
          )
    case 'date':
      return fc
        .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2025, 5, 1) })
        .map((t) => new Date(t).toISOString().slice(0, 10))
  }
}

/**
 * Makes complete facts consistent with their docs/facts.md meanings (the API rejects the rest) and
 * with the implications the content declares (a fact that follows from others takes the value
 * it follows as).
 */
function consistent(f: Record<string, string | number | boolean>): Facts {
  const out = { ...f }
  if (out['child_abandoned'] === true) {
    out['father_status'] = 'missing'
    out['mother_status'] = 'missing'
  }
  for (const who of ['father', 'mother']) {
    const years = out[`${who}_status_years`]
    const served = out[`${who}_years_served`]
    if (typeof years === 'number' && typeof served === 'number' && served > years)
      out[`${who}_years_served`] = years
  }
  if (typeof out['child_birth_date'] === 'string')
    out['child_age'] = Math.floor(exactAge(out['child_birth_date'], AS_OF))
  const age =
    typeof out['child_birth_date'] === 'string'
      ? exactAge(out['child_birth_date'], AS_OF)
      : (out['child_age'] as number)
  for (let changed = true; changed;) {
    changed = false
    for (const { when, then } of realBundle().implications) {
      const holds = when.every((c) =>
        'ageUnder' in c
          ? age < c.ageUnder
          : 'in' in c
            ? c.in.includes(out[c.fact]!)
            : !c.notIn.includes(out[c.fact]!),
      )
      if (holds && out[then.fact] !== then.value) {
        out[then.fact] = then.value
        changed = true
      }
    }
  }
  return out as Facts
}

const complete = fc
  .record(
    Object.fromEntries(FACT_IDS.map((id) => [id, arbitraryFor(id)])) as Record<
      string,
      fc.Arbitrary<string | number | boolean>
    >,
  )
  .map(consistent)

const partOf = (full: Facts): fc.Arbitrary<Facts> =>
  fc
    .subarray(Object.keys(full))
    .map((keys) => Object.fromEntries(keys.map((k) => [k, full[k as FactId]])) as Facts)

const withPart = complete.chain((full) => partOf(full).map((part) => ({ full, part })))

describe('monotonicity: adding facts never flips a decided answer', () => {
  const bundle = realBundle()
  for (const region of Object.keys(bundle.regions)) {
    it(region, () => {
      fc.assert(
        fc.property(withPart, ({ full, part }) => {
          const before = screen(bundle, { region, asOf: AS_OF, facts: part }).results
          const after = screen(bundle, { region, asOf: AS_OF, facts: full }).results
          before.forEach((b, i) => {
            const a = after[i]!
            if (b.status !== 'unknown')
              expect(a.status, `${b.entitlement} with ${JSON.stringify(part)}`).toBe(b.status)
            if (b.status === 'eligible' && b.review === undefined)
              expect(a.review, b.entitlement).toBeUndefined()
            if (b.status === 'unknown' && b.missing.length === 0)
              expect(a.status, b.entitlement).toBe('unknown')
          })
        }),
        { numRuns: 300 },
      )
    })
  }

  it('completes: with every fact known, nothing is left to ask and nothing is unknown for want of a fact', () => {
    fc.assert(
      fc.property(complete, (full) => {
        for (const region of Object.keys(bundle.regions)) {
          const answer = screen(bundle, { region, asOf: AS_OF, facts: full })
          expect(answer.ask).toEqual([])
          for (const r of answer.results)
            if (r.status === 'unknown') expect(r.missing, r.entitlement).toEqual([])
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('ask never asks again', () => {
  const bundle = realBundle()
  it('a fact that was given or answered 不清楚', () => {
    fc.assert(
      fc.property(
        withPart,
        fc.subarray([...FACT_IDS]),
        fc.constantFrom(...Object.keys(bundle.regions)),
        ({ part }, unsure, region) => {
          const unknownFacts = unsure.filter((f) => part[f] === undefined)
          const answer = screen(bundle, { region, asOf: AS_OF, facts: part, unknownFacts })
          for (const f of answer.ask) {
            expect(part[f], f).toBeUndefined()
            expect(unknownFacts, f).not.toContain(f)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
