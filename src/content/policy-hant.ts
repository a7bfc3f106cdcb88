/**
 * @module content/policy-hant
 * The policy bundle as a reader of Traditional characters sees it: every text a family reads is
 * converted (build time, opencc); quotes, document names and ids stay as the documents have them.
 */
import type { PolicyBundle } from '../policy/types.js'

/** Fields kept verbatim: the documents' own words and names, and identifiers. */
const VERBATIM = new Set([
  'quote',
  'title',
  'number',
  'issuer',
  'source',
  'file',
  'url',
  'id',
  'doc',
  'def',
  'fact',
  'param',
  'slug',
  'code',
  'k',
  'op',
  'kind',
  'value',
  'from',
])

function convert(value: unknown, toHant: (s: string) => string): unknown {
  if (typeof value === 'string') return toHant(value)
  if (Array.isArray(value)) return value.map((v) => convert(v, toHant))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, VERBATIM.has(k) ? v : convert(v, toHant)]),
  )
}

export function hantBundle(bundle: PolicyBundle, toHant: (s: string) => string): PolicyBundle {
  return convert(bundle, toHant) as PolicyBundle
}
