/** @module engine/nodes/call — run another flow; when it ends, carry on at this node's `next`. */
import { z } from 'zod'
import { ref, stepKind } from '../kind.js'
import { id, next } from './fields.js'

export const call = stepKind(z.strictObject({ kind: z.literal('call'), flow: id, ...next }), {
  refs: (node) => [...ref('flow', ['flow'], node.flow), ...ref('node', ['next'], node.next)],
  run(node) {
    return { to: 'call', flow: node.flow }
  },
})
export type CallNode = z.infer<typeof call.schema>
