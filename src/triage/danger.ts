/**
 * @module triage/danger
 * Does this message say a child is in danger right now? A content-driven phrase match on the
 * compact (simplified, no spaces) text, skipping phrases negated just before ("没有打孩子").
 */
import type { CompiledContent } from '../engine/types.js'

export interface DangerHit {
  rule: string
  hurt: boolean
}

const NEGATION_WINDOW = 3

export function detectDanger(
  lexicon: CompiledContent['danger'],
  text: string,
): DangerHit | undefined {
  let found: DangerHit | undefined
  for (const rule of lexicon.rules) {
    const negations = rule.negations ?? lexicon.negations
    for (const phrase of rule.any) {
      for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
        const before = text.slice(Math.max(0, at - NEGATION_WINDOW), at)
        if (negations.some((n) => before.includes(n))) continue
        if (rule.hurt) return { rule: rule.id, hurt: true }
        found ??= { rule: rule.id, hurt: false }
      }
    }
  }
  return found
}
