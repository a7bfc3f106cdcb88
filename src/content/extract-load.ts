/**
 * @module content/extract-load
 * Compiles content/extract.yaml (the words that read a family's story, src/text/extract.ts) into
 * one lexicon, and checks it with file and line: every fact and value is in the screening
 * vocabulary (src/policy/facts.ts), every intent is a main-menu choice, every word is in matching
 * form (simplified, lower case, no clause separator), a word means one thing per kind, and every
 * situation that can be said back has its words in content/texts/ (`heard.*`). Build time only.
 */
import { z } from 'zod'
import { type ContentProblem, type Source, Problems, parse } from './compile.js'
import { FACTS, PARENT_STATUSES, isFactId, type FactSpec } from '../policy/facts.js'
import { normalize } from '../text/normalize.js'
import type { ExtractLexicon, HeardValue, Sense } from '../text/extract.js'
import { heardKey } from '../engine/nodes/heard.js'
import type { Region } from '../engine/types.js'

export const EXTRACT_FILE = 'content/extract.yaml'

const words = z.array(z.string().min(1)).min(1)
const value = z.union([z.string(), z.number(), z.boolean()])
const extractSchema = z.strictObject({
  intents: z.record(z.string(), words),
  negation: z.strictObject({ words, window: z.int().min(0).max(4) }),
  people: z.strictObject({ father: words, mother: words, both: words, child: words }),
  parents: z.record(z.string(), words),
  years: z.strictObject({ statuses: z.array(z.string()), served: words }),
  hukou: words,
  grandparents: z.array(
    z.strictObject({
      when: words,
      father: words.optional(),
      mother: words.optional(),
    }),
  ),
  carers: z.array(
    z.strictObject({
      setting: z.string(),
      verb: z.boolean().optional(),
      say: z.string().min(1).optional(),
      words,
    }),
  ),
  care_verbs: words,
  facts: z.array(
    z.strictObject({
      fact: z.string(),
      value: value.optional(),
      negated: value.optional(),
      also: z.record(z.string(), value).optional(),
      words,
    }),
  ),
})

/** Why a value does not fit the fact, or undefined when it does. */
function misfit(fact: string, v: HeardValue): string | undefined {
  if (!isFactId(fact)) return `"${fact}" is not a screening fact (src/policy/facts.ts)`
  const spec: FactSpec = FACTS[fact]
  switch (spec.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `${fact} takes true or false`
    case 'enum':
      return typeof v === 'string' && spec.values.includes(v)
        ? undefined
        : `${fact} takes one of ${spec.values.join(', ')}`
    case 'number':
      return typeof v === 'number' && v >= spec.min && v <= spec.max
        ? undefined
        : `${fact} takes a number from ${spec.min} to ${spec.max}`
    case 'date':
      return `${fact} is a date: the words cannot set it`
  }
}

export interface ExtractLoad {
  lexicon?: ExtractLexicon
  problems: ContentProblem[]
}

/**
 * The lexicon, with `regions`' names as region words. `menu` lists the main menu's choice ids;
 * `texts` the zh-Hans texts (the say-back words must be there).
 */
