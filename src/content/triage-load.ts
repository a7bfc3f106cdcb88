/**
 * @module content/triage-load
 * Compiles the triage content (content/triage/*.yaml, content/contacts/national.yaml,
 * content/regions.yaml, content/texts/triage.yaml) into one plain TriageContent, checking every
 * cross-reference and reporting problems with file and line. Build and check time only: it reads
 * opencc's tables from disk, so nothing under src/triage imports it.
 */
import type { z } from 'zod'
import { type ContentProblem, type Parsed, type Source, Problems, parse } from './compile.js'
import { opencc } from './opencc-tables.js'
import { checkDuties, checkQuotes, checkRoutes, checkTexts } from '../triage/checks.js'
import {
  dutiesSchema,
  directorySchema,
  englishSchema,
  lexiconSchema,
  nationalContactsSchema,
  rolesSchema,
  routesSchema,
  rulesSchema,
  textsFileSchema,
} from '../triage/schema.js'
import { regionsSchema } from '../regions.js'
import { rolePhraseClass, roleNounClass } from '../triage/roles.js'
import type { DirectoryEntry, Lexicon, TriageContent, TriageRule } from '../triage/types.js'

const TRIAGE_FILES = {
  lexicon: 'content/triage/lexicon.yaml',
  english: 'content/triage/english.yaml',
  rules: 'content/triage/rules.yaml',
  roles: 'content/triage/roles.yaml',
  duties: 'content/triage/duties.yaml',
  directory: 'content/triage/directory.yaml',
  routes: 'content/triage/routes.yaml',
  national: 'content/contacts/national.yaml',
  regions: 'content/regions.yaml',
  texts: 'content/texts/triage.yaml',
} as const

/** Classes the classifier itself reads; the rest are whatever the rules name. */
const MODIFIER_CLASSES = [
  'resolved',
  'benefit',
  'question',
  'greeting',
  'general',
  'service',
  'self',
  'self_id',
  'mask',
  'neg',
]

export interface TriageLoad {
  /** Set only when there are no problems. */
  content?: TriageContent
  problems: ContentProblem[]
}

/**
 * Compiles and checks the triage content. `t2s` is opencc's traditional → simplified map
 * (compileContent has it already); it is read from opencc-js when not given.
 */
