/** @module engine/nodes/say — a message, then on to the next node. */
import { render } from '../context.js'
import type { StepKind } from '../registry.js'
import type { Reply, SayNode } from '../types.js'
import { contactsFor } from './contacts.js'

export const say: StepKind<SayNode> = {
  wait: false,
  run(node, ctx) {
    const reply: Reply = { text: render(ctx, node.text) }
    if (node.contacts) reply.contacts = contactsFor(ctx, node.contacts)
    if (node.urgent) reply.urgent = true
    ctx.replies.push(reply)
    return { to: 'node', node: node.next }
  },
}
