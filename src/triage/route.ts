/**
 * @module triage/route
 * Who to contact, in order: the route of content/triage/routes.yaml for the level and main
 * concern, each role looked up along the region chain (town → county → city → province →
 * national), so a verified local entry shadows the general advice above it.
 */
import type { Citation, DirectoryEntry, RouteSlot, TriageContent, Urgency } from './types.js'
import { NATIONAL, resolveRegion } from '../regions.js'

/** A contact as the API and the chat show it (a superset of the engine's Contact). */
export interface RoutedContact {
  id: string
  /** The agency. */
  name: string
  /** What to do. */
  description: string
  phone?: string
  role: string
  /** `national` or the division code the entry is for. */
  region: string
  hours?: string
  verified?: string
  source: Citation
  outsideSeeds?: string
  note?: string
}

export interface Routing {
  first: RoutedContact[]
  then: RoutedContact[]
}

export interface RouteQuery {
  urgency: Urgency
  /** The main concern (the classification's first); undefined when there is none. */
  concern?: string
  /** The region chain, most specific first (see `regionChain`). */
  chain: string[]
}

/** The contacts for a classified message in a region, first actions first. */
export function routeContacts(content: TriageContent, q: RouteQuery): Routing {
  const route =
    content.routes.find(
      (r) => r.urgency === q.urgency && q.concern !== undefined && r.concerns?.includes(q.concern),
    ) ?? content.routes.find((r) => r.urgency === q.urgency && r.concerns === undefined)
  if (!route) return { first: [], then: [] }
  const seen = new Set<string>()
  const resolve = (slots: RouteSlot[]): RoutedContact[] => {
    const out: RoutedContact[] = []
    for (const slot of slots) {
      const entry = findSlot(content, slot, q)
      if (entry && !seen.has(entry.id)) {
        seen.add(entry.id)
        out.push(toContact(entry))
      }
    }
    return out
  }
  return { first: resolve(route.first), then: resolve(route.then) }
}

/**
 * The contacts for a report: its urgency and main concern, in its region (a slug, a name or a
 * code; null or unknown: the national advice). What the reporter is told, and whom a case is
 * referred to.
 */
export function reportRouting(
  content: TriageContent,
  report: { urgency: Urgency; concerns: readonly string[]; region: string | null },
): Routing {
  const region = report.region === null ? undefined : resolveRegion(content, report.region)
  return routeContacts(content, {
    urgency: report.urgency,
    ...(report.concerns[0] !== undefined && { concern: report.concerns[0] }),
    chain: region?.chain ?? [NATIONAL],
  })
}

/** The entry for a role nearest the region, or undefined when no level of the chain has one. */
export function findEntry(
  content: TriageContent,
  role: string,
  chain: string[],
  concern?: string,
): DirectoryEntry | undefined {
  for (const code of chain) {
    const entry = content.directory.find(
      (e) =>
        e.role === role &&
        e.region === code &&
        (e.concerns === undefined || (concern !== undefined && e.concerns.includes(concern))),
    )
    if (entry) return entry
  }
  return undefined
}

function findSlot(
  content: TriageContent,
  slot: RouteSlot,
  q: RouteQuery,
): DirectoryEntry | undefined {
  for (const role of typeof slot === 'string' ? [slot] : slot) {
    const entry = findEntry(content, role, q.chain, q.concern)
    if (entry) return entry
  }
  return undefined
}

/** The national police line (110): the contact no danger answer may lose. */
export function policeEntry(content: TriageContent): DirectoryEntry | undefined {
  return findEntry(content, 'police', [NATIONAL])
}

/** The national ambulance line (120). */
export function ambulanceEntry(content: TriageContent): DirectoryEntry | undefined {
  return findEntry(content, 'ambulance', [NATIONAL])
}

/** A directory entry as a contact. */
export function toContact(e: DirectoryEntry): RoutedContact {
  return {
    id: e.id,
    name: e.agency,
    description: e.action,
    ...(e.phone !== undefined && { phone: e.phone }),
    role: e.role,
    region: e.region,
    ...(e.hours !== undefined && { hours: e.hours }),
    ...(e.verified !== undefined && { verified: e.verified }),
    source: e.source,
    ...(e.outsideSeeds !== undefined && { outsideSeeds: e.outsideSeeds }),
    ...(e.note !== undefined && { note: e.note }),
  }
}
