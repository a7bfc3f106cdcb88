/**
 * @module console/case-view
 * One case as the console shows it: what was reported, where, the child's age, the urgency and
 * why, the reporter's duty in that region with its clauses, the contacts the directory routes the
 * case to (the referral's choices), notes and history. Never the reporter's identity or contact:
 * revealing them is a separate, recorded action.
 */
import type { CompiledContent } from '../engine/types.js'
import type { CaseEvent } from '../store/case-work.js'
import type { CaseRow } from '../store/cases.js'
import { dutyFor } from '../triage/duty.js'
import { resolveRegion } from '../regions.js'
import { reportRouting, type RoutedContact } from '../triage/route.js'
import type { Citation } from '../triage/types.js'

export interface CaseDuty {
  role: string
  text: string
  mandated: boolean
  citations: Citation[]
}

/** The contacts a case can be referred to: the report's routing in its region, first ones first. */
export function caseContacts(content: CompiledContent, row: CaseRow): RoutedContact[] {
  const routing = reportRouting(content.triage, row)
  return [...routing.first, ...routing.then]
}

/**
 * Whom a referral can go to: the routed agencies of the directory, not the national lines of
 * content/contacts/ (110, 120, 12355…: those are called, not sent a referral).
 */
export function referralTargets(content: CompiledContent, row: CaseRow): RoutedContact[] {
  return caseContacts(content, row).filter((c) => !(c.id in content.contacts))
}

/** The reporter's duty for their role in the case's region, with the clauses; null if unknown. */
export function caseDuty(content: CompiledContent, row: CaseRow): CaseDuty | null {
  if (row.reporterRole === null) return null
  const region = row.region === null ? undefined : resolveRegion(content.triage, row.region)
  const duty = dutyFor(content.triage, row.reporterRole, region?.covered)
  return duty
    ? {
        role: duty.roleName,
        text: duty.text,
        mandated: duty.mandated,
        citations: duty.citations,
      }
    : null
}

/** The region's name as the content gives it (the slug or code when it is not covered). */
export function regionName(content: CompiledContent, region: string | null): string | null {
  if (region === null) return null
  return resolveRegion(content.triage, region)?.covered?.name ?? region
}

export interface CaseView {
  caseNumber: string
  status: CaseRow['status']
  closeReason: string | null
  urgency: CaseRow['urgency']
  /** What made it this urgent: the concerns triage found and the reporter's answers. */
  why: {
    concerns: string[]
    inDanger: boolean | null
    happeningNow: boolean | null
    hurt: boolean | null
  }
  channel: string
  createdAt: string
  updatedAt: string
  what: string
  age: number | null
  region: { slug: string; name: string | null } | null
  place: string | null
  reporterRole: string | null
  anonymous: boolean
  /** The reporter left a contact or name (sealed; see reveal). */
  identityKept: boolean
  duty: CaseDuty | null
  contacts: {
    id: string
    name: string
    role: string
    description: string
    phone?: string
    hours?: string
    /** A referral can be made to it (see `referralTargets`). */
    referable: boolean
  }[]
  /** The console's ref of the conversation the report came from. */
  conversation: string | null
  assignedTo: string | null
  notes: { author: string; at: string; text: string }[]
  history: {
    at: string
    actor: string
    kind: CaseEvent['kind']
    from: string | null
    to: string | null
    reason: string | null
  }[]
  referrals: { to: string; name: string; at: string; by: string }[]
}

export function caseView(
  content: CompiledContent,
  row: CaseRow,
  more: {
    channel: string
    conversation: string | null
    events: CaseEvent[]
    /** The events' notes, opened, by index in `events` (only those with a note). */
    notes: Map<number, string>
  },
): CaseView {
  const contacts = caseContacts(content, row)
  const role = content.triage.roles.find((r) => r.id === row.reporterRole)
  const directory = new Map(content.triage.directory.map((e) => [e.id, e.agency]))
  return {
    caseNumber: row.caseNumber,
    status: row.status,
    closeReason: row.closeReason,
    urgency: row.urgency,
    why: {
      concerns: row.concerns,
      inDanger: row.inDanger,
      happeningNow: row.happeningNow,
      hurt: row.hurt,
    },
    channel: more.channel,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    what: row.what,
    age: row.age,
    region:
      row.region === null ? null : { slug: row.region, name: regionName(content, row.region) },
    place: row.place,
    reporterRole: role?.name ?? row.reporterRole,
    anonymous: row.anonymous,
    identityKept: row.reporterSealed !== null,
    duty: caseDuty(content, row),
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      role: c.role,
      description: c.description,
      ...(c.phone !== undefined && { phone: c.phone }),
      ...(c.hours !== undefined && { hours: c.hours }),
      referable: !(c.id in content.contacts),
    })),
    conversation: more.conversation,
    assignedTo: row.assignedTo,
    // Notes, and the notes given with a status change.
    notes: more.events.flatMap((e, i) => {
      const text = more.notes.get(i)
      return text === undefined ? [] : [{ author: e.actor, at: e.at, text }]
    }),
    history: more.events.map((e) => ({
      at: e.at,
      actor: e.actor,
      kind: e.kind,
      from: e.from,
      to: e.to,
      reason: e.reason,
    })),
    referrals: more.events.flatMap((e) =>
      e.kind === 'referral' && e.to !== null
        ? [{ to: e.to, name: directory.get(e.to) ?? e.to, at: e.at, by: e.actor }]
        : [],
    ),
  }
}
