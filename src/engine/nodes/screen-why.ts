/**
 * @module engine/nodes/screen-why
 * The result's list: every result of the screening, numbered — the likely ones first, each with
 * its status and amount, the rest (还不确定, 不符合) one tap away. Picking a likely one shows it in full (why, the clause's words,
 * what to bring, where to apply); picking another says why not, or what is missing. "为什么 2" and
 * "为什么低保" give every reason with its clause quoted (a name from either list); 为什么 alone
 * says how to ask. 接着回答几题 (`more`) goes back to the questions while one could still settle
 * a result.
 */
import { z } from 'zod'
import { render, type StepContext } from '../context.js'
import { ref } from '../kind.js'
import { ask, choices, id, synonyms, textRef } from './fields.js'
import { nextQuestion } from '../../policy/next-question.js'
import { screen } from '../../policy/screen.js'
import { RESULT_VARS } from '../result.js'
import { SCREEN_MORE } from './ask-screen.js'
import { detailCard, summaryLine } from './screen-summary.js'
import type { Result } from '../../policy/types.js'
import { flowEntries, pickEntry, pickListKind, type Entry, type Page } from './pick-list.js'
import {
  bundleOf,
  isWhy,
  likely,
  reasonsText,
  requestOf,
  statusText,
  withoutWhy,
} from './policy-chat.js'

/**
 * 为什么: the results of a screening as a numbered list (likely ones first, the rest one tap
 * away); picking one shows its cited reasons. `choices` follow the list (again, 人工, 菜单).
 */
const schema = z.strictObject({
  kind: z.literal('screen_why'),
  ...ask,
  facts: id,
  choices: choices.max(6),
  /**
   * A choice to answer a few more questions (`label`, typed as any of `synonyms`), shown while one
   * could still settle a result: on from `next` (the question loop) with no limit on the
   * questions, and once none is left unasked, the answers 不清楚 asked again.
   */
  more: z.strictObject({ label: textRef, synonyms, next: id }).optional(),
})
export type ScreenWhyNode = z.infer<typeof schema>

const OTHERS = 'others'
const LIKELY = 'likely'
const MORE = 'more'

/**
 * 接着回答几题: while a question could still settle a result, an entry back to the questions with
 * no limit on them (`screen_more`), forgetting the result code (the answers will differ). Once
 * every question has been asked, the ones answered 不清楚 are asked again.
 */
function moreEntry(node: ScreenWhyNode, ctx: StepContext): Entry[] {
  if (!node.more) return []
  const bundle = bundleOf(ctx)
  const now = new Date(ctx.now)
  const request = requestOf(ctx, node.facts)
  const unasked = nextQuestion(bundle, request, now) !== undefined
  if (!unasked && !nextQuestion(bundle, { ...request, unknownFacts: [] }, now)) return []
  const { label, synonyms, next } = node.more
  const unset = [
    ...(unasked ? [] : (request.unknownFacts ?? []).map((fact) => `${node.facts}.${fact}`)),
    RESULT_VARS.code,
    RESULT_VARS.asOf,
  ]
  const set = { [SCREEN_MORE]: true }
  return [
    {
      id: MORE,
      label: render(ctx, label),
      ...(synonyms && { synonyms }),
      then: () => ({ value: MORE, set, unset, next }),
    },
  ]
}

function page(node: ScreenWhyNode, ctx: StepContext): Page {
  const results = screen(bundleOf(ctx), requestOf(ctx, node.facts)).results
  const top = likely(results)
  const rest = results.filter((r) => !top.includes(r))
  const showRest = top.length === 0 || ctx.state.vars[node.var] === OTHERS
  const self = ctx.state.at?.node
  // A likely measure opens in full (why, the clause's words, what to bring, where); the rest say
  // why not, or what is still missing, with the clauses quoted.
  const entry = (r: Result): Entry => ({
    id: `why:${r.entitlement}`,
    label: rest.includes(r) ? `${r.name}（${statusText(ctx, r)}）` : summaryLine(ctx, r),
    synonyms: [r.name],
    then: () => ({
      aside: true,
      say: [rest.includes(r) ? { text: reasonsText(ctx, r) } : detailCard(ctx, r)],
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
    entries: [
      ...(showRest ? rest : top).map(entry),
      ...toggle,
      ...moreEntry(node, ctx),
      ...flowEntries(ctx, node.choices, node.next),
    ],
    hidden: other.map(entry),
  }
}

export const screenWhy = pickListKind(schema, {
  retry: 'retry.screen_why',
  refs: (node) => [
    ...ref('text', ['more', 'label'], node.more?.label),
    ...ref('node', ['more', 'next'], node.more?.next),
  ],
  page,
  texts: [
    'screen.summary.line',
    'screen.summary.no_amount',
    'screen.why.others',
    'screen.why.show_others',
    'screen.why.show_likely',
    'screen.why.how',
    'policy.chat.why_head',
    'policy.chat.reason',
    'policy.chat.clause_quoted',
  ],
  read(node, answer, ctx) {
    if (!isWhy(answer)) return answer
    const asked = withoutWhy(answer)
    if (asked.text === '') return { aside: true, say: [{ text: render(ctx, 'screen.why.how') }] }
    // "为什么 2", "为什么低保": every reason with its clause quoted, for any result.
    const { entries, hidden = [] } = page(node, ctx)
    const id = pickEntry(ctx, [...entries, ...hidden], asked)?.id
    const results = screen(bundleOf(ctx), requestOf(ctx, node.facts)).results
    const named = results.find((r) => id === `why:${r.entitlement}`)
    return named ? { aside: true, say: [{ text: reasonsText(ctx, named) }] } : asked
  },
})
