/**
 * @module policy/facts
 * The public screening vocabulary of docs/facts.md as data: each fact's type, its values, whether the
 * question is sensitive (asked last, and only when it still decides something) and when it makes
 * sense to ask it at all. The loader rejects a rule over a fact that is not here.
 */

export const PARENT_STATUSES = [
  'present',
  'deceased',
  'missing',
  'imprisoned',
  'compulsory_detox',
  'detained',
  'severe_disability',
  'hiv_incapacitated',
  'left_home',
  'remarried',
  'migrant_worker',
  'unknown',
] as const

export const DISABILITIES = [
  'none',
  'visual',
  'hearing',
  'speech',
  'intellectual',
  'physical',
  'autism',
  'mental',
  'multiple',
] as const

export const SCHOOL_STAGES = [
  'not_yet',
  'preschool',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'secondary_vocational',
  'higher',
  'out_of_school',
] as const

const CARE_SETTINGS = [
  'parents',
  'relatives',
  'foster_family',
  'welfare_institution',
  'rescue_centre',
  'dispersed',
  'alone',
] as const

/** When a question is worth putting to a family at all (it never changes what a rule means). */
export type AskWhen =
  | { fact: string; in: readonly (string | number | boolean)[] }
  | { fact: string; notIn: readonly (string | number | boolean)[] }
  | { age: 'adult' }

export type FactSpec =
  | { kind: 'boolean'; sensitive?: boolean; askWhen?: AskWhen }
  | { kind: 'enum'; values: readonly string[]; sensitive?: boolean; askWhen?: AskWhen }
  | {
      kind: 'number'
      min: number
      max: number
      integer?: boolean
      sensitive?: boolean
      askWhen?: AskWhen
    }
  | { kind: 'date'; sensitive?: boolean; askWhen?: AskWhen }

const bool = { kind: 'boolean' } as const
const sensitiveBool = { kind: 'boolean', sensitive: true } as const
const whenImprisoned = (p: 'father' | 'mother'): AskWhen => ({
  fact: `${p}_status`,
  in: ['imprisoned'],
})
const whenAway = (p: 'father' | 'mother'): AskWhen => ({
  fact: `${p}_status`,
  in: ['imprisoned', 'left_home', 'missing'],
})
const whenGone = (p: 'father' | 'mother'): AskWhen => ({
  fact: `${p}_status`,
  in: ['left_home', 'remarried', 'missing', 'migrant_worker'],
})
const inSchool = { fact: 'child_school_stage', notIn: ['not_yet', 'out_of_school'] } as const

/** Every fact of docs/facts.md, in the order a person would naturally be asked about them. */
export const FACTS = {
  child_age: { kind: 'number', min: 0, max: 30 },
  child_birth_date: { kind: 'date' },
  father_status: { kind: 'enum', values: PARENT_STATUSES },
  mother_status: { kind: 'enum', values: PARENT_STATUSES },
  child_hukou_local: bool,
  child_harmed_or_stranded_locally: {
    kind: 'boolean',
    askWhen: { fact: 'child_hukou_local', in: [false] },
  },
  child_no_hukou: bool,
  child_lives_locally: bool,
  child_care_setting: { kind: 'enum', values: CARE_SETTINGS },
  child_carer_capable: bool,
  guardian_can_support: bool,
  family_dibao: bool,
  family_low_income: bool,
  family_dibao_edge: { kind: 'boolean', askWhen: { fact: 'family_low_income', in: [true] } },
  family_registered_poor: bool,
  family_economic_hardship: bool,
  family_rural: bool,
  family_sudden_hardship: bool,
  child_temporarily_without_care: bool,
  child_school_stage: { kind: 'enum', values: SCHOOL_STAGES },
  child_school_public: { kind: 'boolean', askWhen: inSchool },
  child_arts_major: {
    kind: 'boolean',
    askWhen: { fact: 'child_school_stage', in: ['secondary_vocational'] },
  },
  child_migrant: bool,
  child_has_income: bool,
  child_can_work: bool,
  child_insurance_tier: { kind: 'number', min: 1, max: 2, integer: true },
  child_wandering: bool,
  child_abandoned: bool,
  child_de_facto_orphan: bool,
  child_self_difficulty: bool,
  father_whereabouts_known: { kind: 'boolean', askWhen: whenGone('father') },
  mother_whereabouts_known: { kind: 'boolean', askWhen: whenGone('mother') },
  father_status_years: {
    kind: 'number',
    min: 0,
    max: 99,
    sensitive: true,
    askWhen: whenAway('father'),
  },
  mother_status_years: {
    kind: 'number',
    min: 0,
    max: 99,
    sensitive: true,
    askWhen: whenAway('mother'),
  },
  father_years_served: {
    kind: 'number',
    min: 0,
    max: 99,
    sensitive: true,
    askWhen: whenImprisoned('father'),
  },
  mother_years_served: {
    kind: 'number',
    min: 0,
    max: 99,
    sensitive: true,
    askWhen: whenImprisoned('mother'),
  },
  child_serious_illness: sensitiveBool,
  child_disability: { kind: 'enum', values: DISABILITIES, sensitive: true },
  child_disability_grade: {
    kind: 'number',
    min: 0,
    max: 4,
    integer: true,
    sensitive: true,
    askWhen: { fact: 'child_disability', notIn: ['none'] },
  },
  child_cerebral_palsy: sensitiveBool,
  child_rehab_need: sensitiveBool,
  local_rehab_under_16_offered: {
    kind: 'boolean',
    askWhen: { fact: 'child_disability', notIn: ['none'] },
  },
  child_hiv_status: { kind: 'enum', values: ['none', 'affected', 'infected'], sensitive: true },
  child_harmed: sensitiveBool,
  child_rescued_from_trafficking: sensitiveBool,
  parents_guardianship_revoked: sensitiveBool,
  child_enlisted: { kind: 'boolean', askWhen: { age: 'adult' } },
  child_full_civil_capacity: { kind: 'boolean', askWhen: { age: 'adult' } },
  child_needs_housing: { kind: 'boolean', askWhen: { age: 'adult' } },
  child_can_live_independently: { kind: 'boolean', askWhen: { age: 'adult' } },
} as const satisfies Record<string, FactSpec>

export type FactId = keyof typeof FACTS
export type FactValue = string | number | boolean
/** Facts as the API takes them: absent means unknown. */
export type Facts = Partial<Record<FactId, FactValue>>

export const FACT_IDS = Object.keys(FACTS) as FactId[]

export function isFactId(id: string): id is FactId {
  return Object.hasOwn(FACTS, id)
}

/** The values a fact can take when it is a closed set (booleans and enums), else undefined. */
export function closedValues(id: FactId): readonly FactValue[] | undefined {
  const spec: FactSpec = FACTS[id]
  switch (spec.kind) {
    case 'boolean':
      return [true, false]
    case 'enum':
      return spec.values.filter((v) => v !== 'unknown')
    case 'number':
      return spec.integer && spec.max - spec.min <= 10
        ? Array.from({ length: spec.max - spec.min + 1 }, (_, i) => spec.min + i)
        : undefined
    case 'date':
      return undefined
  }
}
