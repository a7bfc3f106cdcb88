/**
 * @module content/compile
 * Reads flows/ and content/, validates every file with zod and every cross-reference (next
 * nodes, called flows, texts, contacts), and reports problems with file and line. The result is
 * the one bundle the runtime uses. Build-time only: it reads files and runs opencc.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { LineCounter, parseDocument, isNode } from 'yaml'
import type { z } from 'zod'
import type { ConsoleContent, ConsoleLang, Weekday } from '../console/content.js'
import * as OpenCC from 'opencc-js'
import type { CompiledContent, Contact, Flow, Lang } from '../engine/types.js'
import { registry, type FlowNode } from '../engine/registry.js'
import type { Ref } from '../engine/kind.js'
import { RESULT_TEXTS } from '../engine/result.js'
import type { TriageContent } from '../triage/types.js'
import {
  answersSchema,
  commandsSchema,
  consoleSchema,
  contactsSchema,
  flowSchema,
  regionsSchema,
  settingsSchema,
  textsSchema,
} from './schema.js'
import { opencc } from './opencc-tables.js'
import { loadPolicy } from './policy-load.js'
import { hantBundle } from './policy-hant.js'
import { loadTriage } from './triage-load.js'
import { loadExtract } from './extract-load.js'
import { MENU_FILE, wechatMenuProblems, wechatMenuSchema } from '../channels/wechat/menu.js'

export interface ContentProblem {
  file: string
  line: number
  message: string
}

export interface Source {
  /** Path relative to the project root, e.g. flows/main.yaml. */
  path: string
  text: string
}

export type Path = (string | number)[]
export interface Parsed<T> {
  value: T
  lineOf(path: Path): number
}

/** Every .yaml (and, for content/sources/, .txt) file under flows/ and content/. */
export function readSources(root: string): Source[] {
  const sources: Source[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/\.(yaml|txt)$/.test(entry.name))
        sources.push({ path: relative(root, full), text: readFileSync(full, 'utf8') })
    }
  }
  for (const dir of ['flows', 'content']) walk(join(root, dir))
  return sources.sort((a, b) => a.path.localeCompare(b.path))
}

/** Collects content problems with file and line. */
export class Problems {
  readonly list: ContentProblem[] = []
  add(file: string, line: number, message: string): void {
    this.list.push({ file, line, message })
  }
}

/** Parses one YAML source and validates it; problems are reported with the line they are on. */
export function parse<T>(
  source: Source,
  schema: z.ZodType<T>,
  problems: Problems,
): Parsed<T> | undefined {
  const lines = new LineCounter()
  const doc = parseDocument(source.text, { lineCounter: lines, uniqueKeys: true })
  for (const e of doc.errors) problems.add(source.path, e.linePos?.[0].line ?? 1, e.message)
  if (doc.errors.length > 0) return undefined
  const lineOf = (path: Path): number => {
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? doc.contents : doc.getIn(p, true)
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line
      if (p.length === 0) return 1
    }
  }
  const result = schema.safeParse(doc.toJS())
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
      problems.add(source.path, lineOf(path), `${path.join('.') || '(file)'}: ${issue.message}`)
    }
    return undefined
  }
  return { value: result.data, lineOf }
}

function one<T>(
  sources: Source[],
  path: string,
  schema: z.ZodType<T>,
  problems: Problems,
): Parsed<T> | undefined {
  const source = sources.find((s) => s.path === path)
  if (!source) {
    problems.add(path, 1, 'file is missing')
    return undefined
  }
  return parse(source, schema, problems)
}

/** content/texts/*.yaml hold the zh-Hans texts; content/texts/en/*.yaml the same keys in English. */
const EN_TEXTS = 'content/texts/en/'

/** Merged texts, and which file holds each key. */
type TextFiles = Parsed<Record<string, string>> & { fileOf(key: string): string | undefined }

/**
 * The texts of one language: every file directly in content/texts/ (zh-Hans.yaml for the core, one
 * file per area beside it), or in content/texts/en/; a key may be defined once.
 */
function mergeTexts(
  sources: Source[],
  problems: Problems,
  english: boolean,
): TextFiles | undefined {
  const files = sources.filter((s) =>
    english
      ? s.path.startsWith(EN_TEXTS)
      : s.path.startsWith('content/texts/') && !s.path.slice('content/texts/'.length).includes('/'),
  )
  const merged: Record<string, string> = {}
  const lines: Record<string, () => number> = {}
  const fileOfKey: Record<string, string> = {}
  let ok = true
  for (const source of files) {
    const parsed = parse(source, textsSchema, problems)
    if (!parsed) {
      ok = false
      continue
    }
    for (const [key, text] of Object.entries(parsed.value)) {
      if (merged[key] !== undefined)
        problems.add(
          source.path,
          parsed.lineOf([key]),
          `text "${key}" is also defined in another file`,
        )
      merged[key] = text
      lines[key] = () => parsed.lineOf([key])
      fileOfKey[key] = source.path
    }
  }
  if (!ok || files.length === 0) return undefined
  return {
    value: merged,
    lineOf: (path) => lines[String(path[0])]?.() ?? 1,
    fileOf: (key) => fileOfKey[key],
  }
}

