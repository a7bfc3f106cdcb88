/**
 * @module engine/nodes/screen-summary
 * The end of a screening: a card for each measure the child is likely to get (what, roughly how
 * much where a document says, why with the clause, what to bring, where to apply, who is
 * responsible), then how many are still open or not met.
 */
import { render, type StepContext } from '../context.js'
import type { StepKind } from '../registry.js'
import type { Reply, ScreenSummaryNode } from '../types.js'
import { screen } from '../../policy/screen.js'
import type { Result } from '../../policy/types.js'
import { bundleOf, clause, requestOf, statusText } from './policy-chat.js'

/** Eligible first, then "可能符合，需经审核". */
export function likely(results: Result[]): Result[] {
  return [
    ...results.filter((r) => r.status === 'eligible' && !r.review),
    ...results.filter((r) => r.status === 'eligible' && r.review),
  ]
}

/** How many of the conditions met a card names; 为什么 shows them all. */
const CARD_REASONS = 2

function card(ctx: StepContext, r: Result): Reply {
  const [grant, ...conditions] = r.reasons
  // The points an official must judge are said once, in the review line.
  const met = conditions
    .map((reason) => reason.text)
    .filter((text) => !r.review?.includes(text))
    .slice(0, CARD_REASONS)
  const amount = r.amount
    ? (r.amount.display ?? r.amount.text)
    : render(ctx, 'policy.amount.not_stated')
  const lines = [
    render(ctx, 'screen.card.head', { name: r.name, status: statusText(ctx, r) }),
    render(ctx, 'screen.card.gets', { text: r.gets }),
    render(ctx, 'screen.card.amount', { text: amount }),
    render(ctx, 'screen.card.why', {
      text: met.length > 0 ? met.join('；') : grant!.text,
      clause: clause(ctx, grant!.citation, 'short'),
    }),
    render(ctx, 'screen.card.bring', { text: r.bring ?? render(ctx, 'policy.bring.not_stated') }),
    render(ctx, 'screen.card.where', { text: r.apply.where }),
    ...(r.apply.how ? [render(ctx, 'screen.card.how', { text: r.apply.how })] : []),
    render(ctx, 'screen.card.agency', { text: r.agency }),
  ]
  if (r.review) lines.push(r.review)
  return { text: lines.join('\n') }
}

export const screenSummary: StepKind<ScreenSummaryNode> = {
  wait: false,
  run(node, ctx) {
    const answer = screen(bundleOf(ctx), requestOf(ctx, node.facts))
    const cards = likely(answer.results)
    const count = (status: Result['status']): number =>
      answer.results.filter((r) => r.status === status).length
    const head = render(ctx, cards.length > 0 ? 'screen.summary.head' : 'screen.summary.none', {
      count: cards.length,
    })
    ctx.replies.push({ text: answer.notice ? `${answer.notice}\n${head}` : head })
    for (const r of cards) ctx.replies.push(card(ctx, r))
    const unknown = count('unknown')
    const no = count('not_eligible')
    const rest = unknown > 0 && no > 0 ? 'rest' : unknown > 0 ? 'rest_unknown' : 'rest_not_eligible'
    if (unknown + no > 0)
      ctx.replies.push({
        text: render(ctx, `screen.summary.${rest}`, { unknown, not_eligible: no }),
      })
    return { to: 'node', node: node.next }
  },
}
