/**
 * @module engine/nodes/browse-policy
 * 了解福利政策: what the region offers, by category (in the order the content lists them), each
 * measure explained in the content's two or three plain sentences, with the amount where a
 * document sets one, where to apply and the clause quoted.
 */
import { render, today, type StepContext } from '../context.js'
import type { BrowsePolicyNode } from '../types.js'
import { entitlements, type EntitlementView } from '../../policy/browse.js'
import type { Citation } from '../../policy/types.js'
import { flowEntries, pickListKind, type Page } from './pick-list.js'
import { bundleOf, clause, regionOf } from './policy-chat.js'

const CATEGORY = 'cat:'

type Measure = Pick<EntitlementView, 'id' | 'name' | 'category' | 'summary'> & {
  amount?: EntitlementView['amount']
  apply?: { where: string; how?: string }
  citation: Citation
}

function explanation(ctx: StepContext, m: Measure): string {
  const lines = [render(ctx, 'policy.browse.head', { name: m.name }), m.summary]
  if (m.amount)
    lines.push(render(ctx, 'policy.browse.amount', { text: m.amount.display ?? m.amount.text }))
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
  const categories = [...new Set(measures.map((m) => m.category))]
  const at = ctx.state.vars[node.var]
  const category = typeof at === 'string' ? at.slice(CATEGORY.length) : ''
  const self = ctx.state.at?.node
  const again = (value: string): { value: string; next?: string } => ({
    value,
    ...(self && { next: self }),
  })
  if (!categories.includes(category as (typeof categories)[number])) {
    const text = render(ctx, node.text, { region: answer.name })
    return {
      text: answer.notice ? `${answer.notice}\n${text}` : text,
      entries: [
        ...categories.map((c) => ({
          id: CATEGORY + c,
          label: render(ctx, 'policy.browse.category', {
            category: c,
            count: measures.filter((m) => m.category === c).length,
          }),
          synonyms: [c],
          then: () => again(CATEGORY + c),
        })),
        ...flowEntries(ctx, node.choices, node.next),
      ],
    }
  }
  const items = measures.filter((m) => m.category === category)
  return {
    text: render(ctx, 'policy.browse.items', { category }),
    entries: [
      ...items.map((m) => ({
        id: `item:${m.id}`,
        label: m.name,
        then: () => ({ ...again(CATEGORY + category), say: [{ text: explanation(ctx, m) }] }),
      })),
      {
        id: 'categories',
        label: render(ctx, 'policy.browse.categories'),
        then: () => again(''),
      },
      ...flowEntries(ctx, node.choices, node.next),
    ],
  }
}

export const browsePolicy = pickListKind<BrowsePolicyNode>(page)
