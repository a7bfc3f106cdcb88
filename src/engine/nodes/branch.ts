/** @module engine/nodes/branch — the first case whose condition holds, else the default. */
import type { StepKind } from '../registry.js'
import type { BranchNode } from '../types.js'
import { holds } from '../conditions.js'

export const branch: StepKind<BranchNode> = {
  wait: false,
  run(node, ctx) {
    const hit = node.cases.find((c) => holds(c.when, ctx.state.vars))
    return { to: 'node', node: hit ? hit.next : node.else }
  },
}
