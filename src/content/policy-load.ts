/**
 * @module content/policy-load
 * Compiles content/policies/ (with content/sources/*.txt, content/regions.yaml and
 * content/texts/policy.yaml) into the policy bundle: plain JSON the evaluator reads. Rejects,
 * with file and line: a quote that is not verbatim in its source (whitespace and line breaks are
 * the only normalisation), a condition or amount without a citation, an unknown fact id, a
 * duplicate id, a reference or parameter that does not exist.
 */
import { FACT_IDS, FACTS, type FactId, type FactSpec } from '../policy/facts.js'
import {
  checkValue,
  compileCites,
  compileExpr,
  compileNode,
  squeeze,
  type CompileContext,
  type Path,
} from '../policy/source-compile.js'
import {
  documentsSource,
  implicationsSource,
  policyFileSource,
  type NodeSource,
  type PolicyFileSource,
} from '../policy/source-schema.js'
import { NATIONAL } from '../regions.js'
import type { Condition, Implication } from '../policy/implications.js'
import { REQUIRED_TEXTS } from '../policy/texts.js'
import type {
  DocumentInfo,
  Entitlement,
  Parameter,
  PolicyBundle,
  Question,
  RegionPolicy,
  RuleNode,
  Service,
} from '../policy/types.js'
import { parse, Problems, type ContentProblem, type Parsed, type Source } from './compile.js'
import { regionsSchema, textsSchema } from './schema.js'

const POLICIES = 'content/policies/'
const DOCUMENTS = 'content/policies/documents.yaml'
const IMPLICATIONS = 'content/policies/implications.yaml'

interface FileOf {
  file: string
  parsed: Parsed<PolicyFileSource>
}

function questionOf(
  id: FactId,
  texts: Record<string, string>,
  missing: (key: string) => void,
): Question {
  const spec: FactSpec = FACTS[id]
  const text = (key: string): string => {
    if (texts[key] === undefined) missing(key)
    return texts[key] ?? key
  }
  const base = { fact: id, text: text(`policy.ask.${id}`), sensitive: spec.sensitive === true }
  switch (spec.kind) {
    case 'boolean':
      return { ...base, kind: 'yes_no' }
    case 'enum':
      return {
        ...base,
        kind: 'choice',
        choices: spec.values.map((v) => {
          // Other words people use for a choice (optional): policy.synonyms.<fact>.<value>.
          const synonyms = texts[`policy.synonyms.${id}.${v}`]?.split(/\s+/)
          return {
            value: v,
            label: text(`policy.choice.${id}.${v}`),
            ...(synonyms && { synonyms }),
          }
        }),
      }
    case 'number':
      if (spec.integer && spec.max - spec.min <= 10)
        return {
          ...base,
          kind: 'choice',
          choices: Array.from({ length: spec.max - spec.min + 1 }, (_, i) => spec.min + i).map(
            (v) => ({
              value: v,
              label: text(`policy.choice.${id}.${v}`),
            }),
          ),
        }
      return { ...base, kind: id === 'child_age' ? 'age' : 'number' }
    case 'date':
      return { ...base, kind: 'date' }
  }
}

