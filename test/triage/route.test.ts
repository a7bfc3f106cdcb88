/** Routing: the level's contacts, looked up along the region chain, falling back to national. */
import { describe, expect, it } from 'vitest'
import { regionChain, resolveRegion } from '../../src/regions.js'
import { routeContacts } from '../../src/triage/route.js'
import type { DirectoryEntry, TriageContent } from '../../src/triage/types.js'
import { triageContent } from './support.js'

const content = triageContent()
const chainOf = (v: string): string[] => resolveRegion(content, v)!.chain

describe('region chain', () => {
  it('falls back village → town → county → city → province → national', () => {
    expect(regionChain('331081101202')).toEqual([
      '331081101202',
      '331081101',
      '331081',
      '331000',
      '330000',
      'national',
    ])
    expect(regionChain('450700')).toEqual(['450700', '450000', 'national'])
    expect(regionChain('500000')).toEqual(['500000', 'national'])
    expect(regionChain('nonsense')).toEqual(['national'])
  })

  it('resolves slugs, names and codes', () => {
    expect(resolveRegion(content, 'wenling')?.code).toBe('331081')
    expect(resolveRegion(content, '温岭市')?.code).toBe('331081')
    expect(resolveRegion(content, '450702')?.covered?.slug).toBe('qinzhou')
    expect(resolveRegion(content, 'atlantis')).toBeUndefined()
  })
})

describe('routing', () => {
  it('an emergency puts 110 first and 120 next: words rarely tell whether someone is hurt', () => {
    for (const concern of ['violence', 'injury', 'abandoned', 'missing']) {
      const r = routeContacts(content, { urgency: 'emergency', concern, chain: ['national'] })
      expect(r.first.map((c) => c.phone)).toEqual(['110', '120'])
    }
    const urgent = routeContacts(content, {
      urgency: 'urgent',
      concern: 'violence',
      chain: ['national'],
    })
    expect(urgent.first.map((c) => c.phone)).not.toContain('120')
  })

  it("picks the region's own village-level person, else the national 村（居）委会", () => {
    const first = (v: string) =>
      routeContacts(content, {
        urgency: 'standard',
        concern: 'neglect',
        chain: chainOf(v),
      }).first[0]?.id
    expect(first('chongqing')).toBe('child_director_chongqing')
    expect(first('wenling')).toBe('child_director_wenling')
    expect(first('shanxi')).toBe('welfare_supervisor_shanxi')
    expect(first('qinzhou')).toBe('welfare_supervisor_qinzhou')
    expect(first('110000')).toBe('village_committee_national')
    expect(first('331081101202')).toBe('child_director_wenling')
  })

  it('a concern can have its own route (dropping out of school goes to education first)', () => {
    const r = routeContacts(content, {
      urgency: 'standard',
      concern: 'dropout',
      chain: chainOf('wenling'),
    })
    expect(r.first[0]?.id).toBe('education_wenling')
  })

  it('a verified local entry shadows the general one above it', () => {
    const local: DirectoryEntry = {
      id: 'police_station_test_town',
      agency: '某某派出所',
      role: 'police_station',
      region: '331081101',
      action: '到某某派出所报案。',
      phone: '057600000000',
      hours: '24小时',
      verified: '2026-01-01',
      source: { doc: '测试', section: '测试', quote: '测试' },
    }
    const withLocal: TriageContent = { ...content, directory: [...content.directory, local] }
    const q = { urgency: 'urgent' as const, concern: 'violence' }
    const inTown = routeContacts(withLocal, { ...q, chain: chainOf('331081101202') })
    expect(inTown.first.map((c) => c.id)).toEqual(['police', 'police_station_test_town'])
    const elsewhere = routeContacts(withLocal, { ...q, chain: chainOf('331081102') })
    expect(elsewhere.first.map((c) => c.id)).toEqual(['police', 'police_station_national'])
  })

  it('no alarm for a benefit question: no first contact', () => {
    const r = routeContacts(content, { urgency: 'none', chain: chainOf('shanxi') })
    expect(r.first).toEqual([])
    expect(r.then[0]?.id).toBe('township_shanxi')
  })

  it('never gives a phone number that is not 110, 120, 12355 or 12338', () => {
    const phones = new Set(content.directory.filter((e) => e.phone).map((e) => e.phone))
    expect([...phones].sort()).toEqual(['110', '120', '12338', '12355'])
  })
})
