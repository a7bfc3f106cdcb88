/**
 * @module policy/fast
 * Compiles rules (plain JSON) once per bundle into a form evaluated fast, returning outcome
 * sets (see outcome.ts). This is the hot path: screening a region and choosing the next question call it thousands of times
 * a second, so it stops as soon as an `all` is NO or an `any` is YES, and works out each shared
 * definition (孤儿, 困境儿童…) once per set of facts (memoised by view id). No eval, no
 * `new Function`: a small tree evaluator over plain objects, so it runs unchanged in workerd.
 */
import { ageOutcome, parentOutcome } from './atoms.js'
import type { FactId, FactValue } from './facts.js'
import { ALL, ANY, CANNOT_TELL, NO, not, REVIEW, YES, YES_OR_NO } from './outcome.js'
import type { ParentTest, RuleNode } from './types.js'
import { FACT_INDEX, type View } from './view.js'

export type Fast = (view: View) => number

/**
 * Memo slots for shared definitions, one per definition in the bundle: the outcome and the id
 * of the view it was worked out for. Nothing is allocated per view; a slot worked out for
 * another view is simply worked out again.
 */
export interface MemoSlots {
  next: number
  owner: Float64Array
  outcome: Uint8Array
}

export function memoSlots(): MemoSlots {
  return { next: 0, owner: new Float64Array(64), outcome: new Uint8Array(64) }
}

function claim(slots: MemoSlots): number {
  const slot = slots.next++
  if (slot >= slots.owner.length) {
    const owner = new Float64Array(slots.owner.length * 2)
    owner.set(slots.owner)
    const outcome = new Uint8Array(slots.outcome.length * 2)
    outcome.set(slots.outcome)
    slots.owner = owner
    slots.outcome = outcome
  }
  return slot
}

// Node kinds. Plain numbers (not an enum object) so the evaluator's switch compares constants.
const K_ALL = 0
const K_ANY = 1
const K_NOT = 2
const K_REF = 3
const K_IS = 4
const K_IN = 5
const K_NUM = 6
const K_AGE_UNDER = 7
const K_AGE_FROM = 8
const K_AGE_UPTO = 9
const K_PARENT_STATUS = 10
const K_PARENT = 11
const K_BOTH = 12
const K_EITHER = 13
const K_ONE_OTHER = 14
const K_CONST = 15
type K = number

/**
 * A compiled node. Every node has the same shape, so the one evaluator below stays monomorphic;
 * measured, this beat a tree of closures calling each other.
 */
interface Compiled {
  k: K
  at: number
  want: FactValue | undefined
  set: Set<unknown> | undefined
  num: number
  parts: Compiled[]
  test: ParentTest | undefined
  who: 'father' | 'mother'
}

function node(k: K, extra: Partial<Compiled> = {}): Compiled {
  return {
    k,
    at: -1,
    want: undefined,
    set: undefined,
    num: 0,
    parts: [],
    test: undefined,
    who: 'father',
    ...extra,
  }
}

const NUM_OPS: Record<string, number> = { gte: 0, gt: 1, lte: 2, lt: 3 }

function run(n: Compiled, view: View, slots: MemoSlots): number {
  switch (n.k) {
    case K_ALL: {
      let acc = YES
      const parts = n.parts
      for (let i = 0; i < parts.length; i++) {
        acc = ALL[acc * 16 + run(parts[i]!, view, slots)]!
        if (acc === NO) return NO
      }
      return acc
    }
    case K_ANY: {
      let acc = NO
      const parts = n.parts
      for (let i = 0; i < parts.length; i++) {
        acc = ANY[acc * 16 + run(parts[i]!, view, slots)]!
        if (acc === YES) return YES
      }
      return acc
    }
    case K_NOT:
      return not(run(n.parts[0]!, view, slots))
    case K_REF: {
      const slot = n.num
      if (slots.owner[slot] === view.id) return slots.outcome[slot]!
      const out = run(n.parts[0]!, view, slots)
      slots.owner[slot] = view.id
      slots.outcome[slot] = out
      return out
    }
    case K_IS: {
      const have = view.vals[n.at]
      return have === undefined ? YES_OR_NO : have === n.want ? YES : NO
    }
    case K_IN: {
      const have = view.vals[n.at]
      return have === undefined ? YES_OR_NO : n.set!.has(have) ? YES : NO
    }
    case K_NUM: {
      const have = view.vals[n.at]
      if (have === undefined) return YES_OR_NO
      if (typeof have !== 'number') return NO
      const want = n.want as number
      const ok =
        n.num === 0
          ? have >= want
          : n.num === 1
            ? have > want
            : n.num === 2
              ? have <= want
              : have < want
      return ok ? YES : NO
    }
    case K_AGE_UNDER:
    case K_AGE_FROM: {
      if (view.birth !== undefined)
        return ageOutcome(view, n.k === K_AGE_UNDER ? 'under' : 'from', n.num)
      const age = view.age
      if (age === undefined) return YES_OR_NO
      return age < n.num === (n.k === K_AGE_UNDER) ? YES : NO
    }
    case K_AGE_UPTO:
      return ageOutcome(view, 'upto', n.num)
    case K_PARENT_STATUS: {
      const status = view.vals[n.at]
      return status === undefined ? YES_OR_NO : n.set!.has(status) ? YES : NO
    }
    case K_PARENT:
      return parentOutcome(view, n.who, n.test!)
    case K_BOTH:
      return ALL[run(n.parts[0]!, view, slots) * 16 + run(n.parts[1]!, view, slots)]!
    case K_EITHER:
      return ANY[run(n.parts[0]!, view, slots) * 16 + run(n.parts[1]!, view, slots)]!
    case K_ONE_OTHER: {
      const [fp, mq, mp, fq] = n.parts as [Compiled, Compiled, Compiled, Compiled]
      const a = ALL[run(fp, view, slots) * 16 + run(mq, view, slots)]!
      return ANY[a * 16 + ALL[run(mp, view, slots) * 16 + run(fq, view, slots)]!]!
    }
    default:
      // K_CONST: an official's point, or an unknown definition.
      return n.num
  }
}

