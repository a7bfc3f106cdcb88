/**
 * @module triage/triage
 * The whole answer to a free-text concern, as POST /api/v1/triage returns it: the level, the
 * first thing to do with its contacts (110 first for an emergency, 120 too when someone is hurt),
 * the follow-up contacts for the region, and, for a recognised reporter, the duty the region's
 * seed documents give them, with the clauses.
 */
import { classify } from './classify.js'
import { dutyFor, type DutyAnswer } from './duty.js'
import { NATIONAL, type ResolvedRegion } from '../regions.js'
import { findEntry, policeEntry, routeContacts, toContact, type RoutedContact } from './route.js'
import type { Citation, Classification, TriageContent, TriageRegion, Urgency } from './types.js'

export interface TriageRequest {
  text: string
  /** A resolved region (see `resolveRegion`); none means the national baseline. */
  region?: ResolvedRegion<TriageRegion>
  /** A resolved role id (see `resolveRole`). */
  reporterRole?: string
}

export interface TriageAnswer {
  urgency: Urgency
  hurt: boolean
  concerns: string[]
  selfReport: boolean
  /** `none` because nothing matched a report-length message: ask about danger, do not reassure. */
  unsure: boolean
  firstAction: { text: string; contacts: RoutedContact[] }
  /** Every contact, the first action's first. */
  contacts: RoutedContact[]
  mandatedReporter: boolean
  /** Present when the reporter's role is known, from the request or the text. */
  reporter?: DutyAnswer & { from: 'request' | 'text' }
  region: { code: string; slug?: string; name?: string; covered: boolean; note?: string }
  citations: Citation[]
  /** The classifier rules that fired, for operators and tests. */
  rules: string[]
}

/** Classifies, routes and states the reporter's duty. Pure: the same request, the same answer. */
export function triage(content: TriageContent, req: TriageRequest): TriageAnswer {
  const c = classify(
    content,
    req.text,
    req.reporterRole === undefined ? {} : { reporterRole: req.reporterRole },
  )
  const chain = req.region?.chain ?? [NATIONAL]
  const covered = req.region?.covered
  const action = firstAction(content, c, chain)
  const contacts = [...action.contacts, ...action.then]

  const duty = c.role === undefined ? undefined : dutyFor(content, c.role, covered)
  if (duty?.mandated && c.urgency !== 'none') {
    const office = findEntry(content, 'report_office', chain)
    if (office && !contacts.some((x) => x.id === office.id)) contacts.push(toContact(office))
  }

  const citations: Citation[] = []
  const cite = (x: Citation): void => {
    if (x.quote !== '' && !citations.some((y) => y.doc === x.doc && y.quote === x.quote))
      citations.push(x)
  }
  contacts.forEach((x) => cite(x.source))
  duty?.citations.forEach(cite)

  return {
    urgency: c.urgency,
    hurt: c.hurt,
    concerns: c.concerns,
    selfReport: c.selfReport,
    unsure: c.unsure,
    firstAction: {
      text: action.textKeys.map((k) => content.texts[k] ?? '').join('\n'),
      contacts: action.contacts,
    },
    contacts,
    mandatedReporter: duty?.mandated ?? false,
    ...(duty && {
      reporter: { ...duty, from: req.reporterRole === undefined ? 'text' : 'request' },
    }),
    region: regionInfo(content, req.region),
    citations,
    rules: c.rules,
  }
}

/** The first thing to do about a classified message: text keys, then its contacts and the rest. */
export interface FirstAction {
  /** Keys of content/texts/triage.yaml, in order (the caller renders them in its language). */
  textKeys: string[]
  contacts: RoutedContact[]
  then: RoutedContact[]
}

/**
 * The first action for a classification in a region chain: the chat's danger reply and the
 * API's `firstAction` both come from here. The police line is never lost to a content gap.
 */
export function firstAction(
  content: TriageContent,
  c: Classification,
  chain: string[],
): FirstAction {
  const routing = routeContacts(content, {
    urgency: c.urgency,
    ...(c.concerns[0] !== undefined && { concern: c.concerns[0] }),
    chain,
  })
  const contacts = [...routing.first]
  if (
    (c.urgency === 'emergency' || c.urgency === 'urgent') &&
    !contacts.some((x) => x.role === 'police')
  ) {
    const police = policeEntry(content)
    if (police) contacts.unshift(toContact(police))
  }
  const textKeys = c.unsure ? ['triage.first.unsure'] : firstTextKeys(content, c)
  return { textKeys, contacts, then: routing.then }
}

function firstTextKeys(content: TriageContent, c: Classification): string[] {
  const has = (key: string): string | undefined => (key in content.texts ? key : undefined)
  const suffix = c.selfReport ? '_self' : ''
  const concern = c.concerns[0]
  // Suicide and self-harm: a warm reply that takes it seriously, 120/110 first only when harm is
  // under way or minutes away, and someone to talk to (12355, a person here). Never a verdict.
  if (c.support)
    return [
      `triage.first.${concern}${suffix}${c.immediate ? '_now' : ''}`,
      `triage.support.offer${suffix}`,
    ]
  switch (c.urgency) {
    case 'emergency': {
      const first = `triage.first.emergency${suffix}${c.hurt ? '_hurt' : ''}`
      const safety =
        (concern &&
          (has(`triage.safety.${concern}${suffix}`) ?? has(`triage.safety.${concern}`))) ||
        'triage.safety.default'
      return [first, safety]
    }
    case 'urgent':
      return [`triage.first.urgent${suffix}`]
    case 'standard':
      return [`triage.first.standard${suffix}`]
    case 'none':
      return ['triage.first.none']
  }
}

function regionInfo(
  content: TriageContent,
  r: ResolvedRegion<TriageRegion> | undefined,
): TriageAnswer['region'] {
  if (!r)
    return { code: NATIONAL, covered: false, note: content.texts['triage.region.unknown'] ?? '' }
  if (r.covered) return { code: r.code, slug: r.covered.slug, name: r.covered.name, covered: true }
  return { code: r.code, covered: false, note: content.texts['triage.region.national'] ?? '' }
}
