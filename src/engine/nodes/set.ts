/**
 * @module engine/nodes/set — clear variables (each with the ones under it), copy what is known
 * into what is not (a first message's story into the report's "what happened"), then assign.
 */
import type { StepKind } from '../registry.js'
import type { SetNode } from '../types.js'

export const set: StepKind<SetNode> = {
  wait: false,
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
}