function parent(who: 'father' | 'mother', test: ParentTest): Compiled {
  if (!test.years && !test.served && test.whereaboutsKnown === undefined)
    return node(K_PARENT_STATUS, { at: FACT_INDEX[`${who}_status`], set: new Set(test.status) })
  return node(K_PARENT, { who, test })
}

/** Compiles the rules of one region; definitions share nodes and memo slots. */
export class RuleCompiler {
  private readonly defs = new Map<string, Compiled>()

  /** `slots` hands out memo slots unique within the bundle. */
  constructor(
    private readonly definitions: Record<string, RuleNode>,
    private readonly slots: MemoSlots,
  ) {}

  compile(rule: RuleNode): Fast {
    const compiled = this.node(rule)
    const slots = this.slots
    return (view) => run(compiled, view, slots)
  }

  private node(rule: RuleNode): Compiled {
    switch (rule.k) {
      case 'all':
        return node(K_ALL, { parts: rule.of.map((n) => this.node(n)) })
      case 'any':
        return node(K_ANY, { parts: rule.of.map((n) => this.node(n)) })
      case 'not':
        return node(K_NOT, { parts: [this.node(rule.of)] })
      case 'req':
        return this.node(rule.of)
      case 'ref':
        return this.definition(rule.def)
      case 'fact': {
        const at = FACT_INDEX[rule.fact]
        if (rule.op === 'is') return node(K_IS, { at, want: rule.value as FactValue })
        if (rule.op === 'in') return node(K_IN, { at, set: new Set(rule.value as FactValue[]) })
        return node(K_NUM, { at, want: rule.value as number, num: NUM_OPS[rule.op]! })
      }
      case 'age':
        return node(
          rule.op === 'under' ? K_AGE_UNDER : rule.op === 'from' ? K_AGE_FROM : K_AGE_UPTO,
          { num: rule.years },
        )
      case 'parents': {
        const [fp, mp] = [parent('father', rule.p), parent('mother', rule.p)]
        if (rule.mode !== 'one_other')
          return node(rule.mode === 'both' ? K_BOTH : K_EITHER, { parts: [fp, mp] })
        return node(K_ONE_OTHER, {
          parts: [fp, parent('mother', rule.q), mp, parent('father', rule.q)],
        })
      }
      case 'judge':
        return node(K_CONST, { num: rule.kind === 'review' ? REVIEW : CANNOT_TELL })
    }
  }

  private definition(id: string): Compiled {
    const known = this.defs.get(id)
    if (known) return known
    const ref = node(K_REF, { num: claim(this.slots) })
    this.defs.set(id, ref)
    const def = this.definitions[id]
    ref.parts = [def ? this.node(def) : node(K_CONST, { num: CANNOT_TELL })]
    return ref
  }
}

/** The facts a rule reads (an age test reads `child_age` and `child_birth_date`). */
export function factsRead(
  node: RuleNode,
  definitions: Record<string, RuleNode>,
  into = new Set<FactId>(),
  seen = new Set<string>(),
): Set<FactId> {
  switch (node.k) {
    case 'all':
    case 'any':
      for (const n of node.of) factsRead(n, definitions, into, seen)
      break
    case 'not':
    case 'req':
      factsRead(node.of, definitions, into, seen)
      break
    case 'ref': {
      const def = definitions[node.def]
      if (def && !seen.has(node.def)) factsRead(def, definitions, into, seen.add(node.def))
      break
    }
    case 'fact':
      into.add(node.fact)
      break
    case 'age':
      into.add('child_age').add('child_birth_date')
      break
    case 'parents': {
      const tests = node.mode === 'one_other' ? [node.p, node.q] : [node.p]
      for (const who of ['father', 'mother'] as const) {
        into.add(`${who}_status`)
        for (const t of tests) {
          if (t.years) into.add(`${who}_status_years`)
          if (t.served) into.add(`${who}_years_served`)
          if (t.whereaboutsKnown !== undefined) into.add(`${who}_whereabouts_known`)
        }
      }
      break
    }
    case 'judge':
      break
  }
  return into
}
