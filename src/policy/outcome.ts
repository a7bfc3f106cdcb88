/**
 * @module policy/outcome
 * Three-valued logic, kept exact. A rule's value is the *set* of outcomes still possible given
 * the facts, as a 4-bit mask over NO < CANNOT_TELL < REVIEW < YES:
 *   NO          a condition is not met;
 *   CANNOT_TELL only an official can tell (the document does not state the condition);
 *   REVIEW      met, but the document leaves a point to an official ("可能符合，需经审核");
 *   YES         met.
 * A missing fact is the set of every outcome it could lead to. `all` is the minimum and `any`
 * the maximum of that order, taken over every pair of possibilities (strong Kleene logic with
 * short-circuits). Knowing more can only shrink a set, so a decided answer never flips.
 */
import type { Status } from './types.js'

export const NO = 1
export const CANNOT_TELL = 2
export const REVIEW = 4
export const YES = 8
export const YES_OR_NO = YES | NO

const ORDER = [NO, CANNOT_TELL, REVIEW, YES]

function table(pick: (a: number, b: number) => number): Uint8Array {
  const t = new Uint8Array(256)
  for (let a = 1; a < 16; a++) {
    for (let b = 1; b < 16; b++) {
      let out = 0
      for (const x of ORDER) if (a & x) for (const y of ORDER) if (b & y) out |= pick(x, y)
      t[a * 16 + b] = out
    }
  }
  return t
}

/** `ALL[a * 16 + b]`: the outcomes of "a and b". */
export const ALL = table((x, y) => Math.min(x, y))
/** `ANY[a * 16 + b]`: the outcomes of "a or b". */
export const ANY = table((x, y) => Math.max(x, y))

/** The outcomes of "not m": yes and no swap; an official's point stays one. */
export function not(m: number): number {
  return ((m & NO) << 3) | ((m & YES) >> 3) | (m & (CANNOT_TELL | REVIEW))
}

/** Decided: no fact could still change the status (REVIEW may still become YES). */
export function settled(m: number): boolean {
  return m === NO || m === CANNOT_TELL || (m & (NO | CANNOT_TELL)) === 0
}

/** The status a set of outcomes stands for. */
export function statusOf(m: number): Status {
  if (m === NO) return 'not_eligible'
  if ((m & (NO | CANNOT_TELL)) === 0) return 'eligible'
  return 'unknown'
}

/** True when the eligible answer needs an official's judgement. */
export function needsReview(m: number): boolean {
  return statusOf(m) === 'eligible' && (m & REVIEW) !== 0
}
