/**
 * @module bench/policy
 * The policy evaluator's speed, measured in one run: screening whole regions, choosing the next
 * question, and — on the same inputs in the same run — json-rules-engine evaluating an
 * equivalent subset of twelve Chongqing rules, checked to give the same answers, with the ratio.
 * `npm run bench` calls policyBench(); `npx tsx bench/policy.ts` prints the rows alone.
 */
import { pathToFileURL } from 'node:url'
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine'
import { readSources } from '../src/content/compile.js'
import { loadPolicy } from '../src/content/policy-load.js'
import { compiledRegion } from '../src/policy/compiled.js'
import { statusOf } from '../src/policy/outcome.js'
import { nextQuestion } from '../src/policy/next-question.js'
import { screen } from '../src/policy/screen.js'
import { DISABILITIES, PARENT_STATUSES, SCHOOL_STAGES, type Facts } from '../src/policy/facts.js'
import type { PolicyBundle } from '../src/policy/types.js'
import { makeView } from '../src/policy/view.js'

export interface BenchRow {
  name: string
  value: number
  unit: 'ops/s' | 'ms' | '×'
  /** The value formatted for a table ("412,000 ops/s"). */
  display: string
  note: string
}

const AS_OF = '2025-06-01'
// Every parent status that leaves the child without that parent's care.
const CANNOT_CARE: string[] = PARENT_STATUSES.filter(
  (s) => s !== 'present' && s !== 'migrant_worker' && s !== 'unknown',
)
const DISABLED: string[] = DISABILITIES.filter((d) => d !== 'none')
const STATUSES = ['present', 'migrant_worker', ...CANNOT_CARE]
const STAGES: readonly string[] = SCHOOL_STAGES

const is = (fact: string, value: unknown): TopLevelCondition => ({
  all: [{ fact, operator: 'equal', value }],
})
const eq = (fact: string, value: unknown) => ({ fact, operator: 'equal', value })
const within = (fact: string, value: unknown[]) => ({ fact, operator: 'in', value })

/** Twelve Chongqing rules (no point left to an official), written for json-rules-engine. */
const JRE_RULES: Record<string, TopLevelCondition> = {
  tekun_child_support: {
    all: [
      { fact: 'child_age', operator: 'lessThan', value: 16 },
      eq('child_can_work', false),
      eq('child_has_income', false),
      eq('guardian_can_support', false),
    ],
  },
  temporary_assistance_child_uplift: is('family_sudden_hardship', true),
  education_aid_liangmian_yibu: is('family_economic_hardship', true),
  free_12yr_education_disabled: {
    all: [within('child_disability', DISABLED), eq('family_economic_hardship', true)],
  },
  special_education_placement: { all: [within('child_disability', DISABLED)] },
  migrant_child_education: is('child_migrant', true),
  cq_migrant_vocational_tuition_free: {
    all: [
      eq('child_migrant', true),
      eq('child_school_stage', 'secondary_vocational'),
      eq('child_arts_major', false),
    ],
  },
  cq_migrant_vocational_living_aid: {
    all: [
      eq('child_migrant', true),
      eq('child_school_stage', 'secondary_vocational'),
      eq('family_economic_hardship', true),
    ],
  },
  detained_parent_child_arrangement: {
    any: [eq('father_status', 'detained'), eq('mother_status', 'detained')],
  },
  prisoner_child_guardianship_help: {
    all: [
      {
        any: [
          within('father_status', ['imprisoned', 'compulsory_detox']),
          within('mother_status', ['imprisoned', 'compulsory_detox']),
        ],
      },
      within('father_status', CANNOT_CARE),
      within('mother_status', CANNOT_CARE),
      eq('child_carer_capable', false),
    ],
  },
  cq_hukou_registration: is('child_no_hukou', true),
  missing_parent_search: {
    any: [
      eq('father_status', 'missing'),
      eq('mother_status', 'missing'),
      {
        all: [
          within('father_status', ['left_home', 'migrant_worker']),
          eq('father_whereabouts_known', false),
        ],
      },
      {
        all: [
          within('mother_status', ['left_home', 'migrant_worker']),
          eq('mother_whereabouts_known', false),
        ],
      },
    ],
  },
}

/** A small deterministic generator, so both engines see the same families. */
function families(n: number): Facts[] {
  let seed = 20250601
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const bool = (): boolean => rand() < 0.5
  return Array.from({ length: n }, () => {
    const dibao = rand() < 0.2
    return {
      child_age: Math.floor(rand() * 20),
      father_status: pick(STATUSES),
      mother_status: pick(STATUSES),
      father_whereabouts_known: bool(),
      mother_whereabouts_known: bool(),
      child_can_work: rand() < 0.2,
      child_has_income: rand() < 0.2,
      guardian_can_support: bool(),
      child_carer_capable: bool(),
      family_dibao: dibao,
      family_economic_hardship: dibao || bool(),
      family_sudden_hardship: rand() < 0.2,
      child_disability: rand() < 0.6 ? 'none' : pick(DISABLED),
      child_migrant: rand() < 0.3,
      child_school_stage: pick(STAGES),
      child_arts_major: rand() < 0.2,
      child_no_hukou: rand() < 0.1,
    } satisfies Facts
  })
}

/** Runs `fn` for about `ms` milliseconds (after a warm-up) and returns calls per second. */
function opsPerSecond(fn: (i: number) => void, ms = 1000): number {
  for (let i = 0; i < 2000; i++) fn(i)
  let calls = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) fn(calls++)
    now = performance.now()
  }
  return (calls / (now - start)) * 1000
}

