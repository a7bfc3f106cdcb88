/**
 * @module engine/nodes/pick-list
 * A numbered list a node builds from content as it goes (results, categories, measures), followed
 * by the flow's own choices (again, 人工, 菜单), answered like any choice question.
 */
import { render, type StepContext } from '../context.js'
import type { Accepted, Answer, WaitKind } from '../registry.js'
import type { AskNode, ChoiceDef } from '../types.js'
import { matchChoice } from './match-choice.js'

export interface Entry {
  id: string
  label: string
  synonyms?: string[]
  /** What picking it does. */
  then: () => Accepted
}

/** The flow's own choices as entries, after the built ones. */
export function flowEntries(ctx: StepContext, choices: ChoiceDef[], next?: string): Entry[] {
  return choices.map((c) => ({
    id: c.id,
    label: render(ctx, c.label),
    ...(c.synonyms && { synonyms: c.synonyms }),
    then: () => ({ value: c.value ?? c.id, next: c.next ?? next }),
  }))
}

/** What the node shows now: its text and its entries, built from the content and the vars. */
export interface Page {
  text: string
  entries: Entry[]
}

/**
 * A wait kind that shows `page` as numbered choices and carries out the entry picked; `read`
 * may tidy the answer first (为什么 3 → 3).
 */
export function pickListKind<N extends AskNode>(
  page: (node: N, ctx: StepContext) => Page,
  read: (answer: Answer) => Answer = (answer) => answer,
): WaitKind<N> {
  return {
    wait: true,
    picks: true,
    prompt(node, ctx) {
      const { text, entries } = page(node, ctx)
      return { text, choices: entries.map(({ id, label }) => ({ id, label })) }
    },
    accept(node, answer, ctx) {
      const options = page(node, ctx).entries.map((e) => ({
        id: e.id,
        labels: [e.label, ...(e.synonyms ?? [])],
        item: e,
      }))
      return matchChoice(options, read(answer), ctx.content.t2s)?.then()
    },
  }
}