export function loadTriage(sources: Source[], t2s?: Record<string, string>): TriageLoad {
  const problems = new Problems()
  const one = <T>(path: string, schema: z.ZodType<T>): Parsed<T> | undefined => {
    const source = sources.find((s) => s.path === path)
    if (!source) {
      problems.add(path, 1, 'file is missing')
      return undefined
    }
    return parse(source, schema, problems)
  }
  const lexicon = one(TRIAGE_FILES.lexicon, lexiconSchema)
  const english = one(TRIAGE_FILES.english, englishSchema)
  const rules = one(TRIAGE_FILES.rules, rulesSchema)
  const roles = one(TRIAGE_FILES.roles, rolesSchema)
  const duties = one(TRIAGE_FILES.duties, dutiesSchema)
  const directory = one(TRIAGE_FILES.directory, directorySchema)
  const routes = one(TRIAGE_FILES.routes, routesSchema)
  const national = one(TRIAGE_FILES.national, nationalContactsSchema)
  const regions = one(TRIAGE_FILES.regions, regionsSchema)
  const texts = one(TRIAGE_FILES.texts, textsFileSchema)
  if (!lexicon || !english || !rules || !roles || !duties || !directory || !routes || !national) {
    return { problems: problems.list }
  }
  if (!regions || !texts) return { problems: problems.list }

  const fullT2s = t2s ?? opencc().t2s
  const classes: Record<string, string[]> = { ...lexicon.value.classes }
  const seenRole = new Set<string>()
  const seenAlias = new Map<string, string>()
  roles.value.forEach((r, i) => {
    if (seenRole.has(r.id))
      problems.add(TRIAGE_FILES.roles, roles.lineOf([i, 'id']), `role ${r.id} is defined twice`)
    seenRole.add(r.id)
    for (const a of [r.id, ...r.aliases]) {
      const other = seenAlias.get(a)
      if (other !== undefined && other !== r.id)
        problems.add(
          TRIAGE_FILES.roles,
          roles.lineOf([i, 'aliases']),
          `alias "${a}" also names ${other}`,
        )
      seenAlias.set(a, r.id)
    }
    classes[roleNounClass(r.id)] = r.nouns
    classes[rolePhraseClass(r.id)] = r.phrases
  })

  // Phrases must already be in the matching form, or they could never match.
  const chars = new Set<string>()
  const separators = new Set(lexicon.value.separators)
  for (const [name, list] of Object.entries(classes)) {
    list.forEach((p, i) => {
      const line = name.includes(':') ? roles.lineOf([]) : lexicon.lineOf(['classes', name, i])
      const file = name.includes(':') ? TRIAGE_FILES.roles : TRIAGE_FILES.lexicon
      let folded = ''
      for (const ch of p.normalize('NFKC').toLowerCase()) folded += fullT2s[ch] ?? ch
      if (folded !== p)
        problems.add(file, line, `"${p}" is not simplified lower case: write "${folded}"`)
      if ([...p].some((ch) => separators.has(ch)))
        problems.add(file, line, `"${p}" holds a clause separator and can never match`)
      for (const ch of p) chars.add(ch)
    })
  }
  // An English phrase is lower-case words; what it stands for is in matching form, like a phrase.
  for (const [en, zh] of Object.entries(english.value)) {
    const line = english.lineOf([en])
    if (!/^[a-z]+(?:'[a-z]+)*(?: [a-z]+(?:'[a-z]+)*){0,5}$/.test(en))
      problems.add(TRIAGE_FILES.english, line, `"${en}" is not lower-case English words`)
    let folded = ''
    for (const ch of zh.normalize('NFKC').toLowerCase()) folded += fullT2s[ch] ?? ch
    if (folded !== zh)
      problems.add(TRIAGE_FILES.english, line, `"${zh}" is not simplified: write "${folded}"`)
    if (/[a-z]/.test(zh))
      problems.add(TRIAGE_FILES.english, line, `"${zh}" must not hold English letters`)
  }
  const known = new Set(Object.keys(classes))
  const needClass = (name: string, file: string, line: number): void => {
    if (!known.has(name)) problems.add(file, line, `no lexicon class "${name}"`)
  }
  lexicon.value.precedence.forEach((m, i) =>
    needClass(m, TRIAGE_FILES.lexicon, lexicon.lineOf(['precedence', i])),
  )
  lexicon.value.negatable.forEach((m, i) =>
    needClass(m, TRIAGE_FILES.lexicon, lexicon.lineOf(['negatable', i])),
  )
  for (const m of MODIFIER_CLASSES) needClass(m, TRIAGE_FILES.lexicon, lexicon.lineOf(['classes']))
  const ruleIds = new Set<string>()
  rules.value.rules.forEach((r, i) => {
    if (ruleIds.has(r.id))
      problems.add(
        TRIAGE_FILES.rules,
        rules.lineOf(['rules', i, 'id']),
        `rule ${r.id} is defined twice`,
      )
    ruleIds.add(r.id)
    for (const [k, list] of [['all', r.all] as const, ['unless', r.unless ?? []] as const])
      list.forEach((c, j) => needClass(c, TRIAGE_FILES.rules, rules.lineOf(['rules', i, k, j])))
  })

  rules.value.supportConcerns.forEach((concern, i) => {
    if (!rules.value.rules.some((r) => r.concern === concern))
      problems.add(
        TRIAGE_FILES.rules,
        rules.lineOf(['supportConcerns', i]),
        `no rule has the concern "${concern}"`,
      )
  })

  const fold: Record<string, string> = {}
  for (const [t, s] of Object.entries(fullT2s)) if (chars.has(s)) fold[t] = s

  const directoryEntries: DirectoryEntry[] = national.value.map((c) => ({
    id: c.id,
    agency: c.name,
    role: c.id,
    region: 'national',
    action: c.description,
    phone: c.phone,
    source: c.source,
    ...(c.source.quote === '' && { outsideSeeds: c.source.section }),
  }))
  const entryIds = new Set(directoryEntries.map((e) => e.id))
  directory.value.entries.forEach((e, i) => {
    const at = (...p: (string | number)[]): number => directory.lineOf(['entries', i, ...p])
    if (entryIds.has(e.id))
      problems.add(TRIAGE_FILES.directory, at('id'), `entry ${e.id} is defined twice`)
    entryIds.add(e.id)
    if (e.phone !== undefined && e.verified === undefined)
      problems.add(
        TRIAGE_FILES.directory,
        at('phone'),
        `entry ${e.id}: a phone needs the date it was verified`,
      )
    if (e.phone !== undefined && e.hours === undefined)
      problems.add(TRIAGE_FILES.directory, at('phone'), `entry ${e.id}: a phone needs its hours`)
    directoryEntries.push(e)
  })

  const lex: Lexicon = { ...lexicon.value, classes, fold, english: english.value }
  const triageRegions = duties.value.regions.map((r) => {
    const base = regions.value.find((x) => x.slug === r.slug)
    return {
      slug: r.slug,
      code: base?.code ?? '',
      name: base?.name ?? r.slug,
      names: base?.names ?? [],
      documents: r.documents,
    }
  })
  duties.value.regions.forEach((r, i) => {
    if (!regions.value.some((x) => x.slug === r.slug))
      problems.add(
        TRIAGE_FILES.duties,
        duties.lineOf(['regions', i, 'slug']),
        `no region "${r.slug}" in content/regions.yaml`,
      )
  })
  const content: TriageContent = {
    lexicon: lex,
    rules: rules.value.rules as TriageRule[],
    raiseConcerns: rules.value.raiseConcerns,
    supportConcerns: rules.value.supportConcerns,
    roles: roles.value,
    regions: triageRegions,
    duties: [],
    directory: directoryEntries,
    routes: routes.value,
    texts: texts.value,
  }
  content.duties = checkDuties(content, duties, problems)
  checkRoutes(content, routes, problems)
  checkTexts(content, texts, problems)
  checkQuotes(sources, { duties, directory }, problems)
  if (problems.list.length > 0) return { problems: problems.list }
  return { content, problems: [] }
}
