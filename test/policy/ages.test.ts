/**
 * @module test/policy/ages
 * Ages at exact birthdays, by birth date: the day before, the day of and the day after, for each
 * reading the content records (未满N周岁 / N周岁以下、0—N岁、1周岁以内 / 年满N周岁), in
 * Asia/Shanghai.
 */
import { describe, expect, it } from 'vitest'
import { ageOutcome } from '../../src/policy/atoms.js'
import { birthday, exactAge, fullYears, shanghaiDate } from '../../src/policy/dates.js'
import { NO, REVIEW, YES } from '../../src/policy/outcome.js'
import { screen } from '../../src/policy/screen.js'
import type { Result } from '../../src/policy/types.js'
import { makeView } from '../../src/policy/view.js'
import { realBundle } from './support.js'

const on = (asOf: string, birth: string, op: 'under' | 'upto' | 'from', years: number): number =>
  ageOutcome(makeView({ child_birth_date: birth }, asOf), op, years)

function result(region: string, asOf: string, facts: Record<string, unknown>, id: string): Result {
  const r = screen(realBundle(), { region, asOf, facts: facts as never }).results.find(
    (x) => x.entitlement === id,
  )
  if (!r) throw new Error(`no ${id} in ${region}`)
  return r
}

describe('birthdays and dates', () => {
  it('counts whole years with the birthday itself as the new year of age', () => {
    expect(fullYears('2009-06-01', '2025-05-31')).toBe(15)
    expect(fullYears('2009-06-01', '2025-06-01')).toBe(16)
    expect(exactAge('2024-12-01', '2025-06-01')).toBe(0.5)
  })

  it('puts a 29 February birthday on 28 February in a common year', () => {
    expect(birthday('2008-02-29', 16)).toBe('2024-02-29')
    expect(birthday('2008-02-29', 17)).toBe('2025-02-28')
    expect(on('2025-02-27', '2008-02-29', 'under', 17)).toBe(YES)
    expect(on('2025-02-28', '2008-02-29', 'under', 17)).toBe(NO)
  })

  it('takes today in Asia/Shanghai (UTC+8, no daylight saving)', () => {
    expect(shanghaiDate(new Date('2025-05-31T15:59:59Z'))).toBe('2025-05-31')
    expect(shanghaiDate(new Date('2025-05-31T16:00:00Z'))).toBe('2025-06-01')
    expect(shanghaiDate(new Date('2025-01-01T00:00:00+08:00'))).toBe('2025-01-01')
  })
})

describe('未满N周岁 (under): true until the day before the Nth birthday', () => {
  it('婴幼儿营养补贴 (温岭, 1周岁以内 = 1周岁生日以前, issue 12)', () => {
    const f = { child_birth_date: '2024-06-01', child_hukou_local: true, family_dibao: true }
    const at = (asOf: string): Result => result('wenling', asOf, f, 'wl_infant_nutrition_subsidy')
    expect(at('2025-05-31')).toMatchObject({ status: 'eligible', amount: { value: 30 } })
    expect(at('2025-05-31').review).toBeUndefined()
    expect(at('2025-06-01')).toMatchObject({ status: 'not_eligible' })
  })

  it('at 16', () => {
    expect(on('2025-05-31', '2009-06-01', 'under', 16)).toBe(YES)
    expect(on('2025-06-01', '2009-06-01', 'under', 16)).toBe(NO)
    expect(on('2025-06-02', '2009-06-01', 'under', 16)).toBe(NO)
  })

  it('特困人员救助供养 (重庆, 未满16周岁)', () => {
    const facts = {
      child_birth_date: '2009-06-01',
      child_can_work: false,
      child_has_income: false,
      guardian_can_support: false,
    }
    expect(result('chongqing', '2025-05-31', facts, 'tekun_child_support').status).toBe('eligible')
    const onDay = result('chongqing', '2025-06-01', facts, 'tekun_child_support')
    expect(onDay.status).toBe('not_eligible')
    expect(onDay.reasons.map((r) => r.text)).toContain('孩子已满16周岁')
    expect(result('chongqing', '2025-06-02', facts, 'tekun_child_support').status).toBe(
      'not_eligible',
    )
  })

  it('孤儿基本生活费 (山西, 未满18周岁)', () => {
    const facts = {
      child_birth_date: '2007-06-01',
      father_status: 'deceased',
      mother_status: 'deceased',
    }
    expect(result('shanxi', '2025-05-31', facts, 'orphan_basic_living').status).toBe('eligible')
    expect(result('shanxi', '2025-06-01', facts, 'orphan_basic_living').status).toBe('not_eligible')
    expect(result('shanxi', '2025-06-02', facts, 'orphan_basic_living').status).toBe('not_eligible')
  })

  it('留守儿童 (钦州, 不满16周岁)', () => {
    const facts = {
      child_birth_date: '2009-06-01',
      father_status: 'migrant_worker',
      mother_status: 'migrant_worker',
    }
    expect(result('qinzhou', '2025-05-31', facts, 'qz_left_behind_care').status).toBe('eligible')
    expect(result('qinzhou', '2025-06-01', facts, 'qz_left_behind_care').status).toBe(
      'not_eligible',
    )
  })
})

