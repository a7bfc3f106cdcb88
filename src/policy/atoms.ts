/**
 * @module policy/atoms
 * The leaves of a rule — a fact compared to a value, an age test, a parent's situation — as sets
 * of possible outcomes (see outcome.ts), with the facts that would settle an undecided one.
 */
import { birthday } from './dates.js'
import type { FactId, FactValue } from './facts.js'
import { ALL, ANY, NO, REVIEW, YES, YES_OR_NO } from './outcome.js'
import type { AgeOp, FactOp, ParentTest, YearRange } from './types.js'
import { FACT_INDEX, type View } from './view.js'

function compare(op: FactOp, have: FactValue, want: FactValue | FactValue[]): boolean {
  switch (op) {
    case 'is':
      return have === want
    case 'in':
      return (want as FactValue[]).includes(have)
    case 'gte':
      return typeof have === 'number' && have >= (want as number)
    case 'gt':
      return typeof have === 'number' && have > (want as number)
    case 'lte':
      return typeof have === 'number' && have <= (want as number)
    case 'lt':
      return typeof have === 'number' && have < (want as number)
  }
}

/** A fact compared to a value. */
export function factOutcome(
  view: View,
  fact: FactId,
  op: FactOp,
  want: FactValue | FactValue[],
): number {
  const have = view.vals[FACT_INDEX[fact]]
  if (have === undefined) return YES_OR_NO
  return compare(op, have, want) ? YES : NO
}

/** An age test (see AgeOp for the readings). */
export function ageOutcome(view: View, op: AgeOp, years: number): number {
  if (view.birth !== undefined) {
    const asOf = view.asOf
    switch (op) {
      case 'under':
        return asOf < birthday(view.birth, years) ? YES : NO
      case 'from':
        return asOf >= birthday(view.birth, years) ? YES : NO
      case 'upto':
        if (asOf <= birthday(view.birth, years)) return YES
        return asOf < birthday(view.birth, years + 1) ? REVIEW : NO
    }
  }
  const age = view.age
  if (age === undefined) return op === 'upto' ? YES_OR_NO | REVIEW : YES_OR_NO
  switch (op) {
    case 'under':
      return age < years ? YES : NO
    case 'from':
      return age >= years ? YES : NO
    case 'upto':
      // "6岁" could be the birthday itself or any day of the year after it.
      if (age < years) return YES
      return age < years + 1 ? REVIEW : NO
  }
}

function inRange(have: number, range: YearRange): boolean {
  return (
    (range.gte === undefined || have >= range.gte) && (range.lt === undefined || have < range.lt)
  )
}

type Parent = 'father' | 'mother'

const KEYS = {
  father: {
    status: 'father_status',
    years: 'father_status_years',
    served: 'father_years_served',
    known: 'father_whereabouts_known',
  },
  mother: {
    status: 'mother_status',
    years: 'mother_status_years',
    served: 'mother_years_served',
    known: 'mother_whereabouts_known',
  },
} as const satisfies Record<Parent, Record<string, FactId>>

const AT = {
  father: {
    status: FACT_INDEX.father_status,
    years: FACT_INDEX.father_status_years,
    served: FACT_INDEX.father_years_served,
    known: FACT_INDEX.father_whereabouts_known,
  },
  mother: {
    status: FACT_INDEX.mother_status,
    years: FACT_INDEX.mother_status_years,
    served: FACT_INDEX.mother_years_served,
    known: FACT_INDEX.mother_whereabouts_known,
  },
}

/** One parent's situation; `missing` collects the facts that would settle it. */
export function parentOutcome(
  view: View,
  who: Parent,
  test: ParentTest,
  missing?: Set<FactId>,
): number {
  const keys = KEYS[who]
  const at = AT[who]
  const vals = view.vals
  const status = vals[at.status]
  if (status === undefined) {
    missing?.add(keys.status)
    return YES_OR_NO
  }
  if (!test.status.includes(status as never)) return NO
  let out = YES
  if (test.years) {
    const have = vals[at.years]
    if (have === undefined) {
      missing?.add(keys.years)
      out = YES_OR_NO
    } else if (typeof have !== 'number' || !inRange(have, test.years)) return NO
  }
  if (test.served) {
    const have = vals[at.served]
    if (have === undefined) {
      missing?.add(keys.served)
      out = YES_OR_NO
    } else if (typeof have !== 'number' || !inRange(have, test.served)) return NO
  }
  if (test.whereaboutsKnown !== undefined) {
    const have = vals[at.known]
    if (have === undefined) {
      missing?.add(keys.known)
      out = YES_OR_NO
    } else if (have !== test.whereaboutsKnown) return NO
  }
  return out
}

/** Both parents, either parent, or one parent in one situation and the other in another. */
export function parentsOutcome(
  view: View,
  mode: 'both' | 'either' | 'one_other',
  p: ParentTest,
  q?: ParentTest,
  missing?: Set<FactId>,
): number {
  const f = parentOutcome(view, 'father', p, missing)
  const m = parentOutcome(view, 'mother', p, missing)
  if (mode === 'both') return ALL[f * 16 + m]!
  if (mode === 'either') return ANY[f * 16 + m]!
  const other = q as ParentTest
  const fo = parentOutcome(view, 'father', other, missing)
  const mo = parentOutcome(view, 'mother', other, missing)
  return ANY[ALL[f * 16 + mo]! * 16 + ALL[m * 16 + fo]!]!
}