async function asyncOpsPerSecond(fn: (i: number) => Promise<void>, ms = 1000): Promise<number> {
  for (let i = 0; i < 500; i++) await fn(i)
  let calls = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 50; i++) await fn(calls++)
    now = performance.now()
  }
  return (calls / (now - start)) * 1000
}

function meanMs(fn: () => void, runs: number): { mean: number; p99: number } {
  for (let i = 0; i < 200; i++) fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { mean: times.reduce((a, b) => a + b, 0) / runs, p99: times[Math.floor(runs * 0.99)]! }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en')

function loadBundle(): PolicyBundle {
  const { bundle, problems } = loadPolicy(readSources(process.cwd()))
  if (!bundle)
    throw new Error(
      `policy content problems: ${problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`,
    )
  return bundle
}

/** Measures the policy evaluator; the bundle defaults to the one compiled from ./content. */
export async function policyBench(
  bundle: PolicyBundle = loadBundle(),
  ms = 1000,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const inputs = families(256)
  const partial: Facts = {
    child_age: 9,
    father_status: 'deceased',
    mother_status: 'imprisoned',
    child_carer_capable: true,
  }

  for (const region of ['wenling', 'chongqing']) {
    const policy = bundle.regions[region]!
    const compiled = compiledRegion(bundle, policy)
    const statuses = opsPerSecond((i) => {
      const view = makeView(inputs[i & 255]!, AS_OF, bundle.implications)
      for (const item of compiled.items) item.fast(view)
    }, ms)
    rows.push({
      name: `screen ${region}: every entitlement's status (${policy.entitlements.length})`,
      value: statuses,
      unit: 'ops/s',
      display: `${fmt(statuses)} ops/s`,
      note: 'compiled rule trees; random complete families',
    })
    const full = opsPerSecond((i) => {
      screen(bundle, { region, asOf: AS_OF, facts: i & 1 ? partial : inputs[i & 255]! })
    }, ms)
    rows.push({
      name: `screen ${region}: full answer (reasons, amounts, ask)`,
      value: full,
      unit: 'ops/s',
      display: `${fmt(full)} ops/s`,
      note: 'POST /api/v1/screen without HTTP; half partial, half complete facts',
    })
  }

  for (const [label, region, facts] of [
    ['wenling, nothing known yet (worst case)', 'wenling', {}],
    ['shanxi, the grandmother mid-conversation', 'shanxi', partial],
  ] as const) {
    const { mean, p99 } = meanMs(() => nextQuestion(bundle, { region, asOf: AS_OF, facts }), 2000)
    rows.push({
      name: `next question: ${label}`,
      value: mean,
      unit: 'ms',
      display: `${mean.toFixed(3)} ms`,
      note: `mean of 2000; p99 ${p99.toFixed(3)} ms; target ≤ 2 ms`,
    })
  }

  // The same twelve rules, the same families, both engines; the answers must agree.
  const ids = Object.keys(JRE_RULES)
  const cq = bundle.regions['chongqing']!
  const subsetPolicy = {
    ...cq,
    slug: 'chongqing_subset',
    entitlements: cq.entitlements.filter((e) => ids.includes(e.id)),
  }
  if (subsetPolicy.entitlements.length !== ids.length)
    throw new Error('the rule subset no longer matches the content')
  const subset = compiledRegion(bundle, subsetPolicy)
  const engine = new Engine([], { allowUndefinedFacts: true })
  for (const id of ids)
    engine.addRule({ conditions: JRE_RULES[id]!, event: { type: id } } satisfies RuleProperties)
  for (const facts of inputs) {
    const fired = new Set((await engine.run(facts)).events.map((e) => e.type))
    const view = makeView(facts, AS_OF, bundle.implications)
    for (const item of subset.items) {
      const ours = statusOf(item.fast(view))
      if ((ours === 'eligible') !== fired.has(item.e.id))
        throw new Error(
          `json-rules-engine and the evaluator disagree on ${item.e.id} for ${JSON.stringify(facts)}`,
        )
    }
  }
  const jre = await asyncOpsPerSecond(async (i) => {
    await engine.run(inputs[i & 255]!)
  }, ms)
  const ourSubset = opsPerSecond((i) => {
    const view = makeView(inputs[i & 255]!, AS_OF, bundle.implications)
    for (const item of subset.items) item.fast(view)
  }, ms)
  rows.push(
    {
      name: 'json-rules-engine: 12 Chongqing rules',
      value: jre,
      unit: 'ops/s',
      display: `${fmt(jre)} ops/s`,
      note: 'same families; answers checked equal',
    },
    {
      name: 'policy evaluator: the same 12 rules',
      value: ourSubset,
      unit: 'ops/s',
      display: `${fmt(ourSubset)} ops/s`,
      note: 'three-valued, same answers on complete facts',
    },
    {
      name: 'evaluator / json-rules-engine',
      value: ourSubset / jre,
      unit: '×',
      display: `${(ourSubset / jre).toFixed(0)}×`,
      note: 'target ≥ 100×',
    },
  )
  return rows
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await policyBench()
  console.log('| measure | value | note |')
  console.log('|---|---|---|')
  for (const r of rows) console.log(`| ${r.name} | ${r.display} | ${r.note} |`)
}
