/** @module engine/nodes/ask-age — an age in years: "8岁", "八岁半", "3个月", "十五" (or 不清楚 where allowed). */
import { choice, render } from '../context.js'
import type { WaitKind } from '../registry.js'
import type { AskAgeNode } from '../types.js'
import { parseAge } from '../../text/age.js'
import { parseYesNo } from '../../text/yes-no.js'

const UNKNOWN = 'unknown'

export const askAge: WaitKind<AskAgeNode> = {
  wait: true,
  picks: false,
  prompt(node, ctx) {
    const reply = { text: render(ctx, node.text) }
    return node.allowUnknown
      ? { ...reply, choices: [choice(ctx, UNKNOWN, 'choice.unknown')] }
      : reply
  },
  accept(node, answer, ctx) {
    if (
      node.allowUnknown &&
      (answer.choice === UNKNOWN || parseYesNo(answer.text, ctx.content.yesNo) === UNKNOWN)
    )
      return { value: null }
    const age = parseAge(answer.text)
    return age === undefined ? undefined : { value: age }
  },
}