describe('N周岁以下 / 0—N岁 (upto): sure up to the Nth birthday, review in the year after it', () => {
  it('at 6', () => {
    expect(on('2025-05-31', '2019-06-01', 'upto', 6)).toBe(YES)
    expect(on('2025-06-01', '2019-06-01', 'upto', 6)).toBe(YES)
    expect(on('2025-06-02', '2019-06-01', 'upto', 6)).toBe(REVIEW)
    expect(on('2026-05-31', '2019-06-01', 'upto', 6)).toBe(REVIEW)
    expect(on('2026-06-01', '2019-06-01', 'upto', 6)).toBe(NO)
  })

  it('0—6岁儿童残疾初筛免费 (重庆)', () => {
    const f = { child_birth_date: '2019-06-01' }
    const at = (asOf: string): Result =>
      result('chongqing', asOf, f, 'disability_screening_free_0_6')
    expect(at('2025-05-31')).toMatchObject({ status: 'eligible' })
    expect(at('2025-05-31').review).toBeUndefined()
    expect(at('2025-06-01').review).toBeUndefined()
    expect(at('2025-06-02')).toMatchObject({
      status: 'eligible',
      review: expect.stringContaining('可能符合，需经审核'),
    })
    expect(at('2026-06-01')).toMatchObject({ status: 'not_eligible' })
  })

  it('16周岁以下残疾儿童康复救助 (山西)', () => {
    const f = {
      child_birth_date: '2009-06-01',
      child_disability: 'physical',
      local_rehab_under_16_offered: true,
    }
    const at = (asOf: string): Result =>
      result('shanxi', asOf, f, 'sx_rehab_assistance_under_16_local')
    expect(at('2025-06-01').status).toBe('eligible')
    expect(at('2025-06-02').status).toBe('eligible')
    expect(at('2026-06-01').status).toBe('not_eligible')
  })

  it('a bare age in the year after the birthday is the ambiguous year', () => {
    expect(ageOutcome(makeView({ child_age: 5.9 }, '2025-06-01'), 'upto', 6)).toBe(YES)
    expect(ageOutcome(makeView({ child_age: 6 }, '2025-06-01'), 'upto', 6)).toBe(REVIEW)
    expect(ageOutcome(makeView({ child_age: 6.5 }, '2025-06-01'), 'upto', 6)).toBe(REVIEW)
    expect(ageOutcome(makeView({ child_age: 7 }, '2025-06-01'), 'upto', 6)).toBe(NO)
  })
})

describe('年满N周岁 / 成年 (from): true from the Nth birthday', () => {
  it('成年后就业帮扶 (重庆)', () => {
    const f = {
      child_birth_date: '2007-06-01',
      father_status: 'deceased',
      mother_status: 'deceased',
      child_can_work: true,
    }
    expect(result('chongqing', '2025-05-31', f, 'adult_employment_support').status).toBe(
      'not_eligible',
    )
    expect(result('chongqing', '2025-06-01', f, 'adult_employment_support').status).toBe('eligible')
    expect(result('chongqing', '2025-06-02', f, 'adult_employment_support').status).toBe('eligible')
  })
})

describe('the birth date wins over child_age', () => {
  it('uses the birth date when both are given', () => {
    const view = makeView({ child_age: 3, child_birth_date: '2009-06-01' }, '2025-06-01')
    expect(view.age).toBe(16)
    expect(ageOutcome(view, 'under', 16)).toBe(NO)
    const facts = {
      child_age: 3,
      child_birth_date: '2009-06-01',
      child_can_work: false,
      child_has_income: false,
      guardian_can_support: false,
    }
    expect(result('chongqing', '2025-06-01', facts, 'tekun_child_support').status).toBe(
      'not_eligible',
    )
  })

  it('an unknown age is unknown, never zero', () => {
    expect(ageOutcome(makeView({}, '2025-06-01'), 'under', 16)).toBe(YES | NO)
    expect(result('chongqing', '2025-06-01', {}, 'disability_screening_free_0_6')).toMatchObject({
      status: 'unknown',
      missing: ['child_age'],
    })
  })
})
