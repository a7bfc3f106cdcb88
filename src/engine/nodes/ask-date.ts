/** @module engine/nodes/ask-date — a calendar date, not in the future. */
import { render, today } from '../context.js'
import type { WaitKind } from '../registry.js'
import type { AskDateNode } from '../types.js'
import { parseDate } from '../../text/date.js'

export const askDate: WaitKind<AskDateNode> = {
  wait: true,
  picks: false,
  prompt(node, ctx) {
    return { text: render(ctx, node.text) }
  },
  accept(_node, answer, ctx) {
    const date = parseDate(answer.text)
    return date === undefined || date > today(ctx) ? undefined : { value: date }
  },
}