/**
 * The English texts have exactly the zh-Hans keys (parity from the source of truth), and each keeps
 * the placeholders of its zh-Hans text.
 */
function checkEnglish(zh: TextFiles, en: TextFiles, problems: Problems): void {
  const placeholders = (t: string): string =>
    [...t.matchAll(/\{[\w.]+\}/g)]
      .map((m) => m[0])
      .sort()
      .join(' ')
  for (const [key, text] of Object.entries(zh.value)) {
    const english = en.value[key]
    const file = EN_TEXTS + (zh.fileOf(key) ?? '').slice('content/texts/'.length)
    if (english === undefined) problems.add(file, 1, `text "${key}" has no English version`)
    else if (placeholders(english) !== placeholders(text))
      problems.add(
        en.fileOf(key) ?? file,
        en.lineOf([key]),
        `text "${key}" does not keep the placeholders ${placeholders(text) || '(none)'}`,
      )
  }
  for (const key of Object.keys(en.value))
    if (zh.value[key] === undefined)
      problems.add(
        en.fileOf(key) ?? EN_TEXTS,
        en.lineOf([key]),
        `text "${key}" is not in content/texts/`,
      )
}

/** Compiles the sources; `content` is set only when there are no problems. */
export function compileContent(sources: Source[]): {
  content?: CompiledContent
  problems: ContentProblem[]
} {
  const problems = new Problems()
  const texts = mergeTexts(sources, problems, false)
  const english = mergeTexts(sources, problems, true)
  if (texts && english) checkEnglish(texts, english, problems)
  const commands = one(sources, 'content/commands.yaml', commandsSchema, problems)
  const answers = one(sources, 'content/answers.yaml', answersSchema, problems)
  const regions = one(sources, 'content/regions.yaml', regionsSchema, problems)
  const settings = one(sources, 'content/settings.yaml', settingsSchema, problems)
  const consoleFile = one(sources, CONSOLE_FILE, consoleSchema, problems)
  const contacts: Record<string, Contact> = {}
  for (const source of sources.filter((s) => s.path.startsWith('content/contacts/'))) {
    const parsed = parse(source, contactsSchema, problems)
    parsed?.value.forEach((c, i) => {
      if (contacts[c.id])
        problems.add(source.path, parsed.lineOf([i, 'id']), `contact ${c.id} is defined twice`)
      contacts[c.id] = {
        id: c.id,
        name: c.name,
        description: c.description,
        ...(c.phone && { phone: c.phone }),
      }
    })
  }
  const flows: Record<string, Flow> = {}
  const flowLines: Record<string, { file: string; lineOf(path: Path): number }> = {}
  for (const source of sources.filter((s) => s.path.startsWith('flows/'))) {
    const parsed = parse(source, flowSchema, problems)
    if (!parsed) continue
    const flow = parsed.value
    if (flows[flow.id])
      problems.add(source.path, parsed.lineOf(['id']), `flow ${flow.id} is defined twice`)
    flows[flow.id] = flow
    flowLines[flow.id] = { file: source.path, lineOf: parsed.lineOf }
  }
  if (!texts || !english || !commands || !answers || !regions || !settings || !consoleFile)
    return { problems: problems.list }
  consoleFile.value.awayContacts.forEach((c, i) => {
    if (!contacts[c])
      problems.add(CONSOLE_FILE, consoleFile.lineOf(['awayContacts', i]), `no contact "${c}"`)
  })

  const zhHans = texts.value
  const textLine = (file: string, lineOf: (p: Path) => number, path: Path, ref: string): void => {
    if (zhHans[ref] === undefined)
      problems.add(file, lineOf(path), `text "${ref}" is not in content/texts/`)
  }
  for (const [flowId, flow] of Object.entries(flows)) {
    const { file, lineOf } = flowLines[flowId]!
    const written = new Set(Object.values(flow.nodes).flatMap((node) => kindOf(node).writes(node)))
    const missing: Record<Ref['to'], (id: string) => string | undefined> = {
      node: (n) => (flow.nodes[n] ? undefined : `no node "${n}" in flow ${flowId}`),
      flow: (f) => (flows[f] ? undefined : `no flow "${f}"`),
      text: (t) => (zhHans[t] === undefined ? `text "${t}" is not in content/texts/` : undefined),
      contact: (c) => (contacts[c] ? undefined : `no contact "${c}"`),
      var: (v) => (written.has(v) ? undefined : `no node of flow ${flowId} sets the var "${v}"`),
    }
    const check = (path: Path, r: Omit<Ref, 'at'>): void => {
      const message = r.id === undefined ? undefined : missing[r.to](r.id)
      if (message) problems.add(file, lineOf(path), message)
    }
    check(['start'], { to: 'node', id: flow.start })
    check(['footer'], { to: 'text', id: flow.footer })
    for (const [nodeId, node] of Object.entries(flow.nodes))
      for (const r of kindOf(node).refs(node)) check(['nodes', nodeId, ...r.at], r)
  }
  for (const [key, flowId] of Object.entries(settings.value.entry)) {
    if (!flows[flowId])
      problems.add('content/settings.yaml', settings.lineOf(['entry', key]), `no flow "${flowId}"`)
  }
  for (const ref of [
    'fallback',
    'handoff.still_queued',
    'handoff.cancelled',
    'channel.unsupported',
    'channel.call_hint',
    // The host's own words (src/chat/queue-notice.ts):
    'handoff.owner_away',
    'queue.ahead',
    'queue.next',
    'queue.wait',
    'queue.nobody',
    'queue.closed',
    'queue.closed_today',
    'command.menu',
    'command.human',
    'command.restarted',
    'command.exit',
    'resume.prompt',
    'resume.yes',
    'resume.no',
    'flow.restarted',
    'retry.stuck',
    'choice.yes',
    'choice.no',
    'choice.unknown',
    'region.other',
    ...RESULT_TEXTS,
    ...Object.values(registry).flatMap((kind) => kind.texts),
  ]) {
    textLine('content/texts/zh-Hans.yaml', texts.lineOf, [], ref)
  }
  const menu = one(sources, MENU_FILE, wechatMenuSchema, problems)
  if (menu)
    for (const p of wechatMenuProblems(menu.value, {
      texts: zhHans,
      flows,
      main: settings.value.entry.main,
    }))
      problems.add(MENU_FILE, menu.lineOf(p.path), p.message)
  const { t2s, simplifiedOnly } = opencc()
  const triage = loadTriage(sources, t2s)
  const policy = loadPolicy(sources)
  const mainFlow = flows[settings.value.entry.main]
  const mainMenu = mainFlow?.nodes[mainFlow.start]
  const extract = loadExtract(
    sources,
    t2s,
    regions.value,
    mainMenu && 'choices' in mainMenu ? mainMenu.choices.map((c) => c.id) : [],
    zhHans,
  )
  problems.list.push(...triage.problems, ...policy.problems, ...extract.problems)
  if (problems.list.length > 0 || !triage.content || !policy.bundle || !extract.lexicon)
    return { problems: problems.list }

  const toHant = OpenCC.Converter({ from: 'cn', to: 'tw' })
  const hant: Record<string, string> = {}
  for (const [k, v] of Object.entries(zhHans)) hant[k] = toHant(v)
  const { entry, limits, ...rest } = settings.value
  const content: CompiledContent = {
    flows,
    texts: { 'zh-Hans': zhHans, 'zh-Hant': hant, en: english.value } satisfies Record<
      Lang,
      Record<string, string>
    >,
    commands: commands.value,
    yesNo: answers.value,
    entry,
    triage: triage.content,
    extract: extract.lexicon,
    policy: policy.bundle,
    policyHant: hantBundle(policy.bundle, toHant),
    contacts,
    contactsHant: hantContacts(contacts, triage.content, toHant),
    regions: regions.value,
    t2s,
    simplifiedOnly,
    settings: rest,
    limits,
    console: compileConsole(consoleFile.value, toHant),
  }
  return { content, problems: [] }
}