/** Compiles the policy content; `bundle` is set only when there are no problems. */
export function loadPolicy(sources: Source[]): {
  bundle?: PolicyBundle
  problems: ContentProblem[]
} {
  const problems = new Problems()
  const byPath = new Map(sources.map((s) => [s.path, s]))
  const need = (path: string): Source | undefined => {
    const s = byPath.get(path)
    if (!s) problems.add(path, 1, 'file is missing')
    return s
  }

  const documents: Record<string, DocumentInfo> = {}
  const docTexts: Record<string, string> = {}
  const docSource = need(DOCUMENTS)
  const docs = docSource && parse(docSource, documentsSource, problems)
  docs?.value.forEach((d, i) => {
    if (documents[d.id])
      problems.add(DOCUMENTS, docs.lineOf([i, 'id']), `document ${d.id} is listed twice`)
    const text = byPath.get(d.file)?.text
    if (text === undefined)
      problems.add(DOCUMENTS, docs.lineOf([i, 'file']), `no source file ${d.file}`)
    else docTexts[d.id] = squeeze(text)
    documents[d.id] = {
      id: d.id,
      number: d.number,
      title: d.title,
      issuer: d.issuer,
      file: d.file,
      ...(d.date && { date: d.date }),
    }
  })

  const regionsFile = need('content/regions.yaml')
  const regionList = regionsFile ? parse(regionsFile, regionsSchema, problems)?.value : undefined
  const textsFile = need('content/texts/policy.yaml')
  const texts = (textsFile && parse(textsFile, textsSchema, problems)?.value) ?? {}
  for (const key of REQUIRED_TEXTS) {
    if (texts[key] === undefined)
      problems.add('content/texts/policy.yaml', 1, `text "${key}" is missing`)
  }
  const questions = {} as Record<FactId, Question>
  for (const id of FACT_IDS)
    questions[id] = questionOf(id, texts, (key) =>
      problems.add('content/texts/policy.yaml', 1, `text "${key}" is missing`),
    )

  const files = new Map<string, FileOf[]>()
  for (const s of sources) {
    if (!s.path.startsWith(POLICIES) || !s.path.endsWith('.yaml')) continue
    if (s.path === DOCUMENTS || s.path === IMPLICATIONS) continue
    const parsed = parse(s, policyFileSource, problems)
    if (!parsed) continue
    const list = files.get(parsed.value.region) ?? []
    list.push({ file: s.path, parsed })
    files.set(parsed.value.region, list)
  }
  const implications = loadImplications(need(IMPLICATIONS), problems)
  if (!regionList || !docs) return { problems: problems.list }

  const known = new Map(regionList.map((r) => [r.slug, r]))
  const regions: Record<string, RegionPolicy> = {}
  const codes: Record<string, string> = {}
  for (const [slug, list] of files) {
    const meta = known.get(slug)
    if (!meta && slug !== NATIONAL) {
      for (const f of list)
        problems.add(
          f.file,
          f.parsed.lineOf(['region']),
          `no region "${slug}" in content/regions.yaml`,
        )
      continue
    }
    const region = compileRegion(slug, list, problems, documents, docTexts)
    if (!region) continue
    region.name = meta?.name ?? region.name
    if (meta) {
      region.code = meta.code
      codes[meta.code] = slug
    }
    regions[slug] = region
  }
  if (!regions[NATIONAL])
    problems.add(POLICIES, 1, 'the national baseline (region: national) is missing')
  if (problems.list.length > 0) return { problems: problems.list }
  return {
    bundle: { version: 1, regions, codes, documents, questions, implications, texts },
    problems: [],
  }
}

/** Compiles content/policies/implications.yaml, checking every fact id and value. */
function loadImplications(source: Source | undefined, problems: Problems): Implication[] {
  const parsed = source && parse(source, implicationsSource, problems)
  if (!parsed) return []
  const ctx = {
    problem: (path: Path, message: string) =>
      problems.add(IMPLICATIONS, parsed.lineOf(path), message),
  }
  const known = (fact: string, path: Path): fact is FactId => {
    if (FACT_IDS.includes(fact as FactId)) return true
    ctx.problem(path, `unknown fact "${fact}" (see docs/facts.md)`)
    return false
  }
  const out: Implication[] = []
  parsed.value.forEach((src, i) => {
    const when: Condition[] = []
    src.when.forEach((c, j) => {
      const path = [i, 'when', j]
      if ('age' in c) return void when.push({ ageUnder: c.age.under })
      if (!known(c.fact, [...path, 'fact'])) return
      const values = 'is' in c ? [c.is] : 'in' in c ? c.in : c.not_in
      values.forEach((v) => checkValue(c.fact, v, path, ctx))
      when.push('not_in' in c ? { fact: c.fact, notIn: values } : { fact: c.fact, in: values })
    })
    const then = src.then
    if (!known(then.fact, [i, 'then', 'fact'])) return
    checkValue(then.fact, then.is, [i, 'then', 'is'], ctx)
    if (when.some((c) => 'fact' in c && c.fact === then.fact))
      ctx.problem([i, 'then'], `${then.fact} cannot follow from itself`)
    if (when.length === src.when.length)
      out.push({ when, then: { fact: then.fact, value: then.is }, why: src.why })
  })
  return out
}

