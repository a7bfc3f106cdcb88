/**
 * @module policy/explain
 * The same evaluation as policy/fast, walked slowly once per result to say why: the decisive
 * requirements with their clauses, the points left to an official, and the facts that could
 * still change the answer. Only the requirements that decided the outcome are reported: for a
 * NO, the unmet ones; for a YES, the ones that were met.
 */
import { ageOutcome, factOutcome, parentsOutcome } from './atoms.js'
import type { FactId } from './facts.js'
import { ALL, ANY, CANNOT_TELL, NO, not, REVIEW, YES } from './outcome.js'
import type { Reason, RuleNode } from './types.js'
import type { View } from './view.js'

export interface Explained {
  mask: number
  reasons: Reason[]
  /** The texts of the points left to an official, on the path that decided the answer. */
  judgements: { kind: 'review' | 'undetermined'; text: string }[]
  missing: Set<FactId>
}

export interface ExplainTexts {
  unmet(label: string): string
  pending(label: string): string
  undetermined(label: string): string
}

/** What an explanation reads: the facts, the region's definitions and the phrases. */
export interface ExplainContext {
  view: View
  definitions: Record<string, RuleNode>
  texts: ExplainTexts
  /** Definitions already explained for this view. */
  done?: Map<string, Explained>
}

const single = (m: number): boolean => m === NO || m === YES || m === REVIEW || m === CANNOT_TELL

function leaf(mask: number, missing: Set<FactId> = new Set()): Explained {
  return { mask, reasons: [], judgements: [], missing: single(mask) ? new Set() : missing }
}

function group(node: { k: 'all' | 'any'; of: RuleNode[] }, ctx: ExplainContext): Explained {
  const parts = node.of.map((n) => explain(n, ctx))
  const isAll = node.k === 'all'
  const mask = parts.reduce((acc, p) => (isAll ? ALL : ANY)[acc * 16 + p.mask]!, isAll ? YES : NO)
  const out: Explained = { mask, reasons: [], judgements: [], missing: new Set() }
  // The decisive parts: for all→NO the unmet ones; for any→YES the first met one; for an
  // eligible "any", the parts that make it so; otherwise every part that is not ruled out.
  let decisive: Explained[]
  if (isAll && mask === NO) decisive = parts.filter((p) => p.mask === NO)
  else if (!isAll && mask === YES) decisive = parts.filter((p) => p.mask === YES).slice(0, 1)
  else if (!isAll && (mask & (NO | CANNOT_TELL)) === 0) {
    // Eligible either way: the part that may still be a plain YES says most; else every review.
    const eligible = parts.filter((p) => (p.mask & (NO | CANNOT_TELL)) === 0)
    const best = eligible.find((p) => (p.mask & YES) !== 0)
    decisive = best ? [best] : eligible
  } else if (!isAll && mask === NO) decisive = parts
  else decisive = isAll ? parts : parts.filter((p) => p.mask !== NO)
  for (const p of decisive) {
    out.reasons.push(...p.reasons)
    out.judgements.push(...p.judgements)
  }
  // Any part still open can change the outcome, decisive or not.
  if (!single(mask)) for (const p of parts) for (const f of p.missing) out.missing.add(f)
  return out
}

/** Evaluates a rule and says why. */
export function explain(node: RuleNode, ctx: ExplainContext): Explained {
  const { view, texts: t } = ctx
  switch (node.k) {
    case 'all':
    case 'any':
      return group(node, ctx)
    case 'not': {
      const inner = explain(node.of, ctx)
      return { ...inner, mask: not(inner.mask) }
    }
    case 'ref': {
      ctx.done ??= new Map()
      const known = ctx.done.get(node.def)
      if (known) return known
      const def = ctx.definitions[node.def]
      const out = def ? explain(def, ctx) : leaf(CANNOT_TELL)
      ctx.done.set(node.def, out)
      return out
    }
    case 'req': {
      const inner = explain(node.of, ctx)
      const m = inner.mask
      const text =
        m === YES || m === REVIEW || m === (YES | REVIEW)
          ? node.label
          : m === NO
            ? (node.unmet ?? t.unmet(node.label))
            : m === CANNOT_TELL
              ? t.undetermined(node.label)
              : t.pending(node.label)
      const own: Reason = { text, citation: node.cite }
      // A NO is explained by the requirement itself, and by which of its own conditions failed
      // when it needs them all; the alternatives of an "any" add nothing.
      const detail = m !== NO || node.of.k === 'all' || node.of.k === 'ref'
      const reasons = detail ? [own, ...inner.reasons] : [own]
      return { ...inner, reasons }
    }
    case 'fact':
      return leaf(factOutcome(view, node.fact, node.op, node.value), new Set([node.fact]))
    case 'age':
      return leaf(ageOutcome(view, node.op, node.years), new Set(['child_age']))
    case 'parents': {
      const missing = new Set<FactId>()
      const q = node.mode === 'one_other' ? node.q : undefined
      return leaf(parentsOutcome(view, node.mode, node.p, q, missing), missing)
    }
    case 'judge':
      return {
        mask: node.kind === 'review' ? REVIEW : CANNOT_TELL,
        reasons: [{ text: node.text, citation: node.cite }],
        judgements: [{ kind: node.kind, text: node.text }],
        missing: new Set(),
      }
  }
}
