/**
 * @module engine/nodes/screen-why
 * 为什么: every result of the screening, numbered — the likely ones first, the rest (还不确定,
 * 不符合) one tap away — and picking one shows its reasons with the clauses quoted. "为什么 2" and
 * "为什么低保" work too (a name from either list); 为什么 alone says how to ask.
 */
import { render, type StepContext } from '../context.js'
import type { ScreenWhyNode } from '../types.js'
import { screen } from '../../policy/screen.js'
import type { Result } from '../../policy/types.js'
import { flowEntries, pickListKind, type Entry, type Page } from './pick-list.js'
import {
  bundleOf,
  isWhy,
  likely,
  reasonsText,
  requestOf,
  statusText,
  withoutWhy,
} from './policy-chat.js'

const OTHERS = 'others'
const LIKELY = 'likely'

function page(node: ScreenWhyNode, ctx: StepContext): Page {
  const results = screen(bundleOf(ctx), requestOf(ctx, node.facts)).results
  const top = likely(results)
  const rest = results.filter((r) => !top.includes(r))
  const showRest = top.length === 0 || ctx.state.vars[node.var] === OTHERS
  const self = ctx.state.at?.node
  const entry = (r: Result): Entry => ({
    id: `why:${r.entitlement}`,
    label: rest.includes(r) ? `${r.name}（${statusText(ctx, r)}）` : r.name,
    synonyms: [r.name],
    then: () => ({ aside: true, say: [{ text: reasonsText(ctx, r) }] }),
  })
  const other = showRest ? top : rest
  const toggle: Entry[] =
    other.length === 0
      ? []
      : [
          {
            id: showRest ? LIKELY : OTHERS,
            label: render(ctx, showRest ? 'screen.why.show_likely' : 'screen.why.show_others', {
              count: other.length,
            }),
            then: () => ({ value: showRest ? LIKELY : OTHERS, ...(self && { next: self }) }),
          },
        ]
  return {
    text: render(ctx, showRest ? 'screen.why.others' : node.text),
    entries: [
      ...(showRest ? rest : top).map(entry),
      ...toggle,
      ...flowEntries(ctx, node.choices, node.next),
    ],
    hidden: other.map(entry),
  }
}

export const screenWhy = pickListKind<ScreenWhyNode>(
  page,
  [
    'screen.why.others',
    'screen.why.show_others',
    'screen.why.show_likely',
    'screen.why.how',
    'policy.chat.why_head',
    'policy.chat.reason',
    'policy.chat.clause_quoted',
  ],
  (_node, answer, ctx) => {
    if (!isWhy(answer)) return answer
    const asked = withoutWhy(answer)
    return asked.text === ''
      ? { aside: true, say: [{ text: render(ctx, 'screen.why.how') }] }
      : asked
  },
)
