/**
 * @module regions
 * Regions, declared once: the national key, the division-code pattern, the Region type and the
 * schema of content/regions.yaml, and resolveRegion (a slug, a name or a division code → the
 * code, the chain it falls back along, and the covered region it lies in).
 * Chains: village (12 digits) → town (9) → county (6) → city → province → national.
 */
import { z } from 'zod'

/** The key of the whole country: the national baseline, the end of every chain. */
export const NATIONAL = 'national'

/** An administrative division code: 6 (province, city, county), 9 (town) or 12 (village) digits. */
export const DIVISION_CODE = /^(\d{6}|\d{9}|\d{12})$/

/** A division code or `national` (a directory entry's region). */
export const REGION_KEY = /^(national|\d{6}|\d{9}|\d{12})$/

/** content/regions.yaml: the regions the content covers. */
export const regionsSchema = z.array(
  z.strictObject({
    slug: z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case'),
    code: z.string().regex(/^\d{6}$/),
    name: z.string().min(1),
    names: z.array(z.string().min(1)),
  }),
)

/** A covered region (content/regions.yaml). */
export interface Region {
  slug: string
  /** Its division code (6 digits). */
  code: string
  name: string
  /** Other names people use (重庆市, chongqing, and its cities and counties). */
  names: string[]
}

export interface ResolvedRegion<R extends Region = Region> {
  /** The most specific code we know (6–12 digits), or `national`. */
  code: string
  /** The covered region the code lies in, if any. */
  covered?: R
  /** Most specific first, ending in `national`. */
  chain: string[]
}

/** The codes a division code falls back along, most specific first, ending in `national`. */
export function regionChain(code: string): string[] {
  if (!DIVISION_CODE.test(code)) return [NATIONAL]
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
 * A region from a slug, a name (重庆, 温岭市) or a division code, among `content.regions`;
 * undefined when the value is none of these. A code outside the covered regions resolves to its
 * chain with no `covered`.
 */
export function resolveRegion<R extends Region>(
  content: { readonly regions: readonly R[] },
  value: string,
): ResolvedRegion<R> | undefined {
  const v = value.trim().toLowerCase()
  if (v === NATIONAL) return { code: NATIONAL, chain: [NATIONAL] }
  const named = content.regions.find(
    (r) => r.slug === v || r.code === v || r.name === v || r.names.includes(v),
  )
  const code = named ? named.code : DIVISION_CODE.test(v) ? v : undefined
  if (code === undefined) return undefined
  const chain = regionChain(code)
  const covered = named ?? content.regions.find((r) => chain.includes(r.code))
  return { code, chain, ...(covered && { covered }) }
}
