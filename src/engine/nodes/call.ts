/** @module engine/nodes/call — run another flow; when it ends, carry on at this node's `next`. */
import type { StepKind } from '../registry.js'
import type { CallNode } from '../types.js'

export const call: StepKind<CallNode> = {
  wait: false,
  run(node) {
    return { to: 'call', flow: node.flow }
  },
}
