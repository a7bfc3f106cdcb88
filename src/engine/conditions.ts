/** @module engine/conditions — branch conditions over the conversation's variables. */
import type { Condition, Vars } from './types.js'

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