function compileRegion(
  slug: string,
  list: FileOf[],
  problems: Problems,
  documents: Record<string, DocumentInfo>,
  docTexts: Record<string, string>,
): RegionPolicy | undefined {
  const defs = new Map<string, { src: NodeSource; at: FileOf }>()
  const params = new Set<string>()
  for (const at of list) {
    for (const [id, src] of Object.entries(at.parsed.value.definitions ?? {})) {
      if (defs.has(id))
        problems.add(
          at.file,
          at.parsed.lineOf(['definitions', id]),
          `definition ${id} is defined twice`,
        )
      defs.set(id, { src, at })
    }
    for (const p of at.parsed.value.parameters ?? []) params.add(p.id)
  }
  const compiledDefs = new Map<string, RuleNode | undefined | 'cycle'>()
  const contextFor = (at: FileOf): CompileContext => ({
    problem: (path: Path, message: string) =>
      problems.add(at.file, at.parsed.lineOf(path), message),
    documents,
    texts: docTexts,
    parameters: params,
    definition: (id) => {
      if (compiledDefs.has(id)) return compiledDefs.get(id)
      const def = defs.get(id)
      if (!def) return undefined
      compiledDefs.set(id, 'cycle')
      const ctx = contextFor(def.at)
      const path = ['definitions', id]
      if (def.src.label === undefined)
        ctx.problem(path, 'a definition needs a label and a citation')
      const node = compileNode(def.src, path, ctx, undefined)
      compiledDefs.set(id, node)
      return node
    },
  })

  const region: RegionPolicy = {
    slug,
    name: slug,
    baseline: slug === NATIONAL,
    documents: [],
    definitions: {},
    entitlements: [],
    services: [],
    parameters: {},
    notEncoded: [],
    decisions: [],
  }
  let defaults: PolicyFileSource['defaults'] = {}
  let defaultsAt: FileOf | undefined
  for (const at of list) {
    const v = at.parsed.value
    if (v.name) region.name = v.name
    if (v.notice) region.notice = v.notice
    for (const d of v.documents ?? []) {
      if (!documents[d])
        problems.add(at.file, at.parsed.lineOf(['documents']), `no document "${d}"`)
      else if (!region.documents.includes(d)) region.documents.push(d)
    }
    if (v.defaults) {
      if (defaultsAt)
        problems.add(
          at.file,
          at.parsed.lineOf(['defaults']),
          `defaults are also set in ${defaultsAt.file}`,
        )
      defaults = v.defaults
      defaultsAt = at
    }
    region.notEncoded.push(...(v.not_encoded ?? []))
    region.decisions.push(...(v.decisions ?? []))
  }
  // 儿童 means under 18 unless a clause says otherwise: the region's child requirement is added
  // to every rule that does not state its own ages.
  const child =
    defaults?.child &&
    compileNode(defaults.child, ['defaults', 'child'], contextFor(defaultsAt!), undefined)
  if (defaults?.child && defaults.child.label === undefined)
    contextFor(defaultsAt!).problem(['defaults', 'child'], 'the child limit needs a label and a citation')
  const ids = new Set<string>()
  const unique = (at: FileOf, path: Path, id: string): boolean => {
    if (ids.has(id))
      problems.add(at.file, at.parsed.lineOf(path), `id ${id} is used twice in region ${slug}`)
    ids.add(id)
    return true
  }
  for (const at of list) {
    const ctx = contextFor(at)
    const v = at.parsed.value
    v.parameters?.forEach((p, i) => {
      const path = ['parameters', i]
      unique(at, [...path, 'id'], p.id)
      const cite = compileCites(p.cite, [...path, 'cite'], ctx)[0]
      if (!cite) return
      const param: Parameter = {
        id: p.id,
        name: p.name,
        unit: p.unit,
        cite,
        series: [...p.series].sort((a, b) => a.from.localeCompare(b.from)),
        ...(p.floor !== undefined && { floor: compileExpr(p.floor, [...path, 'floor'], ctx) }),
      }
      region.parameters[p.id] = param
    })
    v.entitlements?.forEach((e, i) => {
      const path = ['entitlements', i]
      unique(at, [...path, 'id'], e.id)
      const cites = compileCites(e.cite, [...path, 'cite'], ctx)
      const own = compileNode(e.requires, [...path, 'requires'], ctx, undefined)
      const rule =
        own && child && e.ages !== 'own' ? ({ k: 'all', of: [child, own] } as RuleNode) : own
      if (e.reading === undefined)
        ctx.problem(path, `entitlement ${e.id} has no reading (how its clause was read, issue 12)`)
      const apply = e.apply ?? defaults?.apply
      const agency = e.agency ?? defaults?.agency
      if (!apply)
        ctx.problem(
          path,
          `entitlement ${e.id} says nowhere where to apply (set apply or region defaults)`,
        )
      if (!agency) ctx.problem(path, `entitlement ${e.id} names no responsible agency`)
      const applyCtx = e.apply ? ctx : contextFor(defaultsAt ?? at)
      const applyPath = e.apply ? [...path, 'apply'] : ['defaults', 'apply']
      const agencyPath = e.agency ? [...path, 'agency'] : ['defaults', 'agency']
      const applyCite = apply && compileCites(apply.cite, [...applyPath, 'cite'], applyCtx)[0]
      const agencyCite =
        agency && compileCites(agency.cite, [...agencyPath, 'cite'], e.agency ? ctx : applyCtx)[0]
      let amount: Entitlement['amount']
      if (e.amount) {
        const a = e.amount
        const ap = [...path, 'amount']
        const cite = compileCites(a.cite, [...ap, 'cite'], ctx)[0]
        const variants = (a.variants ?? []).map((x, j) => ({
          when: compileNode(x.when, [...ap, 'variants', j, 'when'], ctx, cite),
          text: x.text,
          ...(x.unit !== undefined && { unit: x.unit }),
          ...(x.value !== undefined && {
            value: compileExpr(x.value, [...ap, 'variants', j, 'value'], ctx),
          }),
          ...(x.at_least !== undefined && { atLeast: x.at_least }),
        }))
        if (cite && variants.every((x) => x.when))
          amount = {
            text: a.text,
            cite,
            ...(a.unit !== undefined && { unit: a.unit }),
            ...(a.value !== undefined && { value: compileExpr(a.value, [...ap, 'value'], ctx) }),
            ...(a.at_least !== undefined && { atLeast: a.at_least }),
            ...(variants.length > 0 && {
              variants: variants as NonNullable<Entitlement['amount']>['variants'],
            }),
          }
      }
      const bringCite = e.bring && compileCites(e.bring.cite, [...path, 'bring', 'cite'], ctx)[0]
      if (!rule || cites.length === 0 || !apply || !agency || !applyCite || !agencyCite) return
      if (e.amount && !amount) return
      region.entitlements.push({
        id: e.id,
        name: e.name,
        category: e.category,
        summary: e.summary,
        gets: e.gets,
        reading: e.reading ?? '',
        cites,
        rule,
        ...(amount && { amount }),
        ...(e.bring && bringCite && { bring: { text: e.bring.text, cite: bringCite } }),
        apply: {
          where: apply.where,
          ...(apply.how !== undefined && { how: apply.how }),
          cite: applyCite,
        },
        agency: { text: agency.text, cite: agencyCite },
        decisions: e.decisions ?? [],
      })
    })
    v.services?.forEach((s, i) => {
      const path = ['services', i]
      unique(at, [...path, 'id'], s.id)
      const cites = compileCites(s.cite, [...path, 'cite'], ctx)
      const applyCite = s.apply && compileCites(s.apply.cite, [...path, 'apply', 'cite'], ctx)[0]
      const agencyCite =
        s.agency && compileCites(s.agency.cite, [...path, 'agency', 'cite'], ctx)[0]
      const service: Service = {
        id: s.id,
        name: s.name,
        category: s.category,
        summary: s.summary,
        cites,
        ...(s.apply &&
          applyCite && {
            apply: {
              where: s.apply.where,
              ...(s.apply.how !== undefined && { how: s.apply.how }),
              cite: applyCite,
            },
          }),
        ...(s.agency && agencyCite && { agency: { text: s.agency.text, cite: agencyCite } }),
      }
      region.services.push(service)
    })
  }
  for (const at of list) {
    at.parsed.value.not_encoded?.forEach((n, i) => {
      if (ids.has(n.id))
        problems.add(
          at.file,
          at.parsed.lineOf(['not_encoded', i, 'id']),
          `${n.id} is listed as not encoded but is encoded`,
        )
    })
  }
  for (const [id, def] of defs) {
    const node = contextFor(def.at).definition(id)
    if (node && node !== 'cycle') region.definitions[id] = node
  }
  if (region.entitlements.length === 0) {
    const at = list[0]!
    problems.add(at.file, 1, `region ${slug} has no entitlements`)
    return undefined
  }
  return region
}
