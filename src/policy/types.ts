/**
 * @module policy/types
 * The compiled policy bundle (plain JSON, built once by src/content/policy-load.ts) and the
 * answers the evaluator gives. Every rule node, amount and place to apply carries the clause it
 * comes from.
 */
import type { FactId, FactValue } from './facts.js'
import type { Implication } from './implications.js'

/** A clause: document number, section path as printed, and a verbatim quote from it. */
export interface Citation {
  doc: string
  section: string
  quote: string
}

export type ParentStatus =
  | 'present'
  | 'deceased'
  | 'missing'
  | 'imprisoned'
  | 'compulsory_detox'
  | 'detained'
  | 'severe_disability'
  | 'hiv_incapacitated'
  | 'left_home'
  | 'remarried'
  | 'migrant_worker'

/** Inclusive lower bound, exclusive upper bound, in years. */
export interface YearRange {
  gte?: number
  lt?: number
}

export interface ParentTest {
  status: ParentStatus[]
  /** The sentence (imprisoned), or how long since they left / were last heard of. */
  years?: YearRange
  /** How much of the sentence has been served. */
  served?: YearRange
  whereaboutsKnown?: boolean
}

export type FactOp = 'is' | 'in' | 'gte' | 'gt' | 'lte' | 'lt'

/**
 * Age tests, each with the reading recorded in the content: `under` N = 未满/不满 N 周岁 (true
 * before the Nth birthday); `from` N = 年满 N 周岁 (true from the Nth birthday); `upto` N =
 * N 周岁以下/以内, 0—N 岁 (true up to and including the Nth birthday; the year after it is
 * ambiguous in the documents and answers "可能符合，需经审核"; false from the (N+1)th birthday).
 */
export type AgeOp = 'under' | 'upto' | 'from'

export type RuleNode =
  | { k: 'all'; of: RuleNode[] }
  | { k: 'any'; of: RuleNode[] }
  | { k: 'not'; of: RuleNode }
  /** A named definition of the region (孤儿, 困境儿童…), evaluated once per set of facts. */
  | { k: 'ref'; def: string }
  | { k: 'req'; label: string; unmet?: string; cite: Citation; also?: Citation[]; of: RuleNode }
  | { k: 'fact'; fact: FactId; op: FactOp; value: FactValue | FactValue[] }
  | { k: 'age'; op: AgeOp; years: number }
  | { k: 'parents'; mode: 'both' | 'either'; p: ParentTest }
  | { k: 'parents'; mode: 'one_other'; p: ParentTest; q: ParentTest }
  /** A point only an official can settle: `review` leans eligible, `undetermined` cannot tell. */
  | { k: 'judge'; kind: 'review' | 'undetermined'; text: string; cite: Citation }

export type Expr =
  number | { param: string } | { mul: Expr[] } | { div: [Expr, number] } | { max: Expr[] }

export interface ParameterEntry {
  /** First day (YYYY-MM-DD) the figure applies. */
  from: string
  value: number
  /** Where the figure comes from: the document or statistics release, as a person can find it. */
  source: string
  url?: string
}

/** A figure a rule depends on. Empty `series` = pending: the document does not give it. */
export interface Parameter {
  id: string
  name: string
  unit: string
  cite: Citation
  /** The floor the document sets, used while no figure is filled in. */
  floor?: Expr
  series: ParameterEntry[]
}

export interface AmountVariant {
  when: RuleNode
  text: string
  unit?: string
  value?: Expr
  atLeast?: boolean
}

export interface AmountSpec {
  /** The amount worded as the document words the rule. */
  text: string
  cite: Citation
  unit?: string
  value?: Expr
  /** The document sets a floor (不低于), not an exact figure. */
  atLeast?: boolean
  variants?: AmountVariant[]
}

export interface ApplyInfo {
  where: string
  how?: string
  cite: Citation
}

export interface Decision {
  topic: string
  decision: string
  rationale: string
}

export const CATEGORIES = [
  '身份认定',
  '基本生活',
  '临时救助',
  '医疗',
  '康复',
  '教育',
  '监护',
  '住房就业',
  '关爱服务',
  '保护',
] as const
export type Category = (typeof CATEGORIES)[number]

export interface Entitlement {
  id: string
  name: string
  category: Category
  /** Two or three plain sentences for the browse flow. */
  summary: string
  gets: string
  /** How the clause was read, by someone who did not write the rule. */
  reading: string
  cites: Citation[]
  rule: RuleNode
  amount?: AmountSpec
  bring?: { text: string; cite: Citation }
  apply: ApplyInfo
  agency: { text: string; cite: Citation }
  decisions: Decision[]
}

/** A measure the browse API explains but screening does not decide (hotlines, duties, places). */
export interface Service {
  id: string
  name: string
  category: Category
  summary: string
  cites: Citation[]
  apply?: ApplyInfo
  agency?: { text: string; cite: Citation }
}

export interface RegionPolicy {
  slug: string
  name: string
  /** Administrative division code; absent for the national baseline. */
  code?: string
  baseline: boolean
  notice?: string
  documents: string[]
  /** Shared definitions the rules refer to by name; each is a cited requirement. */
  definitions: Record<string, RuleNode>
  entitlements: Entitlement[]
  services: Service[]
  parameters: Record<string, Parameter>
  /** Measures the documents name that are deliberately not screened, and why. */
  notEncoded: { id: string; reason: string }[]
  decisions: Decision[]
}

export interface DocumentInfo {
  id: string
  number: string
  title: string
  issuer: string
  date?: string
  file: string
}

export type QuestionKind = 'yes_no' | 'choice' | 'number' | 'age' | 'date'

export interface Question {
  fact: FactId
  kind: QuestionKind
  text: string
  choices?: { value: FactValue; label: string; synonyms?: string[] }[]
  sensitive: boolean
}

export interface PolicyBundle {
  version: 1
  regions: Record<string, RegionPolicy>
  /** Division code → region slug, for the covered regions. */
  codes: Record<string, string>
  documents: Record<string, DocumentInfo>
  questions: Record<FactId, Question>
  /** Facts that follow from facts (content/policies/implications.yaml), applied by every view. */
  implications: Implication[]
  texts: Record<string, string>
}

export type Status = 'eligible' | 'not_eligible' | 'unknown'

export interface Reason {
  text: string
  citation: Citation
}

export interface Amount {
  text: string
  value?: number
  unit?: string
  atLeast?: boolean
  /** The figure in plain words, when it can be computed ("不低于 373.33 元/月"). */
  display?: string
  pending?: { param: string; name: string }[]
  sources?: { param: string; name: string; value: number; from: string; source: string }[]
  citation: Citation
}

export interface Result {
  entitlement: string
  name: string
  category: Category
  status: Status
  /** Set when the answer needs an official's judgement: "可能符合，需经审核：…". */
  review?: string
  amount?: Amount
  reasons: Reason[]
  missing: FactId[]
  gets: string
  apply: { where: string; how?: string }
  agency: string
  bring?: string
}

export interface ScreenAnswer {
  region: string
  /** The region as the caller named it, when it resolved to the national baseline. */
  requested?: string
  baseline: boolean
  notice?: string
  asOf: string
  results: Result[]
  ask: FactId[]
}
