/**
 * @module engine/nodes/set — clear variables (each with the ones under it), copy what is known
 * into what is not (a first message's story into the report's "what happened"), then assign.
 */
import { z } from 'zod'
import { ref, stepKind } from '../kind.js'
import { id, next, value } from './fields.js'

export const set = stepKind(
  z.strictObject({
    kind: z.literal('set'),
    // A dotted name sets a var under another (`screen.child_age`: a screening answer).
    values: z.record(z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/), value).optional(),
    /** Vars to remove first, each with every var under it (`screen` clears `screen.child_age`). */
    clear: z.array(id).optional(),
    /** Target ← source: copied when the source holds a value and the target does not yet. */
    copy: z.record(id, id).optional(),
    ...next,
  }),
  {
    refs: (node) => ref('node', ['next'], node.next),
    writes: (node) => [...Object.keys(node.values ?? {}), ...Object.keys(node.copy ?? {})],
    run(node, ctx) {
      const vars = ctx.state.vars
      for (const name of node.clear ?? []) {
        for (const key of Object.keys(vars))
          if (key === name || key.startsWith(`${name}.`)) delete vars[key]
      }
      for (const [target, source] of Object.entries(node.copy ?? {})) {
        const value = vars[source]
        if (value !== undefined && vars[target] === undefined) vars[target] = value
      }
      if (node.values) Object.assign(vars, node.values)
      return { to: 'node', node: node.next }
    },
  },
)
export type SetNode = z.infer<typeof set.schema>
