/**
 * @module policy/screen
 * Screening: one result per entitlement of the region — eligible, not eligible or unknown —
 * with the clauses that decided it, the facts that could still change it, the amount where a
 * document sets one, and the questions still worth asking. Pure: no I/O, no clock unless the
 * caller leaves `asOf` out (then today in Asia/Shanghai).
 */
import { amountOf } from './amount.js'
import { rankQuestions, type Open } from './ask.js'
import { compiledRegion, type CompiledEntitlement, type CompiledRegion } from './compiled.js'
import { shanghaiDate } from './dates.js'
import { explain, type Explained } from './explain.js'
import { FACT_IDS, type Facts } from './facts.js'
import { needsReview, REVIEW, settled, statusOf, YES } from './outcome.js'
import { resolvePolicyRegion } from './region.js'
import { evaluatorTexts, policyText } from './texts.js'
import type { PolicyBundle, Result, ScreenAnswer, Status } from './types.js'
import { makeView, type View } from './view.js'

export interface ScreenRequest {
  /** Slug or division code; anything else gets the national baseline. */
  region: string
  /** YYYY-MM-DD in Asia/Shanghai; today there when absent. */
  asOf?: string
  facts: Facts
  /** Facts the family answered "不清楚": they stay unknown and are never asked again. */
  unknownFacts?: readonly string[]
}

export interface Prepared {
  region: CompiledRegion
  baseline: boolean
  notice?: string
  asOf: string
  view: View
  unknown: Set<string>
}

/** Resolves the region and date and builds the view the rules read. */
export function prepare(bundle: PolicyBundle, request: ScreenRequest, now: Date): Prepared {
  const { policy, baseline, notice } = resolvePolicyRegion(bundle, request.region)
  const asOf = request.asOf ?? shanghaiDate(now)
  const unknown = new Set<string>(request.unknownFacts ?? [])
  for (const [id, value] of Object.entries(request.facts)) if (value === 'unknown') unknown.add(id)
  return {
    region: compiledRegion(bundle, policy),
    baseline,
    ...(notice !== undefined && { notice }),
    asOf,
    view: makeView(request.facts, asOf, bundle.implications),
    unknown,
  }
}

function resultOf(
  bundle: PolicyBundle,
  p: Prepared,
  item: CompiledEntitlement,
  texts: ReturnType<typeof evaluatorTexts>,
  done: Map<string, Explained>,
): { result: Result; open?: Open } {
  const { e } = item
  const why = explain(e.rule, {
    view: p.view,
    definitions: p.region.policy.definitions,
    texts,
    done,
  })
  const status = statusOf(why.mask)
  const missing = FACT_IDS.filter((f) => why.missing.has(f))
  const result: Result = {
    entitlement: e.id,
    name: e.name,
    category: e.category,
    status,
    // An eligible answer starts with the clause that grants the measure, then the conditions met.
    reasons:
      status === 'eligible'
        ? [{ text: e.gets, citation: e.cites[0]! }, ...why.reasons]
        : why.reasons,
    missing,
    gets: e.gets,
    apply: { where: e.apply.where, ...(e.apply.how !== undefined && { how: e.apply.how }) },
    agency: e.agency.text,
    ...(e.bring && { bring: e.bring.text }),
  }
  if (needsReview(why.mask)) {
    // Each point once, without its own full stop: they are joined into one sentence.
    const points = why.judgements
      .filter((j) => j.kind === 'review')
      .map((j) => j.text.replace(/。$/u, ''))
    result.review = policyText(bundle, 'policy.review', {
      reasons: [...new Set(points)].join('；'),
    })
  }
  if (e.amount && status !== 'not_eligible') {
    const i = item.variants.findIndex((f) => f(p.view) === YES)
    const variant = i >= 0 ? e.amount.variants![i] : undefined
    result.amount = amountOf(e.amount, variant, p.region.policy.parameters, p.asOf, texts)
  }
  const open =
    why.missing.size > 0 ? { index: -1, mask: why.mask, missing: why.missing } : undefined
  return { result, ...(open && { open }) }
}

/** Screens a family's facts against a region's entitlements (docs/design.md POST /api/v1/screen). */
export function screen(
  bundle: PolicyBundle,
  request: ScreenRequest,
  now = new Date(),
): ScreenAnswer {
  const p = prepare(bundle, request, now)
  const texts = evaluatorTexts(bundle)
  const open: Open[] = []
  const done = new Map<string, Explained>()
  const results = p.region.items.map((item, index) => {
    const r = resultOf(bundle, p, item, texts, done)
    if (r.open) open.push({ ...r.open, index })
    return r.result
  })
  const ask = rankQuestions(p.region, request.facts, p.view, open, p.unknown)
  const policy = p.region.policy
  return {
    region: policy.slug,
    ...(p.baseline &&
      request.region.trim().toLowerCase() !== policy.slug && { requested: request.region }),
    baseline: p.baseline,
    ...(p.notice !== undefined && { notice: p.notice }),
    asOf: p.asOf,
    results,
    ask,
  }
}

/** The entitlements still undecided, with the facts that could decide them (no reasons built). */
export function openEntitlements(p: Prepared, bundle: PolicyBundle): Open[] {
  const texts = evaluatorTexts(bundle)
  const open: Open[] = []
  const ctx = { view: p.view, definitions: p.region.policy.definitions, texts, done: new Map() }
  p.region.items.forEach((item, index) => {
    const mask = item.fast(p.view)
    if (settled(mask) && mask !== (YES | REVIEW)) return
    const why = explain(item.e.rule, ctx)
    if (why.missing.size > 0) open.push({ index, mask, missing: why.missing })
  })
  return open
}

export interface StatusOnly {
  entitlement: string
  name: string
  status: Status
  /** Eligible only after an official's judgement ("可能符合，需经审核"). */
  review: boolean
}

/** Each entitlement's status and nothing else (no reasons, amounts or questions): cheap. */
export function statuses(
  bundle: PolicyBundle,
  request: ScreenRequest,
  now = new Date(),
): StatusOnly[] {
  const p = prepare(bundle, request, now)
  return p.region.items.map(({ e, fast }) => {
    const mask = fast(p.view)
    return { entitlement: e.id, name: e.name, status: statusOf(mask), review: needsReview(mask) }
  })
}
