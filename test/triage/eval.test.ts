/**
 * The labelled set (test/triage/labelled.yaml, written before the rules were tuned) through the
 * classifier. Emergency recall must be 100%: a missed emergency is a child without 110.
 * Floors for the rest (stated here, checked below):
 *   recall    — urgent ≥ 90%, standard ≥ 90%, none ≥ 95%
 *   precision — emergency ≥ 90% (over-calling 110 is the cheaper error, but it must stay rare),
 *               urgent ≥ 90%, standard ≥ 90%, none ≥ 95% (few messages labelled a concern may
 *               be classified as no concern at all)
 *   hard cases (any tag) still wrong ≤ 8.
 */
import { describe, expect, it } from 'vitest'
import { evaluate, readLabelled } from '../../scripts/eval-triage.js'
import { triageContent } from './support.js'

const result = evaluate(triageContent(), readLabelled(process.cwd()))

describe('labelled set', () => {
  it('has at least 150 messages at every level', () => {
    expect(result.size).toBeGreaterThanOrEqual(150)
    for (const row of Object.values(result.matrix))
      expect(Object.values(row).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30)
  })

  it('finds every emergency', () => {
    const missed = result.misses.filter((m) => m.level === 'emergency').map((m) => m.text)
    expect(missed).toEqual([])
    expect(result.recall.emergency).toBe(1)
  })

  it('meets the recall floors', () => {
    expect(result.recall.urgent).toBeGreaterThanOrEqual(0.9)
    expect(result.recall.standard).toBeGreaterThanOrEqual(0.9)
    expect(result.recall.none).toBeGreaterThanOrEqual(0.95)
  })

  it('meets the precision floors', () => {
    expect(result.precision.emergency).toBeGreaterThanOrEqual(0.9)
    expect(result.precision.urgent).toBeGreaterThanOrEqual(0.9)
    expect(result.precision.standard).toBeGreaterThanOrEqual(0.9)
    expect(result.precision.none).toBeGreaterThanOrEqual(0.95)
  })

  it('gets all but a few hard cases right', () => {
    expect(result.hard.wrong).toBeLessThanOrEqual(8)
  })
})
