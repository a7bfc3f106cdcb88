/**
 * @module test/policy/amounts
 * Wenling's amounts (the only document that sets them) with test figures filled in, as a
 * deployer would: the floors, the 200元/月 minimum, dated series, provenance, and the wording
 * when a figure is still pending. Also the Shanxi standard a deployer may fill.
 */
import { describe, expect, it } from 'vitest'
import { entitlements } from '../../src/policy/browse.js'
import { screen } from '../../src/policy/screen.js'
import type { Amount, PolicyBundle } from '../../src/policy/types.js'
import { realBundle, withParameters } from './support.js'

const P = 'wl_urban_consumption_per_capita'
const I = 'wl_institution_orphan_standard'
const D = 'wl_dispersed_orphan_standard'
const SOURCE = '测试数据（不是真实数字）'

function amountOf(
  bundle: PolicyBundle,
  id: string,
  facts: Record<string, unknown>,
  asOf = '2025-06-01',
): Amount | undefined {
  const r = screen(bundle, {
    region: 'wenling',
    asOf,
    facts: { child_hukou_local: true, child_age: 8, ...facts } as never,
  })
  const result = r.results.find((x) => x.entitlement === id)!
  expect(result.status, id).toBe('eligible')
  return result.amount
}

const orphanInInstitution = {
  father_status: 'deceased',
  mother_status: 'deceased',
  child_care_setting: 'welfare_institution',
}
const orphanWithGrandma = {
  father_status: 'deceased',
  mother_status: 'deceased',
  child_care_setting: 'relatives',
}

describe('Wenling amounts from P (上年度城镇常住居民人均生活消费支出) alone', () => {
  const bundle = withParameters('wenling', {
    [P]: [{ from: '2025-01-01', value: 50_000, source: SOURCE }],
  })

  it('福利机构孤儿: at least 70% of P a year', () => {
    const a = amountOf(bundle, 'wl_orphan_institution_allowance', orphanInInstitution)
    expect(a).toMatchObject({
      value: 35_000,
      atLeast: true,
      unit: '元/年',
      display: '不低于35000元/年',
    })
    expect(a?.pending?.map((p) => p.param)).toEqual([I])
    expect(a?.sources).toEqual([
      { param: P, name: expect.any(String), value: 50_000, from: '2025-01-01', source: SOURCE },
    ])
    expect(a?.citation.quote).toContain('70%')
  })

  it('社会散居孤儿: at least 80% of the institution standard (56% of P)', () => {
    expect(amountOf(bundle, 'wl_orphan_dispersed_allowance', orphanWithGrandma)).toMatchObject({
      value: 28_000,
      atLeast: true,
    })
  })

  it('事实无人抚养、自身困境、受艾滋病影响: the dispersed-orphan standard', () => {
    const deFacto = {
      father_status: 'imprisoned',
      mother_status: 'left_home',
      child_de_facto_orphan: true,
    }
    expect(amountOf(bundle, 'wl_de_facto_orphan_allowance', deFacto)).toMatchObject({
      value: 28_000,
      atLeast: true,
    })
    expect(
      amountOf(bundle, 'wl_self_difficulty_allowance', { child_self_difficulty: true }),
    ).toMatchObject({ value: 28_000 })
    expect(
      amountOf(bundle, 'wl_hiv_affected_allowance', { child_hiv_status: 'affected' }),
    ).toMatchObject({ value: 28_000 })
  })

  it('低保家庭儿童: at least 20% of the dispersed standard a month, and at least 200元/月', () => {
    // 28000 × 20% ÷ 12 = 466.666…; a floor is rounded down, so "不低于466.66" stays true.
    const a = amountOf(bundle, 'wl_dibao_child_allowance', { family_dibao: true })
    expect(a).toMatchObject({
      value: 466.66,
      atLeast: true,
      unit: '元/月',
      display: '不低于466.66元/月',
    })
  })

  it('流浪儿童: at least 50% of the dispersed standard (a year) while helped', () => {
    expect(
      amountOf(bundle, 'wl_street_child_temporary_allowance', { child_wandering: true }),
    ).toMatchObject({
      value: 14_000,
      atLeast: true,
      unit: '元/年',
    })
  })

  it('婴幼儿营养补贴: 30元/月 whatever the parameters', () => {
    expect(
      amountOf(bundle, 'wl_infant_nutrition_subsidy', { family_dibao: true, child_age: 0.5 }),
    ).toMatchObject({
      value: 30,
      atLeast: false,
      display: '30元/月',
    })
  })

  it('成年一次性6个月: half a year of the allowance', () => {
    const adult = {
      ...orphanWithGrandma,
      child_age: 18.5,
      child_school_stage: 'out_of_school',
      child_can_work: true,
      child_full_civil_capacity: true,
    }
    expect(amountOf(bundle, 'wl_adulthood_lump_sum', adult)).toMatchObject({
      value: 14_000,
      atLeast: true,
      unit: '元',
    })
  })
})

