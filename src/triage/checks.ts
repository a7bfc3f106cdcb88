/**
 * @module triage/checks
 * Cross-checks of the triage content for the loader (src/content/triage-load.ts): a duty for
 * every region and role, routes that reach a directory entry, the texts the router needs, and
 * quotes that are really in the seed text. Build and check time only.
 */
import type { Parsed, Problems, Source } from '../content/compile.js'
import type { z } from 'zod'
import type { directorySchema, dutiesSchema, routesSchema, textsFileSchema } from './schema.js'
import { URGENCIES, type Citation, type Duty, type TriageContent } from './types.js'

const DUTIES = 'content/triage/duties.yaml'
const ROUTES = 'content/triage/routes.yaml'
const TEXTS = 'content/texts/triage.yaml'
const DIRECTORY = 'content/triage/directory.yaml'

/** Text keys the router always needs. */
export const REQUIRED_TEXTS = [
  'triage.first.emergency',
  'triage.first.emergency_hurt',
  'triage.first.emergency_self',
  'triage.first.emergency_self_hurt',
  'triage.first.urgent',
  'triage.first.urgent_self',
  'triage.first.standard',
  'triage.first.standard_self',
  'triage.first.none',
  'triage.first.unsure',
  'triage.safety.default',
  'triage.region.national',
  'triage.region.unknown',
  'triage.region.national_name',
]

/** What a support concern's first reply ends with: someone to talk to. */
const SUPPORT_OFFER_TEXTS = ['triage.support.offer', 'triage.support.offer_self']

/** Expands duties.yaml to one duty per region and role, and checks that none is missing. */
export function checkDuties(
  content: TriageContent,
  duties: Parsed<z.infer<typeof dutiesSchema>>,
  problems: Problems,
): Duty[] {
  const out: Duty[] = []
  const regions = new Map(content.regions.map((r) => [r.slug, r]))
  const roles = new Set(content.roles.map((r) => r.id))
  duties.value.duties.forEach((d, i) => {
    const at = (...p: (string | number)[]): number => duties.lineOf(['duties', i, ...p])
    const region = regions.get(d.region)
    if (!region && d.region !== 'national')
      problems.add(
        DUTIES,
        at('region'),
        `no region "${d.region}" (use a slug from regions, or national)`,
      )
    if ((d.region === 'national') !== (d.status === 'no_local_document'))
      problems.add(DUTIES, at('status'), 'no_local_document is for national, and national only')
    if ((d.status === 'mandated' || d.status === 'oversees') && d.citations.length === 0)
      problems.add(DUTIES, at('citations'), `a ${d.status} duty needs the clause that says so`)
    if (content.texts[d.text] === undefined)
      problems.add(DUTIES, at('text'), `text "${d.text}" is not in ${TEXTS}`)
    d.citations.forEach((c, j) => {
      if (region && !region.documents.includes(c.doc))
        problems.add(
          DUTIES,
          at('citations', j, 'doc'),
          `${c.doc} is not a document of ${region.slug}`,
        )
    })
    d.roles.forEach((role, j) => {
      if (!roles.has(role)) problems.add(DUTIES, at('roles', j), `no role "${role}" in roles.yaml`)
      if (out.some((x) => x.region === d.region && x.role === role))
        problems.add(DUTIES, at('roles', j), `${d.region} has two duties for ${role}`)
      out.push({
        region: d.region,
        role,
        status: d.status,
        textKey: d.text,
        text: content.texts[d.text] ?? '',
        citations: d.citations,
      })
    })
  })
  for (const region of [...regions.keys(), 'national'])
    for (const role of roles)
      if (!out.some((x) => x.region === region && x.role === role))
        problems.add(DUTIES, duties.lineOf(['duties']), `no duty for ${role} in ${region}`)
  return out
}

/** Every role a route names has a directory entry; every level has a route for any concern. */
export function checkRoutes(
  content: TriageContent,
  routes: Parsed<z.infer<typeof routesSchema>>,
  problems: Problems,
): void {
  const roles = new Set(content.directory.map((e) => e.role))
  routes.value.forEach((r, i) => {
    for (const key of ['first', 'then'] as const)
      r[key].forEach((slot, j) => {
        for (const role of typeof slot === 'string' ? [slot] : slot)
          if (!roles.has(role))
            problems.add(
              ROUTES,
              routes.lineOf([i, key, j]),
              `no directory entry has role "${role}"`,
            )
      })
  })
  for (const u of URGENCIES)
    if (!routes.value.some((r) => r.urgency === u && r.concerns === undefined))
      problems.add(ROUTES, 1, `no route for ${u} without concerns (the fallback)`)
}

/** The texts the router needs are there. */
export function checkTexts(
  content: TriageContent,
  texts: Parsed<z.infer<typeof textsFileSchema>>,
  problems: Problems,
): void {
  const support = content.supportConcerns.flatMap((concern) =>
    ['', '_now', '_self', '_self_now'].map((variant) => `triage.first.${concern}${variant}`),
  )
  const offers = content.supportConcerns.length > 0 ? SUPPORT_OFFER_TEXTS : []
  for (const key of [...REQUIRED_TEXTS, ...support, ...offers])
    if (content.texts[key] === undefined)
      problems.add(TEXTS, texts.lineOf([]), `text "${key}" is missing`)
}

/** The document number a seed text names first (渝府发〔2016〕59号), if any. */
export function documentNumber(text: string): string | undefined {
  return /[\u4e00-\u9fa5]+〔\d{4}〕\d+号/.exec(text)?.[0]
}

/** Whether a quote is in a document, ignoring whitespace (scans break lines mid-sentence). */
export function quoteIn(document: string, quote: string): boolean {
  const squash = (s: string): string => s.replace(/\s+/g, '')
  return squash(document).includes(squash(quote))
}

/**
 * Quotes are checked against the seed texts that the sources hold (content/sources/*.txt);
 * a citation of a document that is not there is left to test/triage/citations.test.ts.
 */
export function checkQuotes(
  sources: Source[],
  files: {
    duties: Parsed<z.infer<typeof dutiesSchema>>
    directory: Parsed<z.infer<typeof directorySchema>>
  },
  problems: Problems,
): void {
  const docs = new Map<string, string>()
  for (const s of sources) {
    if (!s.path.startsWith('content/sources/') || !s.path.endsWith('.txt')) continue
    const number = documentNumber(s.text)
    if (number) docs.set(number, s.text)
  }
  if (docs.size === 0) return
  const check = (c: Citation, file: string, line: number): void => {
    const text = docs.get(c.doc)
    if (text !== undefined && c.quote !== '' && !quoteIn(text, c.quote))
      problems.add(file, line, `"${c.quote}" is not in ${c.doc}`)
  }
  files.duties.value.duties.forEach((d, i) =>
    d.citations.forEach((c, j) =>
      check(c, DUTIES, files.duties.lineOf(['duties', i, 'citations', j])),
    ),
  )
  files.directory.value.entries.forEach((e, i) =>
    check(e.source, DIRECTORY, files.directory.lineOf(['entries', i, 'source'])),
  )
}
