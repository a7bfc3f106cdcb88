/**
 * The zh-Hant policy bundle: everything a family reads is in Traditional characters, and the
 * documents' own words (quotes, titles, numbers) and every identifier are exactly as in zh-Hans.
 */
import { describe, expect, it } from 'vitest'
import type { Citation } from '../../src/policy/types.js'
import { realContent } from '../support/content.js'

function citations(value: unknown, into: Citation[] = []): Citation[] {
  if (Array.isArray(value)) for (const v of value) citations(v, into)
  else if (value !== null && typeof value === 'object') {
    if ('quote' in value && 'section' in value) into.push(value as Citation)
    for (const v of Object.values(value)) citations(v, into)
  }
  return into
}

describe('the zh-Hant policy bundle', () => {
  const { policy, policyHant } = realContent()

  it('keeps every quote, document number and title verbatim', () => {
    const hans = citations(policy)
    const hant = citations(policyHant)
    expect(hant.length).toBe(hans.length)
    expect(hant.map((c) => [c.doc, c.quote])).toEqual(hans.map((c) => [c.doc, c.quote]))
    expect(policyHant.documents).toEqual(policy.documents)
  })

  it('keeps ids, slugs and rule values, so it screens exactly like zh-Hans', () => {
    for (const [slug, region] of Object.entries(policy.regions)) {
      const hant = policyHant.regions[slug]!
      expect(hant.entitlements.map((e) => e.id)).toEqual(region.entitlements.map((e) => e.id))
      expect(hant.entitlements.map((e) => JSON.stringify(e.rule).length)).toEqual(
        region.entitlements.map((e) => JSON.stringify(e.rule).length),
      )
    }
  })

  it('converts what a family reads: names, what they get, where to apply, questions', () => {
    const e = policyHant.regions['shanxi']!.entitlements.find(
      (x) => x.id === 'orphan_basic_living',
    )!
    expect(e.name).toBe('孤兒基本生活費（含事實上無人撫養的孩子）')
    expect(e.apply.where).toContain('鄉鎮')
    expect(policyHant.questions.father_status.text).toBe('孩子的爸爸現在怎麼樣？')
    expect(policyHant.texts['policy.status.review']).toBe('可能符合，需經審核')
  })
})
