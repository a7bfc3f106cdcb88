/** @module engine/nodes/ask-age — an age in years: "8岁", "八岁半", "3个月", "十五" (or 不清楚 where allowed). */
import { z } from 'zod'
import { choice, render } from '../context.js'
import { waitKind } from '../kind.js'
import { parseAge } from '../../text/age.js'
import { parseYesNo } from '../../text/yes-no.js'
import { allowUnknown, ask } from './fields.js'

const UNKNOWN = 'unknown'

export const askAge = waitKind(
  z.strictObject({ kind: z.literal('ask_age'), ...ask, ...allowUnknown }),
  {
    picks: false,
    retry: 'retry.ask_age',
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
  },
)
export type AskAgeNode = z.infer<typeof askAge.schema>
