/** @module engine/nodes/set — assign variables. */
import type { StepKind } from '../registry.js'
import type { SetNode } from '../types.js'

export const set: StepKind<SetNode> = {
  wait: false,
  run(node, ctx) {
    Object.assign(ctx.state.vars, node.values)
    return { to: 'node', node: node.next }
  },
}
