/**
 * @module engine/nodes/ask-choice
 * A question with numbered choices, answered by a button, a number (1, ①, 一, 第一个), the label,
 * a synonym, or a unique part of a label. With `otherwise`, any other answer goes to that node.
 */
import { choice, render } from '../context.js'
import type { Answer, WaitKind } from '../registry.js'
import type { AskChoiceNode, ChoiceDef } from '../types.js'
import { labelled, matchChoice } from './match-choice.js'

/** The value stored when `otherwise` took an answer that picked no choice. */
const OTHER = 'other'

export const askChoice: WaitKind<AskChoiceNode> = {
  wait: true,
  picks: true,
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
}
