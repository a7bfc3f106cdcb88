/** @module engine/nodes/ask-text — free text, kept in the user's own words. */
import { render } from '../context.js'
import type { WaitKind } from '../registry.js'
import type { AskTextNode } from '../types.js'

export const askText: WaitKind<AskTextNode> = {
  wait: true,
  picks: false,
  prompt(node, ctx) {
    return { text: render(ctx, node.text) }
  },
  accept(node, answer, ctx) {
    const text = answer.raw.trim()
    const max = node.maxLength ?? ctx.content.settings.maxTextLength
    if (text.length === 0 || text.length > max) return undefined
    return { value: text }
  },
}
