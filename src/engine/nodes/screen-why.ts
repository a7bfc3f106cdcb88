/**
 * @module engine/nodes/screen-why
 * 为什么: every result of the screening, numbered — the likely ones first, the rest (还不确定,
 * 不符合) one tap away — and picking one shows its reasons with the clauses quoted. "为什么 2" and
 * "为什么孤儿" work too.
 */
import { render, type StepContext } from '../context.js'
import type { ScreenWhyNode } from '../types.js'
import { screen } from '../../policy/screen.js'
import type { Result } from '../../policy/types.js'
import { flowEntries, pickListKind, type Entry, type Page } from './pick-list.js'
import { bundleOf, reasonsText, requestOf, statusText } from './policy-chat.js'
import { likely } from './screen-summary.js'

const OTHERS = 'others'
const LIKELY = 'likely'
const WHY = /^(?:为什么|为啥|原因|why)[：:，,\s]*/iu

function page(node: ScreenWhyNode, ctx: StepContext): Page {
  const results = screen(bundleOf(ctx), requestOf(ctx, node.facts)).results
  const top = likely(results)
  const rest = results.filter((r) => !top.includes(r))
  const showRest = top.length === 0 || ctx.state.vars[node.var] === OTHERS
  const self = ctx.state.at?.node
  const shown = showRest ? rest : top
  const entry = (r: Result): Entry => ({
    id: `why:${r.entitlement}`,
    label: showRest ? `${r.name}（${statusText(ctx, r)}）` : r.name,
    synonyms: [r.name],
    then: () => ({
      value: showRest ? OTHERS : LIKELY,
      say: [{ text: reasonsText(ctx, r) }],
      ...(self && { next: self }),
    }),
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
    entries: [...shown.map(entry), ...toggle, ...flowEntries(ctx, node.choices, node.next)],
  }
}

export const screenWhy = pickListKind<ScreenWhyNode>(page, (answer) => ({
  ...answer,
  text: answer.text.replace(WHY, ''),
}))
