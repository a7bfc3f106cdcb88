/**
 * @module engine/nodes/pick-list
 * A numbered list a node builds from content as it goes (results, categories, measures), followed
 * by the flow's own choices (again, 人工, 菜单), answered like any choice question.
 */
import { render, type StepContext } from '../context.js'
import type { Accepted, Answer } from '../registry.js'
import type { ChoiceDef, Reply } from '../types.js'
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

export function listReply(text: string, entries: Entry[]): Reply {
  return { text, choices: entries.map(({ id, label }) => ({ id, label })) }
}

/** The entry the answer picks (by button, number, label or synonym), carried out. */
export function pickEntry(
  ctx: StepContext,
  entries: Entry[],
  answer: Answer,
): Accepted | undefined {
  const options = entries.map((e) => ({
    id: e.id,
    labels: [e.label, ...(e.synonyms ?? [])],
    item: e,
  }))
  return matchChoice(options, answer, ctx.content.t2s)?.then()
}
