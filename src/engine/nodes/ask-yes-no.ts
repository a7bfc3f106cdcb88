/**
 * @module engine/nodes/ask-yes-no
 * 是 / 不是 (and 不清楚 where the node allows it, stored as null: an answer, not a gap).
 */
import { z } from 'zod'
import { choice, render } from '../context.js'
import { waitKind } from '../kind.js'
import { parseYesNo } from '../../text/yes-no.js'
import { allowUnknown, ask } from './fields.js'

const BUTTONS = { yes: 'choice.yes', no: 'choice.no', unknown: 'choice.unknown' } as const

export const askYesNo = waitKind(
  z.strictObject({ kind: z.literal('ask_yes_no'), ...ask, ...allowUnknown }),
  {
    picks: true,
    retry: 'retry.ask_yes_no',
    prompt(node, ctx) {
      const ids = node.allowUnknown ? (['yes', 'no', 'unknown'] as const) : (['yes', 'no'] as const)
      return {
        text: render(ctx, node.text),
        choices: ids.map((id) => choice(ctx, id, BUTTONS[id])),
      }
    },
    accept(node, answer, ctx) {
      const positions = ['yes', 'no', 'unknown']
      const byNumber = /^[1-3]$/.test(answer.text) ? positions[Number(answer.text) - 1] : undefined
      const said = answer.choice ?? byNumber ?? parseYesNo(answer.text, ctx.content.yesNo)
      if (said === 'yes') return { value: true }
      if (said === 'no') return { value: false }
      if (said === 'unknown' && node.allowUnknown) return { value: null }
      return undefined
    },
  },
)
export type AskYesNoNode = z.infer<typeof askYesNo.schema>