export function loadExtract(
  sources: Source[],
  t2s: Record<string, string>,
  regions: Region[],
  menu: string[],
  texts: Record<string, string>,
): ExtractLoad {
  const problems = new Problems()
  const source = sources.find((s) => s.path === EXTRACT_FILE)
  if (!source) return { problems: [{ file: EXTRACT_FILE, line: 1, message: 'file is missing' }] }
  const parsed = parse(source, extractSchema, problems)
  if (!parsed) return { problems: problems.list }
  const x = parsed.value
  const at = (...path: (string | number)[]): number => parsed.lineOf(path)
  const add = (line: number, message: string): void => problems.add(EXTRACT_FILE, line, message)
  const lexicon: Record<string, Sense[]> = {}
  // A word means one thing of each kind (it may be a parent's situation and a child's fact).
  const put = (list: readonly string[], sense: Sense, line: number): void => {
    for (const w of list) {
      const form = normalize(w, t2s).replace(/\s+/g, '')
      if (form !== w) add(line, `"${w}" is not in matching form: write "${form}"`)
      else if (/[，。；！？!?;,.、：:]/u.test(w)) add(line, `"${w}" holds punctuation and can never match`)
      const senses = (lexicon[form] ??= [])
      const same = senses.find((s) => s.k === sense.k)
      if (same && JSON.stringify(same) !== JSON.stringify(sense))
        add(line, `"${w}" already has another meaning of this kind`)
      else if (!same) senses.push(sense)
    }
  }
  const needText = (key: string, line: number): void => {
    if (texts[key] === undefined) add(line, `no say-back text "${key}" in content/texts/`)
  }
  Object.entries(x.intents).forEach(([id, list], rank) => {
    if (!menu.includes(id)) add(at('intents', id), `"${id}" is not a main-menu choice`)
    put(list, { k: 'intent', id, rank }, at('intents', id))
  })
  for (const who of ['father', 'mother', 'both', 'child'] as const)
    put(x.people[who], { k: 'person', who }, at('people', who))
  const statuses: readonly string[] = PARENT_STATUSES
  for (const [status, list] of Object.entries(x.parents)) {
    if (!statuses.includes(status))
      add(at('parents', status), `"${status}" is not a parent status (${statuses.join(', ')})`)
    needText(heardKey.parent(status), at('parents', status))
    put(list, { k: 'parent', status }, at('parents', status))
  }
  x.years.statuses.forEach((status, i) => {
    if (!statuses.includes(status)) add(at('years', 'statuses', i), `"${status}" is not a parent status`)
    needText(heardKey.years(status), at('years', 'statuses', i))
  })
  needText(heardKey.years('served'), at('years', 'served'))
  needText(heardKey.fact('child_hukou_local', true), at('hukou'))
  const settings: readonly string[] = FACTS.child_care_setting.values
  x.carers.forEach((c, i) => {
    if (!settings.includes(c.setting))
      add(at('carers', i, 'setting'), `"${c.setting}" is not a care setting (${settings.join(', ')})`)
    needText(heardKey.fact('child_care_setting', c.setting), at('carers', i, 'setting'))
    put(
      c.words,
      { k: 'carer', setting: c.setting, verb: c.verb === true, ...(c.say && { say: c.say }) },
      at('carers', i, 'words'),
    )
  })
  put(x.care_verbs, { k: 'verb' }, at('care_verbs'))
  x.facts.forEach((f, i) => {
    const check = (v: HeardValue | undefined, ...path: string[]): void => {
      if (v === undefined || !isFactId(f.fact)) return
      const why = misfit(f.fact, v)
      if (why) add(at('facts', i, ...path), why)
      else needText(heardKey.fact(f.fact, v), at('facts', i, ...path))
    }
    if (!isFactId(f.fact)) add(at('facts', i, 'fact'), misfit(f.fact, true)!)
    check(f.value, 'value')
    check(f.negated, 'negated')
    for (const [fact, v] of Object.entries(f.also ?? {})) {
      const why = misfit(fact, v)
      if (why) add(at('facts', i, 'also', fact), why)
    }
    put(
      f.words,
      {
        k: 'fact',
        fact: f.fact,
        ...(f.value !== undefined && { value: f.value }),
        ...(f.negated !== undefined && { negated: f.negated }),
        ...(f.also && { also: f.also }),
      },
      at('facts', i, 'words'),
    )
  })
  if (x.facts.some((f) => f.value === undefined && f.negated === undefined))
    add(at('facts'), 'a word with neither value nor negated says nothing')
  needText(heardKey.fact('child_age', 0), at('facts'))
  for (const grade of [1, 2, 3, 4])
    needText(heardKey.fact('child_disability_grade', grade), at('facts'))
  for (const r of regions)
    for (const name of [r.name, ...r.names]) {
      const form = normalize(name, t2s).replace(/\s+/g, '')
      const senses = (lexicon[form] ??= [])
      if (!senses.some((s) => s.k === 'region')) senses.push({ k: 'region', slug: r.slug })
    }
  const form = (list: readonly string[] | undefined): string[] =>
    (list ?? []).map((w) => normalize(w, t2s))
  return {
    lexicon: {
      words: lexicon,
      longest: Math.max(...Object.keys(lexicon).map((w) => w.length)),
      negation: form(x.negation.words),
      window: x.negation.window,
      yearStatuses: x.years.statuses,
      served: form(x.years.served),
      hukou: form(x.hukou),
      grandparents: x.grandparents.map((g) => ({
        when: form(g.when),
        father: form(g.father),
        mother: form(g.mother),
      })),
    },
    problems: problems.list,
  }
}
