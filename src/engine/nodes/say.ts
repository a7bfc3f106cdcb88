/** @module engine/nodes/say — a message, then on to the next node. */
import { z } from 'zod'
import { render } from '../context.js'
import { ref, stepKind } from '../kind.js'
import type { Reply } from '../types.js'
import { contactsFor } from './contacts.js'
import { id, next, textRef } from './fields.js'

export const say = stepKind(
  z.strictObject({
    kind: z.literal('say'),
    text: textRef,
    contacts: z.array(id).optional(),
    urgent: z.boolean().optional(),
    ...next,
  }),
  {
    refs: (node) => [
      ...ref('text', ['text'], node.text),
      ...ref('node', ['next'], node.next),
      ...(node.contacts ?? []).flatMap((c, i) => ref('contact', ['contacts', i], c)),
    ],
    run(node, ctx) {
      const reply: Reply = { text: render(ctx, node.text) }
      if (node.contacts) reply.contacts = contactsFor(ctx, node.contacts)
      if (node.urgent) reply.urgent = true
      ctx.replies.push(reply)
      return { to: 'node', node: node.next }
    },
  },
)
export type SayNode = z.infer<typeof say.schema>
