/**
 * @module policy/view
 * The facts as the rules read them: an array indexed by fact (see FACT_INDEX), so the hot path
 * does no string lookups. A fact that is absent, of the wrong type or answered "unknown" stays
 * unknown (never false, never zero). A few facts follow from others by their FACTS.md meaning,
 * and only those: each derivation below fills a gap, it never overrides what the family said.
 */
import { FACT_IDS, FACTS, type FactId, type FactSpec, type FactValue, type Facts } from './facts.js'
import { exactAge } from './dates.js'

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
const I = FACT_INDEX
const ECONOMIC = [
  I.family_dibao,
  I.family_low_income,
  I.family_registered_poor,
  I.family_dibao_edge,
]

/** The value of one fact in a view. */
export function valueOf(view: View, fact: FactId): FactValue | undefined {
  return view.vals[I[fact]]
}

/** Builds the view the rules read; `facts` may hold anything, only valid values are kept. */
export function makeView(facts: Facts | Record<string, unknown>, asOf: string): View {
  const vals = EMPTY.slice()
  const given = facts as Record<string, unknown>
  // for…in is the fastest walk over a plain object in V8; CHECKS has no prototype, so a name
  // such as "constructor" finds nothing, and only valid values of known facts are kept.
  for (const id in given) {
    const check = CHECKS[id]
    const value = given[id]
    if (check !== undefined && valid(check, value)) vals[check.index] = value as FactValue
  }
  // 家庭经济困难 is true whenever 低保, 低收入/低边 or 建档立卡 is (FACTS.md); and a family not
  // in hardship receives none of them.
  if (vals[I.family_economic_hardship] === undefined && ECONOMIC.some((i) => vals[i] === true))
    vals[I.family_economic_hardship] = true
  if (vals[I.family_low_income] === undefined && vals[I.family_dibao_edge] === true)
    vals[I.family_low_income] = true
  if (vals[I.family_economic_hardship] === false) {
    for (const i of ECONOMIC) if (vals[i] === undefined) vals[i] = false
  }
  if (vals[I.family_dibao_edge] === undefined && vals[I.family_low_income] === false)
    vals[I.family_dibao_edge] = false
  // 弃婴 means the birth parents cannot be found: a parent whose status is known (other than
  // missing) has been found.
  if (vals[I.child_abandoned] === undefined) {
    const f = vals[I.father_status]
    const m = vals[I.mother_status]
    if ((f !== undefined && f !== 'missing') || (m !== undefined && m !== 'missing'))
      vals[I.child_abandoned] = false
  }
  // No disability means no certificate (grade 0).
  if (vals[I.child_disability] === 'none' && vals[I.child_disability_grade] === undefined)
    vals[I.child_disability_grade] = 0
  const view: View = { asOf, vals, id: ++views }
  const birth = vals[I.child_birth_date]
  if (typeof birth === 'string') {
    view.birth = birth
    view.age = exactAge(birth, asOf)
  } else if (typeof vals[I.child_age] === 'number') {
    view.age = vals[I.child_age] as number
  }
  return view
}

/** Facts whose answer can fill another fact by the derivations above (for ranking questions). */
export const FILLED_BY: Partial<Record<FactId, FactId[]>> = {
  family_economic_hardship: [
    'family_dibao',
    'family_low_income',
    'family_registered_poor',
    'family_dibao_edge',
  ],
  family_dibao: ['family_economic_hardship'],
  family_registered_poor: ['family_economic_hardship'],
  family_low_income: ['family_economic_hardship', 'family_dibao_edge'],
  family_dibao_edge: ['family_economic_hardship', 'family_low_income'],
  child_abandoned: ['father_status', 'mother_status'],
  child_disability_grade: ['child_disability'],
}