describe('the 200元/月 floor wins when 20% of the standard is lower', () => {
  it('P = 12000: 20% × 6720 ÷ 12 = 112 < 200', () => {
    const bundle = withParameters('wenling', {
      [P]: [{ from: '2025-01-01', value: 12_000, source: SOURCE }],
    })
    expect(amountOf(bundle, 'wl_dibao_child_allowance', { family_dibao: true })).toMatchObject({
      value: 200,
      atLeast: true,
    })
  })
})

describe('actual standards filled in by a deployer', () => {
  const bundle = withParameters('wenling', {
    [P]: [{ from: '2025-01-01', value: 50_000, source: SOURCE }],
    [I]: [{ from: '2025-01-01', value: 40_000, source: SOURCE }],
    [D]: [{ from: '2025-01-01', value: 36_000, source: SOURCE }],
  })

  it('uses the actual standard, exactly, instead of the floor', () => {
    expect(amountOf(bundle, 'wl_orphan_institution_allowance', orphanInInstitution)).toMatchObject({
      value: 40_000,
      atLeast: false,
      display: '40000元/年',
    })
    const dispersed = amountOf(bundle, 'wl_orphan_dispersed_allowance', orphanWithGrandma)
    expect(dispersed).toMatchObject({ value: 36_000, atLeast: false })
    expect(dispersed?.pending).toBeUndefined()
  })

  it('keeps "不低于" where the document sets a floor on top of the standard', () => {
    expect(amountOf(bundle, 'wl_dibao_child_allowance', { family_dibao: true })).toMatchObject({
      value: 600,
      atLeast: true,
    })
  })
})

describe('dated series', () => {
  const bundle = withParameters('wenling', {
    [P]: [
      { from: '2023-01-01', value: 40_000, source: '2022年数据（测试）' },
      { from: '2024-01-01', value: 50_000, source: '2023年数据（测试）' },
    ],
  })

  it('picks the figure in force on asOf', () => {
    expect(
      amountOf(bundle, 'wl_orphan_institution_allowance', orphanInInstitution, '2023-06-01'),
    ).toMatchObject({ value: 28_000 })
    expect(
      amountOf(bundle, 'wl_orphan_institution_allowance', orphanInInstitution, '2024-01-01'),
    ).toMatchObject({ value: 35_000 })
    expect(
      amountOf(bundle, 'wl_orphan_institution_allowance', orphanInInstitution, '2024-01-01')
        ?.sources?.[0]?.source,
    ).toBe('2023年数据（测试）')
  })

  it('is pending before the first figure', () => {
    const a = amountOf(bundle, 'wl_orphan_institution_allowance', orphanInInstitution, '2022-06-01')
    expect(a?.value).toBeUndefined()
    expect(a?.pending?.map((p) => p.param)).toEqual([P, I])
  })
})

describe('pending figures: eligibility still decided, the amount worded as the rule', () => {
  const bundle = realBundle()

  it('低保家庭儿童 with nothing filled: "不低于200元/月" is still certain', () => {
    const a = amountOf(bundle, 'wl_dibao_child_allowance', { family_dibao: true })
    expect(a).toMatchObject({ value: 200, atLeast: true, display: '不低于200元/月' })
    expect(a?.text).toBe('按照不低于社会散居孤儿基本生活费补助的20%发放，且不低于200元/月。')
    expect(a?.pending?.map((p) => p.param)).toEqual([P, I, D])
  })

  it('福利机构孤儿 with nothing filled: no figure, the rule in words', () => {
    const a = amountOf(bundle, 'wl_orphan_institution_allowance', orphanInInstitution)
    expect(a?.value).toBeUndefined()
    expect(a?.display).toBeUndefined()
    expect(a?.text).toContain('不低于当地上年度城镇常住居民人均生活消费支出的70%')
  })

  it('the browse API shows the same amount rule', () => {
    const wl = entitlements(bundle, 'wenling', { asOf: '2025-06-01' })
    const dibao = wl.entitlements.find((e) => e.id === 'wl_dibao_child_allowance')
    expect(dibao?.amount).toMatchObject({ value: 200, atLeast: true })
  })

  it('a not-eligible result carries no amount', () => {
    const r = screen(bundle, {
      region: 'wenling',
      asOf: '2025-06-01',
      facts: { child_hukou_local: true, family_dibao: false },
    })
    expect(
      r.results.find((x) => x.entitlement === 'wl_dibao_child_allowance')?.amount,
    ).toBeUndefined()
  })
})

describe('a figure for Shanxi filled in without touching code', () => {
  it('孤儿基本生活费 shows the standard and its source', () => {
    const bundle = withParameters('shanxi', {
      sx_orphan_basic_living_standard: [{ from: '2025-01-01', value: 1000, source: SOURCE }],
    })
    const r = screen(bundle, {
      region: 'shanxi',
      asOf: '2025-06-01',
      facts: { child_age: 9, father_status: 'deceased', mother_status: 'deceased' },
    })
    expect(r.results.find((x) => x.entitlement === 'orphan_basic_living')?.amount).toMatchObject({
      value: 1000,
      atLeast: false,
      display: '1000元/月',
      sources: [expect.objectContaining({ source: SOURCE })],
    })
  })
})
