/**
 * @module engine/nodes/pick-list
 * A numbered list a node builds from content as it goes (results, categories, measures), followed
 * by the flow's own choices (again, 人工, 菜单), answered like any choice question.
 */
import { render, type StepContext } from '../context.js'
import {
  choiceRefs,
  waitKind,
  type Accepted,
  type AskFields,
  type Answer,
  type NodeSchema,
  type Ref,
  type WaitKind,
} from '../kind.js'
import type { ChoiceDef } from './fields.js'
import { labelled, matchChoice } from './match-choice.js'

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

/** What the node shows now, built from the content and the vars. */
export interface Page {
  text: string
  entries: Entry[]
  /** Entries not listed now that can still be named ("为什么低保" from the other list). */
  hidden?: Entry[]
}

/** The entry an answer picks (by button, number, label or synonym). */
export function pickEntry(ctx: StepContext, entries: Entry[], answer: Answer): Entry | undefined {
  const options = entries.map((e) =>
    labelled(e.id, [e.label, ...(e.synonyms ?? [])], ctx.content.t2s, e),
  )
  return matchChoice(options, answer)
}

function pick(ctx: StepContext, entries: Entry[], answer: Answer): Accepted | undefined {
  return pickEntry(ctx, entries, answer)?.then()
}

/**
 * A wait kind that shows `page` as numbered choices and carries out the entry picked (by button,
 * number, label or synonym; a hidden entry by name only); `read` may answer first (为什么 alone).
 * Its nodes' own `choices` follow the list.
 */
export function pickListKind<N extends AskFields & { choices: ChoiceDef[] }>(
  schema: NodeSchema<N>,
  kind: {
    retry: string
    texts: readonly string[]
    page: (node: N, ctx: StepContext) => Page
    read?: (node: N, answer: Answer, ctx: StepContext) => Accepted | Answer
    refs?: (node: N) => Ref[]
  },
): WaitKind<N> {
  const { page, read, refs, retry, texts } = kind
  return waitKind(schema, {
    picks: true,
    retry,
    texts,
    refs: (node) => [...choiceRefs(node.choices), ...(refs?.(node) ?? [])],
    prompt(node, ctx) {
      const { text, entries } = page(node, ctx)
      return { text, choices: entries.map(({ id, label }) => ({ id, label })) }
    },
    accept(node, raw, ctx) {
      const answer = read ? read(node, raw, ctx) : raw
      if (!('text' in answer)) return answer
      const { entries, hidden = [] } = page(node, ctx)
      const byName = /^\d+$/.test(answer.text) ? undefined : pick(ctx, hidden, answer)
      return pick(ctx, entries, answer) ?? byName
    },
  })
}
