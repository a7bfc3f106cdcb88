/**
 * @module engine/nodes/screen-summary
 * The end of a screening, short: how many measures the child is likely to get, how many are
 * still open or not met, and the result code that keeps it. The measures follow in screen_why, a
 * line each with its status and amount (`summaryLine`), their details one tap away
 * (`detailCard`: why with the clause, what to bring, where to apply).
 *
 * A fresh result asks the host to keep it (`save_result`: the host fills {result.code} and
 * {result.path}); a reopened one (var `result_code`, see engine/result.ts) says the date of the
 * answers it was screened from, with today's rules.
 */
import { z } from 'zod'
import { render, today, type StepContext } from '../context.js'
import { ref, stepKind } from '../kind.js'
import type { Reply } from '../types.js'
import { id, next } from './fields.js'
import { screen } from '../../policy/screen.js'
import type { Result } from '../../policy/types.js'
import { formatResultCode } from '../../results/code.js'
import { RESULT_VARS } from '../result.js'
import { amountText, bundleOf, cardWhy, likely, requestOf, statusText } from './policy-chat.js'

/** The result of a screening whose answers are in vars `<facts>.<fact>`: a card per likely measure. */
const schema = z.strictObject({ kind: z.literal('screen_summary'), facts: id, ...next })
export type ScreenSummaryNode = z.infer<typeof schema>

/** A likely measure's details, a line each: what, how much, why and the clause's words, where. */
export function detailRows(ctx: StepContext, r: Result): string[] {
  const grant = r.reasons[0]
  return [
    render(ctx, 'screen.card.gets', { text: r.gets }),
    render(ctx, 'screen.card.amount', { text: amountText(ctx, r.amount) }),
    cardWhy(ctx, r),
    ...(grant ? [render(ctx, 'screen.card.quote', { quote: grant.citation.quote })] : []),
    render(ctx, 'screen.card.bring', { text: r.bring ?? render(ctx, 'policy.bring.not_stated') }),
    render(ctx, 'screen.card.where', { text: r.apply.where }),
    ...(r.apply.how ? [render(ctx, 'screen.card.how', { text: r.apply.how })] : []),
    render(ctx, 'screen.card.agency', { text: r.agency }),
    ...(r.review ? [r.review] : []),
  ]
}

/** A likely measure in full, as a card (LINE shows it as one). */
export function detailCard(ctx: StepContext, r: Result): Reply {
  const status = statusText(ctx, r)
  const rows = detailRows(ctx, r)
  const head = render(ctx, 'screen.card.head', { name: r.name, status })
  return {
    text: [head, ...rows].join('\n'),
    card: { title: r.name, status, tone: r.review ? 'review' : 'yes', rows },
  }
}

/** A likely measure in one line: its status, and the amount where a document gives one. */
export function summaryLine(ctx: StepContext, r: Result): string {
  return render(ctx, 'screen.summary.line', {
    name: r.name,
    status: statusText(ctx, r),
    amount: r.amount ? amountText(ctx, r.amount) : render(ctx, 'screen.summary.no_amount'),
  })
}

/** What the result code line says, and where its printable page is. */
function kept(ctx: StepContext, node: ScreenSummaryNode): { line: string; path: string } {
  const code = ctx.state.vars[RESULT_VARS.code]
  if (typeof code === 'string') {
    const date = String(ctx.state.vars[RESULT_VARS.asOf] ?? '')
    return {
      line: render(ctx, 'screen.summary.reopened', { code: formatResultCode(code), date }),
      path: code,
    }
  }
  const { region, asOf = today(ctx), facts, unknownFacts = [] } = requestOf(ctx, node.facts)
  ctx.effects.push({
    type: 'save_result',
    screening: { region, asOf, facts, unknownFacts: [...unknownFacts] },
    lang: ctx.state.lang,
  })
  // Filled by the host once the code is made ({result.…} is not a var: render leaves it).
  return { line: render(ctx, 'screen.summary.code'), path: '{result.path}' }
}

export const screenSummary = stepKind(schema, {
  refs: (node) => ref('node', ['next'], node.next),
  texts: [
    'screen.summary.head',
    'screen.summary.none',
    'screen.summary.rest',
    'screen.summary.rest_unknown',
    'screen.summary.rest_not_eligible',
    'screen.summary.code',
    'screen.summary.reopened',
    'screen.summary.print',
    ...['head', 'gets', 'amount', 'why', 'quote', 'bring', 'where', 'how', 'agency'].map(
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
    const lines = [
      ...(answer.notice ? [answer.notice] : []),
      render(ctx, cards.length > 0 ? 'screen.summary.head' : 'screen.summary.none', {
        count: cards.length,
      }),
    ]
    const unknown = count('unknown')
    const no = count('not_eligible')
    const rest = unknown > 0 && no > 0 ? 'rest' : unknown > 0 ? 'rest_unknown' : 'rest_not_eligible'
    if (unknown + no > 0)
      lines.push(render(ctx, `screen.summary.${rest}`, { unknown, not_eligible: no }))
    const { line, path } = kept(ctx, node)
    lines.push(line)
    ctx.replies.push({
      text: lines.join('\n'),
      link: { label: render(ctx, 'screen.summary.print'), href: `/r/${path}` },
    })
    return { to: 'node', node: node.next }
  },
})
