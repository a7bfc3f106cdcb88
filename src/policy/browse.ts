/**
 * @module policy/browse
 * What a region offers (GET /api/v1/entitlements): every entitlement with its conditions as the
 * documents state them, what the family gets, the amount rule, where and how to apply, the
 * responsible agency and the clauses; then the services that need no screening.
 */
import { amountOf } from './amount.js'
import { shanghaiDate } from './dates.js'
import { resolvePolicyRegion } from './region.js'
import { evaluatorTexts } from './texts.js'
import type {
  Amount,
  Category,
  Citation,
  Decision,
  PolicyBundle,
  Reason,
  RuleNode,
  Service,
} from './types.js'

/** A rule as a reader sees it: the requirements, and how they combine. */
export type ConditionView =
  Reason | { all: ConditionView[] } | { any: ConditionView[] } | { not: ConditionView }

export interface EntitlementView {
  id: string
  name: string
  category: Category
  summary: string
  gets: string
  conditions: ConditionView
  amount?: Amount
  bring?: string
  apply: { where: string; how?: string; citation: Citation }
  agency: { text: string; citation: Citation }
  citations: Citation[]
  /** How the content reads a point the documents leave open, and why. */
  decisions: Decision[]
}

export interface EntitlementsAnswer {
  region: string
  name: string
  requested?: string
  baseline: boolean
  notice?: string
  documents: { number: string; title: string; issuer: string; date?: string }[]
  entitlements: EntitlementView[]
  services: Service[]
  /** Readings that apply across the region (ages, undefined categories), with their reasons. */
  decisions: Decision[]
}

function conditions(node: RuleNode, defs: Record<string, RuleNode>): ConditionView {
  const walk = (n: RuleNode): ConditionView => conditions(n, defs)
  switch (node.k) {
    case 'req':
      return { text: node.label, citation: node.cite }
    case 'ref':
      // Every definition is a cited requirement; the reader sees its label.
      return walk(defs[node.def]!)
    case 'all':
      return { all: node.of.map(walk) }
    case 'any':
      return { any: node.of.map(walk) }
    case 'not':
      return { not: walk(node.of) }
    case 'judge':
      return { text: node.text, citation: node.cite }
    case 'fact':
    case 'age':
    case 'parents':
      // The loader guarantees every test sits under a cited requirement.
      throw new Error('a test outside a cited requirement')
  }
}

/** What a region offers; `asOf` (default today in Asia/Shanghai) picks the parameters. */
export function entitlements(
  bundle: PolicyBundle,
  region: string,
  options: { asOf?: string; now?: Date } = {},
): EntitlementsAnswer {
  const { policy, baseline, notice } = resolvePolicyRegion(bundle, region)
  const asOf = options.asOf ?? shanghaiDate(options.now ?? new Date())
  const texts = evaluatorTexts(bundle)
  return {
    region: policy.slug,
    name: policy.name,
    ...(baseline && policy.slug !== region.trim().toLowerCase() && { requested: region }),
    baseline,
    ...(notice !== undefined && { notice }),
    documents: policy.documents.map((id) => {
      const d = bundle.documents[id]!
      return { number: d.number, title: d.title, issuer: d.issuer, ...(d.date && { date: d.date }) }
    }),
    entitlements: policy.entitlements.map((e) => ({
      id: e.id,
      name: e.name,
      category: e.category,
      summary: e.summary,
      gets: e.gets,
      conditions: conditions(e.rule, policy.definitions),
      ...(e.amount && { amount: amountOf(e.amount, undefined, policy.parameters, asOf, texts) }),
      ...(e.bring && { bring: e.bring.text }),
      apply: {
        where: e.apply.where,
        ...(e.apply.how !== undefined && { how: e.apply.how }),
        citation: e.apply.cite,
      },
      agency: { text: e.agency.text, citation: e.agency.cite },
      citations: e.cites,
      decisions: e.decisions,
    })),
    services: policy.services,
    decisions: policy.decisions,
  }
}
