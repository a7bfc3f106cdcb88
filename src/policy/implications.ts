/**
 * @module policy/implications
 * Facts that follow from other facts by their meaning (content/policies/implications.yaml):
 * both parents dead → no 法定抚养人 able to support the child; no disability → no cerebral
 * palsy; under 16 → not able to work. Each one fills a gap and never overrides what the family
 * said, so a question whose answer is already implied is never asked.
 */
import type { FactId, FactValue } from './facts.js'

/** One condition of an implication: a fact's value, or the child's age. */
export type Condition =
  { fact: FactId; in: FactValue[] } | { fact: FactId; notIn: FactValue[] } | { ageUnder: number }

export interface Implication {
  when: Condition[]
  then: { fact: FactId; value: FactValue }
  /** Why it follows, in words a policy officer can check. */
  why: string
}

/** For each fact, the facts whose answer can fill it through some implication. */
export function fillersOf(implications: readonly Implication[]): Map<FactId, FactId[]> {
  const out = new Map<FactId, FactId[]>()
  for (const { when, then } of implications) {
    const list = out.get(then.fact) ?? []
    for (const c of when) {
      const from: FactId[] = 'ageUnder' in c ? ['child_age', 'child_birth_date'] : [c.fact]
      for (const f of from) if (!list.includes(f)) list.push(f)
    }
    out.set(then.fact, list)
  }
  return out
}
