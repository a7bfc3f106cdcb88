/** @module engine/nodes/branch — the first case whose condition holds, else the default. */
import { z } from 'zod'
import { ref, stepKind } from '../kind.js'
import { condition, holds } from '../conditions.js'
import { id } from './fields.js'

export const branch = stepKind(
  z.strictObject({
    kind: z.literal('branch'),
    cases: z.array(z.strictObject({ when: condition, next: id })).min(1),
    else: id,
  }),
  {
    refs: (node) => [
      ...node.cases.flatMap((c, i) => ref('node', ['cases', i, 'next'], c.next)),
      ...ref('node', ['else'], node.else),
    ],
    run(node, ctx) {
      const hit = node.cases.find((c) => holds(c.when, ctx.state.vars))
      return { to: 'node', node: hit ? hit.next : node.else }
    },
  },
)
export type BranchNode = z.infer<typeof branch.schema>
