/** @module engine/nodes/end — end this flow (and return to the caller, if there is one). */
import { render } from '../context.js'
import type { StepKind } from '../registry.js'
import type { EndNode } from '../types.js'

export const end: StepKind<EndNode> = {
  wait: false,
  run(node, ctx) {
    if (node.text) ctx.replies.push({ text: render(ctx, node.text) })
    return { to: 'end' }
  },
}
