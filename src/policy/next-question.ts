/**
 * @module policy/next-question
 * The next question for a chat turn: the most useful fact still worth asking, its wording and
 * choices, and roughly how many questions are left. Cheaper than a full screening (no reasons
 * or amounts are built for decided entitlements); meant to run on every turn.
 */
import { rankQuestions } from './ask.js'
import { settled } from './outcome.js'
import { openEntitlements, prepare, type ScreenRequest } from './screen.js'
import type { FactId } from './facts.js'
import type { PolicyBundle, Question } from './types.js'

export interface NextQuestion {
  fact: FactId
  question: Question
  /** How many questions are still worth asking, this one included (an upper bound). */
  remaining: number
  /** How many entitlements are decided so far, of how many. */
  decided: number
  total: number
}

/** The next question, or undefined when nothing more would change an answer. */
export function nextQuestion(
  bundle: PolicyBundle,
  request: ScreenRequest,
  now = new Date(),
): NextQuestion | undefined {
  const p = prepare(bundle, request, now)
  const open = openEntitlements(p, bundle)
  const ask = rankQuestions(p.region, request.facts, p.view, open, p.unknown)
  const fact = ask[0]
  if (fact === undefined) return undefined
  const total = p.region.items.length
  const undecided = open.filter((o) => !settled(o.mask)).length
  return {
    fact,
    question: bundle.questions[fact],
    remaining: ask.length,
    decided: total - undecided,
    total,
  }
}
