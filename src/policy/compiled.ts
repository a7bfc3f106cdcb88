/**
 * @module policy/compiled
 * Per-bundle caches built on first use: each region's rules as closures, the facts each rule
 * reads, and the values worth trying for each fact when ranking questions.
 */
import { closedValues, FACTS, type FactId, type FactValue } from './facts.js'
import { factsRead, memoSlots, RuleCompiler, type Fast, type MemoSlots } from './fast.js'
import { fillersOf, type Implication } from './implications.js'
import type { Entitlement, PolicyBundle, RegionPolicy, RuleNode } from './types.js'

export interface CompiledEntitlement {
  e: Entitlement
  fast: Fast
  reads: Set<FactId>
  variants: Fast[]
}

export interface CompiledRegion {
  policy: RegionPolicy
  items: CompiledEntitlement[]
  /** Values to try for each fact when asking which question settles most. */
  candidates: Map<FactId, FactValue[]>
  /** For each fact, the facts whose answer can fill it by an implication. */
  fillers: Map<FactId, FactId[]>
}

const cache = new WeakMap<
  PolicyBundle,
  { slots: MemoSlots; regions: Map<string, CompiledRegion> }
>()

function numericPoints(
  node: RuleNode,
  into: Map<FactId, Set<number>>,
  defs: Record<string, RuleNode>,
  seen = new Set<string>(),
): void {
  const add = (fact: FactId, ...xs: number[]): void => {
    const set = into.get(fact) ?? new Set<number>()
    for (const x of xs) if (x >= 0) set.add(x)
    into.set(fact, set)
  }
  switch (node.k) {
    case 'all':
    case 'any':
      node.of.forEach((n) => numericPoints(n, into, defs, seen))
      return
    case 'not':
    case 'req':
      numericPoints(node.of, into, defs, seen)
      return
    case 'ref':
      if (!seen.has(node.def) && defs[node.def])
        numericPoints(defs[node.def]!, into, defs, seen.add(node.def))
      return
    case 'age':
      add('child_age', 0, node.years - 0.5, node.years + 0.5, node.years + 1.5)
      return
    case 'fact':
      if (typeof node.value === 'number')
        add(node.fact, node.value - 0.5, node.value, node.value + 0.5)
      return
    case 'parents':
      for (const t of node.mode === 'one_other' ? [node.p, node.q] : [node.p]) {
        for (const who of ['father', 'mother'] as const) {
          for (const [fact, r] of [
            [`${who}_status_years`, t.years],
            [`${who}_years_served`, t.served],
          ] as const) {
            for (const b of [r?.gte, r?.lt]) if (b !== undefined) add(fact, b - 0.5, b + 0.5)
          }
        }
      }
      return
    case 'judge':
      return
  }
}

function compileRegion(
  policy: RegionPolicy,
  slots: MemoSlots,
  implications: readonly Implication[],
): CompiledRegion {
  const compiler = new RuleCompiler(policy.definitions, slots)
  const items = policy.entitlements.map((e) => ({
    e,
    fast: compiler.compile(e.rule),
    reads: factsRead(e.rule, policy.definitions),
    variants: (e.amount?.variants ?? []).map((v) => compiler.compile(v.when)),
  }))
  const points = new Map<FactId, Set<number>>()
  for (const e of policy.entitlements) numericPoints(e.rule, points, policy.definitions)
  const candidates = new Map<FactId, FactValue[]>()
  for (const id of Object.keys(FACTS) as FactId[]) {
    const closed = closedValues(id)
    if (closed) candidates.set(id, [...closed])
    else if (points.has(id))
      candidates.set(
        id,
        [...points.get(id)!].sort((a, b) => a - b),
      )
  }
  return { policy, items, candidates, fillers: fillersOf(implications) }
}

/** The compiled form of one region of a bundle (built once, then cached). */
export function compiledRegion(bundle: PolicyBundle, policy: RegionPolicy): CompiledRegion {
  let entry = cache.get(bundle)
  if (!entry) {
    entry = { slots: memoSlots(), regions: new Map() }
    cache.set(bundle, entry)
  }
  let region = entry.regions.get(policy.slug)
  if (!region || region.policy !== policy) {
    region = compileRegion(policy, entry.slots, bundle.implications)
    entry.regions.set(policy.slug, region)
  }
  return region
}
