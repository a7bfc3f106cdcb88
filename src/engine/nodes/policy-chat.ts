/**
 * @module engine/nodes/policy-chat
 * What the screening and browsing nodes share: the policy bundle in the user's script, the
 * screening request built from the conversation's vars, and a clause in words.
 */
import { render, today, type StepContext } from '../context.js'
import { NATIONAL } from './ask-region.js'
import { isFactId, type Facts } from '../../policy/facts.js'
import type { ScreenRequest } from '../../policy/screen.js'
import type { Citation, PolicyBundle, Result } from '../../policy/types.js'

/** The bundle whose texts are in the conversation's script. */
export function bundleOf(ctx: StepContext): PolicyBundle {
  return ctx.state.lang === 'zh-Hant' ? ctx.content.policyHant : ctx.content.policy
}

/** The region the family named (the `region` var, as ask_region stores it). */
export function regionOf(ctx: StepContext): string {
  const region = ctx.state.vars['region']
  return typeof region === 'string' ? region : NATIONAL
}

/**
 * The screening request of the answers kept in vars `<ns>.<fact>` (null = 不清楚), on today's
 * date in Asia/Shanghai; `answered` counts both.
 */
export function requestOf(ctx: StepContext, ns: string): ScreenRequest & { answered: number } {
  const facts: Facts = {}
  const unknownFacts: string[] = []
  const prefix = `${ns}.`
  for (const [key, value] of Object.entries(ctx.state.vars)) {
    const fact = key.startsWith(prefix) ? key.slice(prefix.length) : ''
    if (!isFactId(fact)) continue
    if (value === null) unknownFacts.push(fact)
    else facts[fact] = value
  }
  return {
    region: regionOf(ctx),
    asOf: today(ctx),
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
