/**
 * @module policy/request-schema
 * The screening request as the API takes it, validated with zod at the boundary (the evaluator
 * itself never parses). Unknown fact ids, wrong types and facts that contradict each other are
 * rejected with the field named.
 */
import { z } from 'zod'
import { isIsoDate } from './dates.js'
import { FACT_IDS, FACTS, type FactId, type FactSpec, type FactValue } from './facts.js'

function schemaFor(spec: FactSpec): z.ZodType<FactValue> {
  switch (spec.kind) {
    case 'boolean':
      return z.boolean()
    case 'enum':
      return z.enum(spec.values as unknown as [string, ...string[]]) as z.ZodType<FactValue>
    case 'number': {
      const n = z.number().min(spec.min).max(spec.max)
      return spec.integer ? n.int() : n
    }
    case 'date':
      return z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD')
  }
}

const date = z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD')

export const factsSchema = z.strictObject(
  Object.fromEntries(FACT_IDS.map((id) => [id, schemaFor(FACTS[id]).optional()])) as Record<
    FactId,
    z.ZodOptional<z.ZodType<FactValue>>
  >,
)

type RawFacts = Partial<Record<FactId, unknown>>

/** Pairs of answers that cannot both be true (docs/facts.md meanings). */
function contradictions(f: RawFacts): { path: FactId; message: string }[] {
  const out: { path: FactId; message: string }[] = []
  if (f.family_economic_hardship === false) {
    for (const k of [
      'family_dibao',
      'family_low_income',
      'family_registered_poor',
      'family_dibao_edge',
    ] as const) {
      if (f[k] === true)
        out.push({ path: 'family_economic_hardship', message: `cannot be false when ${k} is true` })
    }
  }
  if (f.family_dibao_edge === true && f.family_low_income === false)
    out.push({
      path: 'family_low_income',
      message: 'cannot be false when family_dibao_edge is true',
    })
  if (f.child_abandoned === true) {
    for (const k of ['father_status', 'mother_status'] as const) {
      if (f[k] !== undefined && f[k] !== 'missing' && f[k] !== 'unknown')
        out.push({ path: k, message: 'an abandoned child’s birth parents cannot be found' })
    }
  }
  if (
    f.child_disability === 'none' &&
    typeof f.child_disability_grade === 'number' &&
    f.child_disability_grade > 0
  )
    out.push({ path: 'child_disability_grade', message: 'must be 0 when child_disability is none' })
  for (const who of ['father', 'mother'] as const) {
    const years = f[`${who}_status_years`]
    const served = f[`${who}_years_served`]
    if (typeof years === 'number' && typeof served === 'number' && served > years)
      out.push({ path: `${who}_years_served`, message: `cannot exceed ${who}_status_years` })
  }
  return out
}

/** POST /api/v1/screen body: `{ region, asOf?, facts, unknownFacts? }`. */
export const screenRequestSchema = z
  .strictObject({
    region: z.string().trim().min(1).max(32).describe('Region slug or division code.'),
    asOf: date.optional().describe('YYYY-MM-DD in Asia/Shanghai; today there when absent.'),
    facts: factsSchema.describe('Facts by docs/facts.md id; an absent fact is unknown.'),
    unknownFacts: z
      .array(z.enum(FACT_IDS as [FactId, ...FactId[]]))
      .max(FACT_IDS.length)
      .optional()
      .describe('Facts the family answered "不清楚": they stay unknown and are not asked again.'),
  })
  .superRefine((req, ctx) => {
    for (const c of contradictions(req.facts as RawFacts))
      ctx.addIssue({ code: 'custom', path: ['facts', c.path], message: c.message })
    const birth = req.facts.child_birth_date
    if (typeof birth === 'string' && req.asOf !== undefined && birth > req.asOf)
      ctx.addIssue({
        code: 'custom',
        path: ['facts', 'child_birth_date'],
        message: 'is after asOf',
      })
  })

export type ScreenRequestBody = z.infer<typeof screenRequestSchema>
