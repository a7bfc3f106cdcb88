/**
 * @module policy/region
 * Which policies apply: a covered region by slug or division code, or the national baseline.
 * A code inside a covered region counts as that region (太原 140100 is in Shanxi, whose
 * provincial document applies there); anything else gets the national baseline, marked.
 */
import { policyText } from './texts.js'
import type { PolicyBundle, RegionPolicy } from './types.js'
import { DIVISION_CODE, NATIONAL, regionChain } from '../regions.js'

/**
 * The policy for a region name as the caller sent it; `baseline` when it is not covered, and
 * then the `notice` that says so.
 */
export function resolvePolicyRegion(
  bundle: PolicyBundle,
  requested: string,
): { policy: RegionPolicy; baseline: boolean; notice?: string } {
  const key = requested.trim().toLowerCase()
  const national = bundle.regions[NATIONAL]!
  if (key !== NATIONAL) {
    const bySlug = Object.hasOwn(bundle.regions, key) ? bundle.regions[key] : undefined
    if (bySlug) return { policy: bySlug, baseline: bySlug.baseline }
    if (DIVISION_CODE.test(key)) {
      for (const code of regionChain(key)) {
        const slug = bundle.codes[code]
        if (slug) return { policy: bundle.regions[slug]!, baseline: false }
      }
    }
  }
  return {
    policy: national,
    baseline: true,
    notice: national.notice ?? policyText(bundle, 'policy.baseline.notice'),
  }
}
