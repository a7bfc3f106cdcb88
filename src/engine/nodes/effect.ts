/** @module engine/nodes/effect — ask the host to do something (queue a handoff, look up contacts). */
import { render } from '../context.js'
import type { StepKind } from '../registry.js'
import type { EffectNode } from '../types.js'
import { assertNever } from '../assert-never.js'

export const effect: StepKind<EffectNode> = {
  wait: false,
  run(node, ctx) {
    const spec = node.effect
    switch (spec.type) {
      case 'queue_handoff':
        ctx.effects.push({ type: 'queue_handoff', reason: spec.reason })
        break
      case 'lookup_contacts':
        ctx.effects.push({ type: 'lookup_contacts', topic: spec.topic })
        break
      default:
        assertNever(spec)
    }
    if (node.mode) ctx.state.mode = node.mode
    if (node.text) ctx.replies.push({ text: render(ctx, node.text) })
    return { to: 'node', node: node.next }
  },
}
