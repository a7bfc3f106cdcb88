/**
 * @module policy/amount
 * Amounts from dated parameters. A figure the documents do not give is pending: the amount is
 * then worded as the rule, and a deployer fills the figure (with its source) in the content. A
 * floor the document sets (不低于 X%) stays a floor: the answer says "不低于", and rounds down.
 */
import type { Amount, AmountSpec, Expr, Parameter, ParameterEntry } from './types.js'

interface Value {
  value?: number
  atLeast: boolean
  pending: Set<string>
  sources: { param: string; entry: ParameterEntry }[]
}

/** The figure in force on `asOf`: the latest entry that starts on or before it. */
function entryOn(param: Parameter, asOf: string): ParameterEntry | undefined {
  let best: ParameterEntry | undefined
  for (const e of param.series) if (e.from <= asOf && (!best || e.from > best.from)) best = e
  return best
}

function evaluate(expr: Expr, params: Record<string, Parameter>, asOf: string): Value {
  if (typeof expr === 'number')
    return { value: expr, atLeast: false, pending: new Set(), sources: [] }
  if ('param' in expr) {
    const param = params[expr.param]
    if (!param) return { atLeast: false, pending: new Set([expr.param]), sources: [] }
    const entry = entryOn(param, asOf)
    if (entry)
      return {
        value: entry.value,
        atLeast: false,
        pending: new Set(),
        sources: [{ param: param.id, entry }],
      }
    if (param.floor) {
      const floor = evaluate(param.floor, params, asOf)
      floor.pending.add(param.id)
      return { ...floor, atLeast: floor.value !== undefined }
    }
    return { atLeast: false, pending: new Set([param.id]), sources: [] }
  }
  const parts = ('mul' in expr ? expr.mul : 'max' in expr ? expr.max : [expr.div[0]]).map((e) =>
    evaluate(e, params, asOf),
  )
  const out: Value = { atLeast: false, pending: new Set(), sources: [] }
  for (const p of parts) {
    for (const x of p.pending) out.pending.add(x)
    out.sources.push(...p.sources)
  }
  const known = parts.filter((p) => p.value !== undefined)
  if ('max' in expr) {
    // The largest known figure is a floor for the maximum even while another is pending.
    if (known.length > 0) {
      out.value = Math.max(...known.map((p) => p.value as number))
      out.atLeast = known.length < parts.length || known.some((p) => p.atLeast)
    }
    return out
  }
  if (known.length < parts.length) return out
  out.atLeast = parts.some((p) => p.atLeast)
  out.value =
    'mul' in expr
      ? parts.reduce((acc, p) => acc * (p.value as number), 1)
      : (parts[0]!.value as number) / expr.div[1]
  return out
}

function round(value: number, atLeast: boolean): number {
  // A floor is rounded down, so "不低于" stays true; an exact figure to the nearest fen.
  const cents = atLeast ? Math.floor(value * 100 + 1e-9) : Math.round(value * 100)
  return cents / 100
}

export interface AmountTexts {
  atLeast(value: string, unit: string): string
  exact(value: string, unit: string): string
}

/** The amount for one entitlement on `asOf`, with the variant chosen (if any). */
export function amountOf(
  spec: AmountSpec,
  variant: { text: string; unit?: string; value?: Expr; atLeast?: boolean } | undefined,
  params: Record<string, Parameter>,
  asOf: string,
  texts: AmountTexts,
): Amount {
  const text = variant?.text ?? spec.text
  const unit = variant?.unit ?? spec.unit
  const expr = variant ? variant.value : spec.value
  const amount: Amount = { text, citation: spec.cite, ...(unit !== undefined && { unit }) }
  if (expr === undefined) return amount
  const v = evaluate(expr, params, asOf)
  if (v.pending.size > 0)
    amount.pending = [...v.pending].map((id) => ({ param: id, name: params[id]?.name ?? id }))
  if (v.sources.length > 0) {
    const seen = new Set<string>()
    amount.sources = v.sources
      .filter((s) => !seen.has(s.param) && seen.add(s.param))
      .map(({ param, entry }) => ({
        param,
        name: params[param]?.name ?? param,
        value: entry.value,
        from: entry.from,
        source: entry.source,
      }))
  }
  if (v.value !== undefined) {
    const atLeast = v.atLeast || (variant ? variant.atLeast === true : spec.atLeast === true)
    amount.value = round(v.value, atLeast)
    amount.atLeast = atLeast
    const shown = String(amount.value)
    amount.display = atLeast ? texts.atLeast(shown, unit ?? '') : texts.exact(shown, unit ?? '')
  }
  return amount
}
