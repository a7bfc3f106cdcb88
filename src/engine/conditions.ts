/** @module engine/conditions — branch conditions over the conversation's variables. */
import { z } from 'zod'
import { id, value } from './nodes/fields.js'
import type { Value, Vars } from './types.js'

/** Written out because it is recursive (zod cannot infer a recursive type); `condition` checks it. */
export type Condition =
  | { var: string; eq: Value }
  | { var: string; in: Value[] }
  | { var: string; gte?: number; lt?: number }
  | { var: string; present: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }

export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ var: id, eq: value }),
    z.strictObject({ var: id, in: z.array(value) }),
    z.strictObject({ var: id, present: z.boolean() }),
    z.strictObject({ var: id, gte: z.number().optional(), lt: z.number().optional() }),
    z.strictObject({ all: z.array(condition) }),
    z.strictObject({ any: z.array(condition) }),
    z.strictObject({ not: condition }),
  ]),
)

export function holds(c: Condition, vars: Vars): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, vars))
  if ('any' in c) return c.any.some((x) => holds(x, vars))
  if ('not' in c) return !holds(c.not, vars)
  const v = vars[c.var]
  if ('eq' in c) return v === c.eq
  if ('in' in c) return v !== undefined && c.in.includes(v)
  if ('present' in c) return (v !== undefined && v !== null) === c.present
  if (typeof v !== 'number') return false
  return (c.gte === undefined || v >= c.gte) && (c.lt === undefined || v < c.lt)
}
