/**
 * @module engine/nodes/ask-choice
 * A question with numbered choices, answered by a button, a number (1, ①, 一, 第一个), the label,
 * a synonym, or a unique part of a label. With `otherwise`, any other answer goes to that node.
 */
import { z } from 'zod'
import { choice, render } from '../context.js'
import { choiceRefs, ref, waitKind, type Answer } from '../kind.js'
import { ask, choices, id, type ChoiceDef } from './fields.js'
import { labelled, matchChoice } from './match-choice.js'

/** The value stored when `otherwise` took an answer that picked no choice. */
const OTHER = 'other'

export const askChoice = waitKind(
  z.strictObject({
    kind: z.literal('ask_choice'),
    ...ask,
    choices: choices.min(1).max(12),
    /** Where any answer that picks no choice goes (so that no answer is turned away); var = 'other'. */
    otherwise: id.optional(),
  }),
  {
    picks: true,
    retry: 'retry.ask_choice',
    refs: (node) => [...choiceRefs(node.choices), ...ref('node', ['otherwise'], node.otherwise)],
    prompt(node, ctx) {
      return {
        text: render(ctx, node.text),
        choices: node.choices.map((c) => choice(ctx, c.id, c.label)),
      }
    },
    accept(node, answer: Answer, ctx) {
      const picked: ChoiceDef | undefined = matchChoice(
        node.choices.map((c) =>
          labelled(c.id, [render(ctx, c.label), ...(c.synonyms ?? [])], ctx.content.t2s, c),
        ),
        answer,
      )
      if (picked) return { value: picked.value ?? picked.id, next: picked.next ?? node.next }
      return node.otherwise === undefined ? undefined : { value: OTHER, next: node.otherwise }
    },
  },
)
export type AskChoiceNode = z.infer<typeof askChoice.schema>
