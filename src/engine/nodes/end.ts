/** @module engine/nodes/end — end this flow (and return to the caller, if there is one). */
import { z } from 'zod'
import { render } from '../context.js'
import { ref, stepKind } from '../kind.js'
import { textRef } from './fields.js'

export const end = stepKind(z.strictObject({ kind: z.literal('end'), text: textRef.optional() }), {
  refs: (node) => ref('text', ['text'], node.text),
  run(node, ctx) {
    if (node.text) ctx.replies.push({ text: render(ctx, node.text) })
    return { to: 'end' }
  },
})
export type EndNode = z.infer<typeof end.schema>
