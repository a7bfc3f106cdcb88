/** @module engine/nodes/ask-number — a number, Arabic or Chinese, within optional bounds. */
import { z } from 'zod'
import { render } from '../context.js'
import { waitKind } from '../kind.js'
import { parseNumber } from '../../text/numbers.js'
import { ask } from './fields.js'

export const askNumber = waitKind(
  z.strictObject({
    kind: z.literal('ask_number'),
    ...ask,
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  {
    picks: false,
    retry: 'retry.ask_number',
    prompt(node, ctx) {
      return { text: render(ctx, node.text) }
    },
    accept(node, answer) {
      const n = parseNumber(answer.text.replace(/[个岁人元]$/u, ''))
      if (n === undefined) return undefined
      if (node.min !== undefined && n < node.min) return undefined
      if (node.max !== undefined && n > node.max) return undefined
      return { value: n }
    },
  },
)
export type AskNumberNode = z.infer<typeof askNumber.schema>
