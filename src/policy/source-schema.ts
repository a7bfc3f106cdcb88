/**
 * @module policy/source-schema
 * The shape of content/policies/*.yaml as a policy officer writes it, validated with zod by
 * src/content/policy-load.ts at build time (the evaluator reads the compiled bundle instead).
 */
import { z } from 'zod'
import { PARENT_STATUSES } from './facts.js'
import { CATEGORIES } from './types.js'

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case')
const text = z.string().trim().min(1)
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')

const citeSource = z.strictObject({ doc: id, section: text, quote: text })
const citesSource = z.union([citeSource, z.array(citeSource).min(1)])
export type CiteSource = z.infer<typeof citeSource>

const value = z.union([z.string(), z.number(), z.boolean()])
const range = z.strictObject({ gte: z.number().optional(), lt: z.number().optional() })
const parentTest = z.strictObject({
  status: z
    .array(z.enum(PARENT_STATUSES.filter((s) => s !== 'unknown') as [string, ...string[]]))
    .min(1),
  years: range.optional(),
  served: range.optional(),
  whereabouts_known: z.boolean().optional(),
})
export type ParentTestSource = z.infer<typeof parentTest>

const labelled = {
  /** The requirement in plain words, written as met ("孩子未满16周岁"). */
  label: text.optional(),
  /** How to say it is not met, when "不符合：label" reads badly. */
  unmet: text.optional(),
  cite: citesSource.optional(),
}

export type NodeSource = { label?: string; unmet?: string; cite?: CiteSource | CiteSource[] } & (
  | { all: NodeSource[] }
  | { any: NodeSource[] }
  | { not: NodeSource }
  | { fact: string; is: string | number | boolean }
  | { fact: string; in: (string | number | boolean)[] }
  | { fact: string; gte: number }
  | { fact: string; gt: number }
  | { fact: string; lte: number }
  | { fact: string; lt: number }
  | { age: { under: number } | { upto: number } | { from: number } }
  | {
      parents:
        | { both: ParentTestSource }
        | { either: ParentTestSource }
        | { one: ParentTestSource; other: ParentTestSource }
    }
  | { ref: string }
  | { review: string }
  | { undetermined: string }
)

const years = z.int().min(0).max(30)

const nodeSource: z.ZodType<NodeSource> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(nodeSource).min(1), ...labelled }),
    z.strictObject({ any: z.array(nodeSource).min(1), ...labelled }),
    z.strictObject({ not: nodeSource, ...labelled }),
    z.strictObject({ fact: id, is: value, ...labelled }),
    z.strictObject({ fact: id, in: z.array(value).min(1), ...labelled }),
    z.strictObject({ fact: id, gte: z.number(), ...labelled }),
    z.strictObject({ fact: id, gt: z.number(), ...labelled }),
    z.strictObject({ fact: id, lte: z.number(), ...labelled }),
    z.strictObject({ fact: id, lt: z.number(), ...labelled }),
    z.strictObject({
      age: z.union([
        z.strictObject({ under: years }),
        z.strictObject({ upto: years }),
        z.strictObject({ from: years }),
      ]),
      ...labelled,
    }),
    z.strictObject({
      parents: z.union([
        z.strictObject({ both: parentTest }),
        z.strictObject({ either: parentTest }),
        z.strictObject({ one: parentTest, other: parentTest }),
      ]),
      ...labelled,
    }),
    z.strictObject({ ref: id, ...labelled }),
    z.strictObject({ review: text, ...labelled }),
    z.strictObject({ undetermined: text, ...labelled }),
  ]),
)

export type ExprSource =
  | number
  | { param: string }
  | { mul: ExprSource[] }
  | { div: [ExprSource, number] }
  | { max: ExprSource[] }
const expr: z.ZodType<ExprSource> = z.lazy(() =>
  z.union([
    z.number(),
    z.strictObject({ param: id }),
    z.strictObject({ mul: z.array(expr).min(2) }),
    z.strictObject({ div: z.tuple([expr, z.number().positive()]) }),
    z.strictObject({ max: z.array(expr).min(2) }),
  ]),
)

