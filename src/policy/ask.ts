/**
 * @module policy/ask
 * Which facts are still worth asking, most useful first. A fact's worth is the number of
 * undecided entitlements that some answer to it would settle (then, as a tie-break, how many
 * it bears on at all). Sensitive questions (a parent's sentence, HIV, disability, harm) come
 * after every other question, and only while some answer to them would still settle something.
 * A fact answered "不清楚" is never asked again.
 */
import { FACTS, type AskWhen, type FactId, type FactSpec, type Facts } from './facts.js'
import type { CompiledRegion } from './compiled.js'
import { REVIEW, settled, YES } from './outcome.js'
import { makeView, valueOf, type View } from './view.js'

/** An entitlement still open: its index in the region and the facts that could change it. */
export interface Open {
  index: number
  mask: number
  missing: Set<FactId>
}

const ORDER = new Map(Object.keys(FACTS).map((id, i) => [id as FactId, i]))

function askable(when: AskWhen | undefined, view: View): boolean {
  if (!when) return true
  if ('age' in when) return view.age !== undefined && view.age >= 18
  const have = valueOf(view, when.fact as FactId)
  if (have === undefined) return false
  return 'in' in when ? when.in.includes(have) : !when.notIn.includes(have)
}

/** Ranks the questions worth asking; `open` are the entitlements not yet decided. */
export function rankQuestions(
  region: CompiledRegion,
  facts: Facts,
  view: View,
  open: Open[],
  unknownFacts: ReadonlySet<string>,
): FactId[] {
  const pending = open.filter((o) => !settled(o.mask))
  const refine = open.filter((o) => o.mask === (YES | REVIEW))
  // Which open entitlements each candidate fact bears on.
  const bears = new Map<FactId, Open[]>()
  for (const o of [...pending, ...refine]) {
    for (const m of o.missing) {
      for (const f of [m, ...(region.fillers.get(m) ?? [])]) {
        const list = bears.get(f) ?? []
        if (!list.includes(o)) list.push(o)
        bears.set(f, list)
      }
    }
  }
  const scored: { fact: FactId; settles: number; bears: number; refines: boolean }[] = []
  for (const [fact, list] of bears) {
    if (fact === 'child_birth_date' || unknownFacts.has(fact)) continue
    if (fact === 'child_age' ? view.age !== undefined : valueOf(view, fact) !== undefined) continue
    const spec: FactSpec = FACTS[fact]
    if (!askable(spec.askWhen, view)) continue
    const undecided = list.filter((o) => !settled(o.mask))
    let settles = 0
    if (undecided.length > 0) {
      const done = new Set<Open>()
      for (const value of region.candidates.get(fact) ?? []) {
        const next = makeView({ ...facts, [fact]: value }, view.asOf, view.implications)
        for (const o of undecided) {
          if (!done.has(o) && settled(region.items[o.index]!.fast(next))) done.add(o)
        }
        if (done.size === undecided.length) break
      }
      settles = done.size
    }
    scored.push({ fact, settles, bears: undecided.length, refines: undecided.length === 0 })
  }
  const byWorth = (
    a: { fact: FactId; settles: number; bears: number },
    b: { fact: FactId; settles: number; bears: number },
  ): number => b.settles - a.settles || b.bears - a.bears || ORDER.get(a.fact)! - ORDER.get(b.fact)!
  const sensitive = (f: FactId): boolean => (FACTS[f] as FactSpec).sensitive === true
  const plain = scored.filter((s) => !sensitive(s.fact) && !s.refines).sort(byWorth)
  let delicate = scored.filter((s) => sensitive(s.fact) && s.settles > 0).sort(byWorth)
  if (plain.length === 0 && delicate.length === 0)
    delicate = scored.filter((s) => sensitive(s.fact) && s.bears > 0).sort(byWorth)
  // Last, the answers that would turn a "可能符合，需经审核" into a plain "符合".
  const refining = scored
    .filter((s) => s.refines)
    .sort((a, b) => Number(sensitive(a.fact)) - Number(sensitive(b.fact)) || byWorth(a, b))
  return [...plain, ...delicate, ...refining].map((s) => s.fact)
}
