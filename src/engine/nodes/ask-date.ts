/** @module engine/nodes/ask-date — a calendar date, not in the future. */
import { z } from 'zod'
import { render, today } from '../context.js'
import { waitKind } from '../kind.js'
import { parseDate } from '../../text/date.js'
import { ask } from './fields.js'

export const askDate = waitKind(z.strictObject({ kind: z.literal('ask_date'), ...ask }), {
  picks: false,
  retry: 'retry.ask_date',
  prompt(node, ctx) {
    return { text: render(ctx, node.text) }
  },
  accept(_node, answer, ctx) {
    const date = parseDate(answer.text)
    return date === undefined || date > today(ctx) ? undefined : { value: date }
  },
})
export type AskDateNode = z.infer<typeof askDate.schema>
