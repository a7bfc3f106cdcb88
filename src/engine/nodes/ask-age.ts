/** @module engine/nodes/ask-age — an age in years: "8岁", "八岁半", "3个月", "十五". */
import { render } from '../context.js'
import type { WaitKind } from '../registry.js'
import type { AskAgeNode } from '../types.js'
import { parseAge } from '../../text/age.js'

export const askAge: WaitKind<AskAgeNode> = {
  wait: true,
  prompt(node, ctx) {
    return { text: render(ctx, node.text) }
  },
  accept(_node, answer) {
    const age = parseAge(answer.text)
    return age === undefined ? undefined : { value: age }
  },
}
