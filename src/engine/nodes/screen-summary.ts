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
import { amountText, bundleOf, cardWhy, likely, requestOf, statusText } from './policy-chat.js'

function card(ctx: StepContext, r: Result): Reply {
  const status = statusText(ctx, r)
  const rows = [
    render(ctx, 'screen.card.gets', { text: r.gets }),
    render(ctx, 'screen.card.amount', { text: amountText(ctx, r.amount) }),
    cardWhy(ctx, r),
    render(ctx, 'screen.card.bring', { text: r.bring ?? render(ctx, 'policy.bring.not_stated') }),
    render(ctx, 'screen.card.where', { text: r.apply.where }),
    ...(r.apply.how ? [render(ctx, 'screen.card.how', { text: r.apply.how })] : []),
    render(ctx, 'screen.card.agency', { text: r.agency }),
    ...(r.review ? [r.review] : []),
  ]
  const head = render(ctx, 'screen.card.head', { name: r.name, status })
  return {
    text: [head, ...rows].join('\n'),
    card: { title: r.name, status, tone: r.review ? 'review' : 'yes', rows },
  }
}

export const screenSummary: StepKind<ScreenSummaryNode> = {
  wait: false,
  texts: [
    'screen.summary.head',
    'screen.summary.none',
    'screen.summary.rest',
    'screen.summary.rest_unknown',
    'screen.summary.rest_not_eligible',
    ...['head', 'gets', 'amount', 'why', 'bring', 'where', 'how', 'agency'].map(
      (k) => `screen.card.${k}`,
    ),
    'policy.amount.not_stated',
    'policy.bring.not_stated',
    'policy.chat.clause_short',
  ],
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
