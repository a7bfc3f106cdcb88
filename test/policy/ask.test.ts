/**
 * @module test/policy/ask
 * Choosing what to ask: facts ranked by how many answers they can settle, sensitive questions
 * last and only while they still decide something, "不清楚" never asked again, and a whole
 * screening driven question by question the way the chat flow will drive it.
 */
import { describe, expect, it } from 'vitest'
import { FACTS, type FactId, type Facts, type FactSpec } from '../../src/policy/facts.js'
import { nextQuestion } from '../../src/policy/next-question.js'
import { screen } from '../../src/policy/screen.js'
import type { ScreenAnswer } from '../../src/policy/types.js'
import { realBundle } from './support.js'

const AS_OF = '2025-06-01'
const sensitive = (f: FactId): boolean => (FACTS[f] as FactSpec).sensitive === true

/** Answers questions from `truth` until nothing is left worth asking; "不清楚" for the rest. */
function interview(region: string, truth: Facts): { asked: FactId[]; answer: ScreenAnswer } {
  const bundle = realBundle()
  const facts: Facts = {}
  const unknownFacts: FactId[] = []
  const asked: FactId[] = []
  for (let turn = 0; turn < 60; turn++) {
    const next = nextQuestion(bundle, { region, asOf: AS_OF, facts, unknownFacts })
    if (!next) break
    expect(asked, `asked ${next.fact} twice`).not.toContain(next.fact)
    asked.push(next.fact)
    const value = truth[next.fact]
    if (value === undefined) unknownFacts.push(next.fact)
    else facts[next.fact] = value
  }
  return { asked, answer: screen(bundle, { region, asOf: AS_OF, facts, unknownFacts }) }
}

describe('the order of questions', () => {
  const bundle = realBundle()

  it('asks nothing that was given or answered 不清楚, and nothing sensitive before the plain questions', () => {
    const answer = screen(bundle, {
      region: 'shanxi',
      asOf: AS_OF,
      facts: { child_age: 9, father_status: 'deceased' },
      unknownFacts: ['mother_status'],
    })
    expect(answer.ask).not.toContain('child_age')
    expect(answer.ask).not.toContain('father_status')
    expect(answer.ask).not.toContain('mother_status')
    const firstSensitive = answer.ask.findIndex(sensitive)
    expect(firstSensitive).toBeGreaterThan(0)
    expect(answer.ask.slice(firstSensitive).every(sensitive)).toBe(true)
  })

  it('treats a parent "unknown" as 不清楚: it stays unknown and is not asked again', () => {
    const answer = screen(bundle, {
      region: 'chongqing',
      asOf: AS_OF,
      facts: { father_status: 'unknown' },
    })
    expect(answer.ask).not.toContain('father_status')
    expect(
      answer.results.find((r) => r.entitlement === 'detained_parent_child_arrangement')?.status,
    ).toBe('unknown')
  })

  it('asks a sentence length only for a parent in prison, after the plain questions', () => {
    const free = screen(bundle, {
      region: 'shanxi',
      asOf: AS_OF,
      facts: { father_status: 'deceased', mother_status: 'present' },
    })
    expect(free.ask).not.toContain('mother_status_years')
    const facts: Facts = {
      child_age: 9,
      father_status: 'deceased',
      mother_status: 'imprisoned',
      child_carer_capable: true,
      guardian_can_support: false,
      child_can_work: false,
      child_has_income: false,
      child_de_facto_orphan: false,
    }
    const early = screen(bundle, {
      region: 'shanxi',
      asOf: AS_OF,
      facts: { child_age: 9, father_status: 'deceased', mother_status: 'imprisoned' },
    })
    // While plain questions can still settle things, the sentence waits behind them.
    const waits = early.ask.indexOf('mother_status_years')
    expect(early.ask.slice(waits).every(sensitive)).toBe(true)
    const prison = screen(bundle, { region: 'shanxi', asOf: AS_OF, facts })
    expect(prison.ask).toContain('mother_status_years')
    const first = prison.ask.findIndex(sensitive)
    expect(prison.ask.slice(0, first).every((f) => !sensitive(f))).toBe(true)
  })

  it('leaves out a sensitive question that would settle nothing', () => {
    // Everything that depends on disability is already decided by age or by other answers.
    const answer = screen(bundle, {
      region: 'chongqing',
      asOf: AS_OF,
      facts: { child_age: 30 },
    })
    expect(answer.ask).not.toContain('child_cerebral_palsy')
  })

  it('puts first a plain question that settles most, and asks 户籍 in Wenling before anything sensitive', () => {
    const wl = screen(bundle, { region: 'wenling', asOf: AS_OF, facts: {} })
    expect(sensitive(wl.ask[0]!)).toBe(false)
    expect(wl.ask.indexOf('child_hukou_local')).toBeLessThan(wl.ask.findIndex(sensitive))
  })

  it('says what to ask in plain words, with the choices', () => {
    const next = nextQuestion(bundle, { region: 'shanxi', asOf: AS_OF, facts: { child_age: 9 } })
    expect(next).toBeDefined()
    expect(next!.question.text).not.toMatch(/policy\./)
    const status = nextQuestion(
      bundle,
      { region: 'shanxi', asOf: AS_OF, facts: { child_age: 9 } },
      new Date(),
    )
    expect(status?.remaining).toBeGreaterThan(0)
    expect(bundle.questions.father_status.choices?.map((c) => c.value)).toContain('imprisoned')
    expect(
      bundle.questions.father_status.choices?.find((c) => c.value === 'imprisoned')?.label,
    ).toBe('在监狱服刑')
  })
})