const unit = z.enum(['元/月', '元/年', '元'])

const amount = z.strictObject({
  text,
  cite: citesSource,
  unit: unit.optional(),
  value: expr.optional(),
  at_least: z.boolean().optional(),
  variants: z
    .array(
      z.strictObject({
        when: nodeSource,
        text,
        unit: unit.optional(),
        value: expr.optional(),
        at_least: z.boolean().optional(),
      }),
    )
    .optional(),
})

const apply = z.strictObject({ where: text, how: text.optional(), cite: citesSource })
const agency = z.strictObject({ text, cite: citesSource })
const decision = z.strictObject({ topic: text, decision: text, rationale: text })

const entitlement = z.strictObject({
  id,
  name: text,
  category: z.enum(CATEGORIES),
  summary: text,
  gets: text,
  cite: citesSource,
  /**
   * How the clause was read, by someone who did not write the rule (issue 12): what it grants,
   * to whom, and what it leaves unsaid. Required; the compiler rejects an entitlement without.
   */
  reading: text.optional(),
  /**
   * `own`: the rule states its own ages (年满18周岁, 未满16周岁, 至毕业为止…), so the region's
   * 儿童 limit (defaults.child) is not added to it.
   */
  ages: z.literal('own').optional(),
  requires: nodeSource,
  amount: amount.optional(),
  bring: z.strictObject({ text, cite: citesSource }).optional(),
  apply: apply.optional(),
  agency: agency.optional(),
  decisions: z.array(decision).optional(),
})
export type EntitlementSource = z.infer<typeof entitlement>

const service = z.strictObject({
  id,
  name: text,
  category: z.enum(CATEGORIES),
  summary: text,
  cite: citesSource,
  apply: apply.optional(),
  agency: agency.optional(),
})

const parameter = z.strictObject({
  id,
  name: text,
  unit,
  cite: citesSource,
  floor: expr.optional(),
  series: z.array(
    z.strictObject({
      from: date,
      value: z.number().nonnegative(),
      source: text,
      url: z.url().optional(),
    }),
  ),
})

/** One file under content/policies/<region>/. Everything is optional but the region. */
export const policyFileSource = z.strictObject({
  region: id,
  name: text.optional(),
  notice: text.optional(),
  documents: z.array(id).optional(),
  defaults: z
    .strictObject({
      apply: apply.optional(),
      agency: agency.optional(),
      /** Who a 儿童 is (未满18周岁 unless a clause says otherwise): added to every rule. */
      child: nodeSource.optional(),
    })
    .optional(),
  definitions: z.record(id, nodeSource).optional(),
  parameters: z.array(parameter).optional(),
  entitlements: z.array(entitlement).optional(),
  services: z.array(service).optional(),
  not_encoded: z.array(z.strictObject({ id, reason: text })).optional(),
  decisions: z.array(decision).optional(),
})
export type PolicyFileSource = z.infer<typeof policyFileSource>

const condition = z.union([
  z.strictObject({ fact: id, is: value }),
  z.strictObject({ fact: id, in: z.array(value).min(1) }),
  z.strictObject({ fact: id, not_in: z.array(value).min(1) }),
  z.strictObject({ age: z.strictObject({ under: years }) }),
])
export type ConditionSource = z.infer<typeof condition>

/** content/policies/implications.yaml: facts that follow from facts. */
export const implicationsSource = z.array(
  z.strictObject({
    when: z.array(condition).min(1),
    then: z.strictObject({ fact: id, is: value }),
    why: text,
  }),
)

/** content/policies/documents.yaml: the register of source documents. */
export const documentsSource = z.array(
  z.strictObject({
    id,
    number: text,
    title: text,
    issuer: text,
    date: date.optional(),
    file: z.string().regex(/^content\/sources\/[^/]+\.txt$/),
  }),
)