/**
 * The kind of a node, for what every kind declares alike (what it points to, what it sets). The
 * registry pairs each kind with its node type; a lookup by a node's kind cannot show TypeScript
 * that pairing, so the kind is read here as one for any node.
 */
function kindOf(node: FlowNode): {
  refs(node: FlowNode): Ref[]
  writes(node: FlowNode): string[]
} {
  return registry[node.kind]
}

const CONSOLE_FILE = 'content/console/console.yaml'

/** The console's settings with hours as minutes and every word in zh-Hans and zh-Hant. */
function compileConsole(
  c: z.infer<typeof consoleSchema>,
  toHant: (text: string) => string,
): ConsoleContent {
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))
  const hours: ConsoleContent['hours'] = {}
  for (const [day, text] of Object.entries(c.hours) as [Weekday, string | null][]) {
    if (text) hours[day] = { open: minutes(text.slice(0, 5)), close: minutes(text.slice(6)), text }
  }
  const both = (text: string): Record<ConsoleLang, string> => ({
    'zh-Hans': text,
    'zh-Hant': toHant(text),
  })
  const hant: Record<string, string> = {}
  for (const [k, v] of Object.entries(c.texts)) hant[k] = toHant(v)
  return {
    hours,
    holidays: c.holidays,
    awayContacts: c.awayContacts,
    canned: c.canned.map((r) => ({ id: r.id, label: both(r.label), text: both(r.text) })),
    texts: { 'zh-Hans': c.texts, 'zh-Hant': hant },
  }
}

/** Every contact's name and description in Traditional characters, by its simplified form. */
function hantContacts(
  contacts: Record<string, Contact>,
  triage: TriageContent,
  toHant: (s: string) => string,
): Record<string, string> {
  const words = [
    ...Object.values(contacts).flatMap((c) => [c.name, c.description]),
    ...triage.directory.flatMap((e) => [e.agency, e.action]),
  ]
  const out: Record<string, string> = {}
  for (const w of words) {
    const hant = toHant(w)
    if (hant !== w) out[w] = hant
  }
  return out
}