describe('a whole screening, one question at a time', () => {
  it('the grandmother in Shanxi: father dead, mother in prison (6 years, 5 served)', () => {
    const { asked, answer } = interview('shanxi', {
      child_age: 9,
      father_status: 'deceased',
      mother_status: 'imprisoned',
      mother_status_years: 6,
      mother_years_served: 5,
      child_care_setting: 'relatives',
      child_carer_capable: true,
      guardian_can_support: false,
      child_can_work: false,
      child_has_income: false,
      family_economic_hardship: true,
      family_dibao: false,
      family_low_income: false,
      family_registered_poor: false,
      family_rural: true,
      family_sudden_hardship: false,
      child_school_stage: 'primary',
      child_migrant: false,
      child_disability: 'none',
      child_serious_illness: false,
      child_cerebral_palsy: false,
      child_de_facto_orphan: false,
    })
    const status = (id: string): string | undefined =>
      answer.results.find((r) => r.entitlement === id)?.status
    const orphan = answer.results.find((r) => r.entitlement === 'orphan_basic_living')!
    expect(orphan).toMatchObject({ status: 'eligible', missing: [] })
    expect(orphan.review).toBeUndefined()
    expect(orphan.reasons.map((r) => r.text)).toContain('父母一方死亡，另一方5年以上在押服刑')
    expect(orphan.reasons.every((r) => r.citation.doc === '晋政发〔2017〕46号')).toBe(true)
    expect(orphan.apply.where).toContain('乡镇')
    expect(status('orphan_placement')).toBe('eligible')
    expect(status('education_aid_liangmian_yibu')).toBe('eligible')
    expect(status('sx_poor_child_health_record')).toBe('eligible')
    expect(status('tekun_child_support')).toBe('not_eligible')
    expect(status('prisoner_child_guardianship_help')).toBe('not_eligible')
    expect(answer.results.filter((r) => r.status === 'unknown' && r.missing.length > 0)).toEqual([])
    expect(answer.ask).toEqual([])
    expect(asked).toContain('mother_status_years')
    expect(asked.length).toBeLessThanOrEqual(20)
    // The prison sentence is asked, but only after the plain questions that decide more.
    const firstSensitive = asked.findIndex(sensitive)
    expect(firstSensitive).toBeGreaterThanOrEqual(8)
    expect(asked.indexOf('mother_status_years')).toBeGreaterThanOrEqual(firstSensitive)
    for (const plain of [
      'father_status',
      'mother_status',
      'child_age',
      'child_carer_capable',
      'guardian_can_support',
    ] as const)
      expect(asked.indexOf(plain)).toBeLessThan(asked.indexOf('mother_status_years'))
  })

  it('a family that answers 不清楚 to everything is never asked the same thing twice, and the answers stay unknown', () => {
    const { asked, answer } = interview('wenling', {})
    expect(new Set(asked).size).toBe(asked.length)
    expect(answer.results.every((r) => r.status === 'unknown')).toBe(true)
    expect(answer.ask).toEqual([])
  })
})

describe('what the facts already imply is never asked (content/policies/implications.yaml)', () => {
  const bundle = realBundle()
  const asks = (region: string, facts: Facts): FactId[] =>
    screen(bundle, { region, asOf: AS_OF, facts }).ask
  it.each(Object.keys(bundle.regions))('%s', (region) => {
    // Both parents dead: not whether they can support the child.
    expect(asks(region, { father_status: 'deceased', mother_status: 'deceased' })).not.toContain(
      'guardian_can_support',
    )
    // No disability: not cerebral palsy, not the grade.
    const none = asks(region, { child_disability: 'none' })
    expect(none).not.toContain('child_cerebral_palsy')
    expect(none).not.toContain('child_disability_grade')
    // Eight years old: not whether the child can work, has full civil capacity, joined the army.
    const eight = asks(region, { child_age: 8 })
    for (const f of ['child_can_work', 'child_full_civil_capacity', 'child_enlisted'] as const)
      expect(eight).not.toContain(f)
    // On 低保 with a parent at home: not whether the parents can support the child.
    expect(asks(region, { family_dibao: true, mother_status: 'present' })).not.toContain(
      'guardian_can_support',
    )
    // And nextQuestion agrees with the ranking.
    const next = nextQuestion(bundle, {
      region,
      asOf: AS_OF,
      facts: { child_age: 8, father_status: 'deceased', mother_status: 'deceased' },
    })
    expect(['guardian_can_support', 'child_can_work']).not.toContain(next?.fact)
  })
})
