/**
 * @module engine/nodes/policy-chat
 * What the screening and browsing nodes share: the policy bundle in the user's script, the
 * screening request built from the conversation's vars, and a clause in words.
 */
import { render, today, type StepContext } from '../context.js'
import type { Answer } from '../kind.js'
import { isFactId, type Facts } from '../../policy/facts.js'
import type { ScreenRequest } from '../../policy/screen.js'
import type { Amount, Citation, PolicyBundle, Result } from '../../policy/types.js'
import type { Vars } from '../types.js'
import { NATIONAL } from '../../regions.js'

/** The bundle whose texts are in the conversation's script. */
export function bundleOf(ctx: StepContext): PolicyBundle {
  return ctx.state.lang === 'zh-Hant' ? ctx.content.policyHant : ctx.content.policy
}

/** The region the family named (the `region` var, as ask_region stores it). */
export function regionOf(ctx: StepContext): string {
  return regionIn(ctx.state.vars)
}

function regionIn(vars: Vars): string {
  const region = vars['region']
  return typeof region === 'string' ? region : NATIONAL
}

/**
 * The screening request of the answers kept in vars `<ns>.<fact>` (null = 不清楚), on today's
 * date in Asia/Shanghai; `answered` counts both.
 */
export function requestOf(ctx: StepContext, ns: string): ScreenRequest & { answered: number } {
  return screenRequestOf(ctx.state.vars, ns, today(ctx))
}

/** The same from a conversation's vars on a given date (the supervisor's figures read it too). */
export function screenRequestOf(
  vars: Vars,
  ns: string,
  asOf: string,
): ScreenRequest & { answered: number } {
  const facts: Facts = {}
  const unknownFacts: string[] = []
  const prefix = `${ns}.`
  for (const [key, value] of Object.entries(vars)) {
    const fact = key.startsWith(prefix) ? key.slice(prefix.length) : ''
    if (!isFactId(fact)) continue
    if (value === null) unknownFacts.push(fact)
    else facts[fact] = value
  }
  return {
    region: regionIn(vars),
    asOf,
    facts,
    unknownFacts,
    answered: Object.keys(facts).length + unknownFacts.length,
  }
}

/**
 * A clause in words: `short` "晋政发〔2017〕46号 三（一）基本生活保障"; `quoted` adds its words;
 * `full` adds the document's title too.
 */
export function clause(
  ctx: StepContext,
  citation: Citation,
  form: 'short' | 'quoted' | 'full',
): string {
  // A compiled citation names its document by number (晋政发〔2017〕46号).
  const doc = Object.values(bundleOf(ctx).documents).find((d) => d.number === citation.doc)
  return render(ctx, `policy.chat.clause_${form}`, {
    number: citation.doc,
    title: doc?.title ?? '',
    section: citation.section,
    quote: citation.quote,
  })
}

/** 符合 / 不符合 / 还不确定 / 可能符合，需经审核. */
export function statusText(ctx: StepContext, result: Pick<Result, 'status' | 'review'>): string {
  return render(ctx, result.review ? 'policy.status.review' : `policy.status.${result.status}`)
}

/** A result's cited reasons, one per line, each with its clause quoted. */
export function reasonsText(ctx: StepContext, result: Result): string {
  const lines = [
    render(ctx, 'policy.chat.why_head', { name: result.name, status: statusText(ctx, result) }),
  ]
  for (const reason of result.reasons)
    lines.push(
      render(ctx, 'policy.chat.reason', {
        text: reason.text,
        clause: clause(ctx, reason.citation, 'quoted'),
      }),
    )
  return lines.join('\n')
}

const WHY = /^(?:为什么|为啥|原因|why)[：:，,？?\s]*/iu

/** Whether the answer asks 为什么 (alone or with what it asks about). */
export function isWhy(answer: Answer): boolean {
  return answer.choice === undefined && WHY.test(answer.text)
}

/** The answer without its 为什么 ("为什么 3" → "3"). */
export function withoutWhy(answer: Answer): Answer {
  return { ...answer, text: answer.text.replace(WHY, '') }
}

/** Eligible first, then "可能符合，需经审核". */
export function likely(results: Result[]): Result[] {
  return [
    ...results.filter((r) => r.status === 'eligible' && !r.review),
    ...results.filter((r) => r.status === 'eligible' && r.review),
  ]
}

/** How many of the conditions met a card names; 为什么 shows them all. */
const CARD_REASONS = 3

/** "为什么：conditions met（依据 clause）": why a likely measure is likely, in one line. */
export function cardWhy(ctx: StepContext, r: Result): string {
  const [grant, ...conditions] = r.reasons
  // The points an official must judge are said once, in the review line; a label said twice once.
  const met = [...new Set(conditions.map((reason) => reason.text))]
    .filter((text) => !r.review?.includes(text.replace(/。$/u, '')))
    .slice(0, CARD_REASONS)
  return render(ctx, 'screen.card.why', {
    text: met.length > 0 ? met.join('；') : r.gets,
    clause: grant ? clause(ctx, grant.citation, 'short') : '',
  })
}

/**
 * How much, in words: the figure where it can be computed, else the rule as the document words
 * it (a figure still pending is never shown as its floor alone).
 */
export function amountText(ctx: StepContext, amount: Amount | undefined): string {
  if (!amount) return render(ctx, 'policy.amount.not_stated')
  return amount.pending?.length ? amount.text : (amount.display ?? amount.text)
}
