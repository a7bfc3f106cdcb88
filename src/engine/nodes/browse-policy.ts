/**
 * @module engine/nodes/browse-policy
 * 了解福利政策: what the region offers, by category (in the order the content lists them), each
 * measure explained in the content's two or three plain sentences, with the amount where a
 * document sets one, where to apply and the clause quoted.
 */
import { z } from 'zod'
import { render, today, type StepContext } from '../context.js'
import type { Accepted } from '../kind.js'
import { ask, choices } from './fields.js'
import { entitlements, type EntitlementView } from '../../policy/browse.js'
import type { Citation } from '../../policy/types.js'
import { flowEntries, pickListKind, type Page } from './pick-list.js'
import { amountText, bundleOf, clause, regionOf } from './policy-chat.js'

/** What the region in `region` offers, by category; picking a measure explains it with its clause. */
const schema = z.strictObject({ kind: z.literal('browse_policy'), ...ask, choices: choices.max(6) })
export type BrowsePolicyNode = z.infer<typeof schema>

const CATEGORY = 'cat:'

type Measure = Pick<EntitlementView, 'id' | 'name' | 'category' | 'summary'> & {
  amount?: EntitlementView['amount']
  apply?: { where: string; how?: string }
  citation: Citation
}

function explanation(ctx: StepContext, m: Measure): string {
  const lines = [render(ctx, 'policy.browse.head', { name: m.name }), m.summary]
  if (m.amount) lines.push(render(ctx, 'policy.browse.amount', { text: amountText(ctx, m.amount) }))
  if (m.apply) lines.push(render(ctx, 'screen.card.where', { text: m.apply.where }))
  if (m.apply?.how) lines.push(render(ctx, 'screen.card.how', { text: m.apply.how }))
  lines.push(clause(ctx, m.citation, 'full'))
  return lines.join('\n')
}

function page(node: BrowsePolicyNode, ctx: StepContext): Page {
  const answer = entitlements(bundleOf(ctx), regionOf(ctx), { asOf: today(ctx) })
  const measures: Measure[] = [
    ...answer.entitlements.map((e) => ({ ...e, citation: e.citations[0]! })),
    ...answer.services.map((s) => ({ ...s, citation: s.cites[0]! })),
  ]
  // The chosen category is kept by its place in the list: the same in either script.
  const categories = [...new Set(measures.map((m) => m.category))]
  const at = ctx.state.vars[node.var]
  const category =
    typeof at === 'string' && at.startsWith(CATEGORY)
      ? categories[Number(at.slice(CATEGORY.length))]
      : undefined
  const self = ctx.state.at?.node
  const show = (value: string): Accepted => ({ value, ...(self && { next: self }) })
  const flow = flowEntries(ctx, node.choices, node.next)
  if (category === undefined) {
    const text = render(ctx, node.text, { region: answer.name })
    return {
      text: answer.notice ? `${answer.notice}\n${text}` : text,
      entries: [
        ...categories.map((c, i) => ({
          id: CATEGORY + i,
          label: render(ctx, 'policy.browse.category', {
            category: c,
            count: measures.filter((m) => m.category === c).length,
          }),
          synonyms: [c],
          then: () => show(CATEGORY + i),
        })),
        ...flow,
      ],
    }
  }
  return {
    text: render(ctx, 'policy.browse.items', { category }),
    entries: [
      ...measures
        .filter((m) => m.category === category)
        .map((m) => ({
          id: `item:${m.id}`,
          label: m.name,
          then: (): Accepted => ({ aside: true, say: [{ text: explanation(ctx, m) }] }),
        })),
      { id: 'categories', label: render(ctx, 'policy.browse.categories'), then: () => show('') },
      ...flow,
    ],
  }
}

export const browsePolicy = pickListKind(schema, {
  retry: 'retry.browse_policy',
  page,
  texts: [
    'policy.browse.head',
    'policy.browse.amount',
    'policy.browse.category',
    'policy.browse.items',
    'policy.browse.categories',
    'screen.card.where',
    'screen.card.how',
    'policy.chat.clause_full',
  ],
})
