/** @module engine/nodes/ask-text — free text, kept in the user's own words. */
import { z } from 'zod'
import { render } from '../context.js'
import { waitKind } from '../kind.js'
import { ask } from './fields.js'

export const askText = waitKind(
  z.strictObject({ kind: z.literal('ask_text'), ...ask, maxLength: z.int().positive().optional() }),
  {
    picks: false,
    retry: 'retry.ask_text',
    prompt(node, ctx) {
      return { text: render(ctx, node.text) }
    },
    accept(node, answer, ctx) {
      const text = answer.raw.trim()
      const max = node.maxLength ?? ctx.content.settings.maxTextLength
      if (text.length === 0 || text.length > max) return undefined
      return { value: text }
    },
  },
)
export type AskTextNode = z.infer<typeof askText.schema>
