/** @module engine/nodes/ask-number — a number, Arabic or Chinese, within optional bounds. */
import { render } from '../context.js'
import type { WaitKind } from '../registry.js'
import type { AskNumberNode } from '../types.js'
import { parseNumber } from '../../text/numbers.js'

export const askNumber: WaitKind<AskNumberNode> = {
  wait: true,
  picks: false,
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
}
