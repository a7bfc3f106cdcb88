/**
 * @module triage/regions
 * Regions by slug, name or administrative division code, and the chain a code falls back along:
 * village (12 digits) → town (9) → county (6) → city → province → national.
 */
import type { TriageContent, TriageRegion } from './types.js'

/** The fallback key for the whole country. */
export const NATIONAL = 'national'

export interface ResolvedRegion {
  /** The most specific code we know (6–12 digits), or `national`. */
  code: string
  /** The covered region (one with seed documents) the code lies in, if any. */
  covered?: TriageRegion
  /** Most specific first, ending in `national`. */
  chain: string[]
}

const CODE = /^(\d{6}|\d{9}|\d{12})$/

/** The codes a division code falls back along, most specific first, ending in `national`. */
export function regionChain(code: string): string[] {
  if (!CODE.test(code)) return [NATIONAL]
  const chain: string[] = []
  const push = (c: string): void => {
    if (!chain.includes(c)) chain.push(c)
  }
  if (code.length === 12 && !code.endsWith('000')) push(code)
  if (code.length >= 9 && code.slice(6, 9) !== '000') push(code.slice(0, 9))
  const county = code.slice(0, 6)
  if (county.slice(4) !== '00') push(county)
  if (county.slice(2, 4) !== '00') push(`${county.slice(0, 4)}00`)
  push(`${county.slice(0, 2)}0000`)
  push(NATIONAL)
  return chain
}

/**
 * A region from a slug, a name (重庆, 温岭市) or a division code; undefined when the value is
 * none of these. A code outside the covered regions resolves to its chain with no `covered`.
 */
export function resolveRegion(content: TriageContent, value: string): ResolvedRegion | undefined {
  const v = value.trim().toLowerCase()
  if (v === NATIONAL) return { code: NATIONAL, chain: [NATIONAL] }
  const named = content.regions.find(
    (r) => r.slug === v || r.code === v || r.name === v || r.names.includes(v),
  )
  const code = named ? named.code : CODE.test(v) ? v : undefined
  if (code === undefined) return undefined
  const chain = regionChain(code)
  const covered = named ?? content.regions.find((r) => chain.includes(r.code))
  return { code, chain, ...(covered && { covered }) }
}
