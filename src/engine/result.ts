/**
 * @module engine/result
 * A kept result reopened: the user sent a result code and the host looked it up (Input.result).
 * Its answers go back into the vars the screening keeps them in — `region`, `screen.<fact>`
 * (null = 不清楚) — with `result_code` and `result_asof` (the date of the answers), and the result
 * flow (content/settings.yaml `entry.result`) shows it again, screened with today's rules. A code
 * with nothing kept under it (or mistyped) is said so, and the question waiting is asked again.
 */
import { render, type StepContext } from './context.js'
import type { ResultLookup, SavedScreening, Vars } from './types.js'
import { formatResultCode } from '../results/code.js'

/** The vars a reopened result is put in; screen.yaml reads them. */
export const RESULT_VARS = {
  facts: 'screen',
  code: 'result_code',
  asOf: 'result_asof',
  /** Set for one pass through the result flow's start: show the result, do not ask again. */
  reopen: 'result_reopen',
} as const

/** The texts of kept results: in the chat, and on the printable page (src/results/page.ts). */
export const RESULT_TEXTS = [
  'result.not_found',
  'result.page.title',
  'result.page.code',
  'result.page.dates',
  'result.page.region',
  'result.page.estimate',
  'result.page.likely',
  'result.page.unknown',
  'result.page.not_eligible',
  'result.page.reasons',
  'result.page.documents',
  'result.page.print',
  'result.page.not_found',
  'result.page.not_found_hint',
  'result.page.too_many',
  'result.page.too_many_hint',
] as const

/** The vars a kept screening's answers live in: `region` and `screen.<fact>` (null = 不清楚). */
export function screeningVars(screening: SavedScreening): Vars {
  const prefix = `${RESULT_VARS.facts}.`
  const vars: Vars = { region: screening.region }
  for (const [fact, value] of Object.entries(screening.facts)) vars[prefix + fact] = value
  for (const fact of screening.unknownFacts) vars[prefix + fact] = null
  return vars
}

export function openResult(
  ctx: StepContext,
  lookup: ResultLookup,
  enter: (flow: string) => void,
  again: () => void,
): void {
  const { screening } = lookup
  if (!screening) {
    ctx.replies.push({
      text: render(ctx, 'result.not_found', { code: formatResultCode(lookup.code) }),
    })
    again()
    return
  }
  const vars = ctx.state.vars
  const prefix = `${RESULT_VARS.facts}.`
  for (const key of Object.keys(vars)) if (key.startsWith(prefix)) delete vars[key]
  Object.assign(vars, screeningVars(screening))
  vars[RESULT_VARS.code] = lookup.code
  vars[RESULT_VARS.asOf] = screening.asOf
  vars[RESULT_VARS.reopen] = true
  // 返回 from here goes to the menu: the questions that led to these answers were another time.
  ctx.state.history = []
  ctx.state.invalid = 0
  ctx.state.resuming = false
  enter(ctx.content.entry.result)
}
