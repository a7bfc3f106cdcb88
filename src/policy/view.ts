/**
 * @module policy/view
 * The facts as the rules read them: an array indexed by fact (see FACT_INDEX), so the hot path
 * does no string lookups. A fact that is absent, of the wrong type or answered "unknown" stays
 * unknown (never false, never zero). Facts that follow from others (content/policies/
 * implications.yaml) fill a gap; they never override what the family said.
 */
import { FACT_IDS, FACTS, type FactId, type FactSpec, type FactValue, type Facts } from './facts.js'
import { exactAge } from './dates.js'
import type { Implication } from './implications.js'

export interface View {
  asOf: string
  /** Effective fact values by FACT_INDEX; undefined = unknown. */
  vals: (FactValue | undefined)[]
  /** The birth date, when given: ages are then exact to the day. */
  birth?: string
  /** Age in years (from the birth date when given, else `child_age`). */
  age?: number
  /** Identifies this set of facts to the memo of shared definitions (see policy/fast). */
  id: number
  /** The implications applied (the bundle's), for views made from this one. */
  implications: readonly Implication[]
}

let views = 0

/** Each fact's position in `View.vals`. */
export const FACT_INDEX = Object.fromEntries(FACT_IDS.map((id, i) => [id, i])) as Record<
  FactId,
  number
>

// How to check each fact's value, by fact id: its kind, and for enums and numbers their limits.
const BOOL = 0
const ENUM = 1
const NUMBER = 2
const INTEGER = 3
const DATE = 4
interface Check {
  index: number
  kind: number
  values: ReadonlySet<unknown> | undefined
  min: number
  max: number
}
const CHECKS: Record<string, Check> = Object.create(null)
FACT_IDS.forEach((id, index) => {
  const spec: FactSpec = FACTS[id]
  const kind =
    spec.kind === 'boolean'
      ? BOOL
      : spec.kind === 'enum'
        ? ENUM
        : spec.kind === 'date'
          ? DATE
          : spec.integer
            ? INTEGER
            : NUMBER
  CHECKS[id] = {
    index,
    kind,
    values: spec.kind === 'enum' ? new Set(spec.values.filter((v) => v !== 'unknown')) : undefined,
    min: spec.kind === 'number' ? spec.min : 0,
    max: spec.kind === 'number' ? spec.max : 0,
  }
})

function valid(c: Check, v: unknown): boolean {
  switch (c.kind) {
    case BOOL:
      return typeof v === 'boolean'
    case ENUM:
      return c.values!.has(v)
    case NUMBER:
      return typeof v === 'number' && v >= c.min && v <= c.max
    case INTEGER:
      return typeof v === 'number' && v >= c.min && v <= c.max && Number.isInteger(v)
    default:
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
  }
}

const EMPTY: (FactValue | undefined)[] = new Array(FACT_IDS.length).fill(undefined)

/** The value of one fact in a view. */
export function valueOf(view: View, fact: FactId): FactValue | undefined {
  return view.vals[FACT_INDEX[fact]]
}

// An implication in index form: each condition is [fact index, values, holds-when-in] or an age.
interface Rule {
  when: ({ at: number; values: readonly FactValue[]; inside: boolean } | { under: number })[]
  at: number
  value: FactValue
}
const rulesOf = new WeakMap<readonly Implication[], Rule[]>()

function indexed(implications: readonly Implication[]): Rule[] {
  let rules = rulesOf.get(implications)
  if (!rules) {
    rules = implications.map((i) => ({
      when: i.when.map((c) =>
        'ageUnder' in c
          ? { under: c.ageUnder }
          : 'in' in c
            ? { at: FACT_INDEX[c.fact], values: c.in, inside: true }
            : { at: FACT_INDEX[c.fact], values: c.notIn, inside: false },
      ),
      at: FACT_INDEX[i.then.fact],
      value: i.then.value,
    }))
    rulesOf.set(implications, rules)
  }
  return rules
}

/** Fills the gaps the implications fill, until nothing more follows. */
function imply(vals: (FactValue | undefined)[], age: number | undefined, rules: Rule[]): void {
  for (let changed = true; changed;) {
    changed = false
    for (const r of rules) {
      if (vals[r.at] !== undefined) continue
      const holds = r.when.every((c) => {
        if ('under' in c) return age !== undefined && age < c.under
        const have = vals[c.at]
        return have !== undefined && c.values.includes(have) === c.inside
      })
      if (holds) {
        vals[r.at] = r.value
        changed = true
      }
    }
  }
}

/**
 * Builds the view the rules read; `facts` may hold anything, only valid values are kept. The
 * implications (the bundle's) fill what follows from the facts given.
 */
export function makeView(
  facts: Facts | Record<string, unknown>,
  asOf: string,
  implications: readonly Implication[] = [],
): View {
  const vals = EMPTY.slice()
  const given = facts as Record<string, unknown>
  // for…in is the fastest walk over a plain object in V8; CHECKS has no prototype, so a name
  // such as "constructor" finds nothing, and only valid values of known facts are kept.
  for (const id in given) {
    const check = CHECKS[id]
    const value = given[id]
    if (check !== undefined && valid(check, value)) vals[check.index] = value as FactValue
  }
  const view: View = { asOf, vals, id: ++views, implications }
  const birth = vals[FACT_INDEX.child_birth_date]
  if (typeof birth === 'string') {
    view.birth = birth
    view.age = exactAge(birth, asOf)
  } else if (typeof vals[FACT_INDEX.child_age] === 'number') {
    view.age = vals[FACT_INDEX.child_age] as number
  }
  if (implications.length > 0) imply(vals, view.age, indexed(implications))
  return view
}
