/**
 * @module console/packet
 * The hand-off packet: what the bot already learned, so the operator does not ask again. Where the
 * user was (flow and question), what triage found and in which words, the region with the
 * reporter's duty and the routed contacts, the screening answers and the measures likely due with
 * their clauses, the report with its case number, the queue item and the internal notes. The
 * reporter's identity is never in it: revealing it is a separate, recorded action.
 */
import type { CompiledContent, Value } from '../engine/types.js'
import { isFactId } from '../policy/facts.js'
import { screen } from '../policy/screen.js'
import { shanghaiDate } from '../policy/dates.js'
import type { Citation as PolicyCitation } from '../policy/types.js'
import type { CaseRow } from '../store/cases.js'
import type { ConversationRecord } from '../store/conversations.js'
import type { QueueEntry } from '../store/handoffs.js'
import { resolveRegion } from '../regions.js'
import { triage } from '../triage/triage.js'
import type { Citation } from '../triage/types.js'
import type { TranscriptEntry } from './transcript.js'

export interface Packet {
  lang: string
  where: { flow: string; node: string; question: string | null } | null
  /** What the user wrote that the bot kept for a report (vars `story`). */
  story: string | null
  triage: {
    urgency: string
    concerns: string[]
    rules: string[]
    hurt: boolean
    /** The messages in which danger was found. */
    words: string[]
  } | null
  region: {
    code: string
    name: string | null
    contacts: { name: string; phone?: string; description: string }[]
    duty: { role: string; text: string; mandated: boolean; citations: Citation[] } | null
  } | null
  screening: {
    answers: Record<string, Value>
    likely: {
      name: string
      review?: string
      reasons: { text: string; citation: PolicyCitation }[]
    }[]
  } | null
  reports: {
    caseNumber: string
    urgency: string
    status: string
    what: string
    age: number | null
    region: string | null
    place: string | null
    reporterRole: string | null
    anonymous: boolean
    /** The reporter left a contact or name (sealed; see reveal). */
    identityKept: boolean
    createdAt: string
  }[]
  queue: { reason: string; urgency: string; waitingSince: string; claimedBy: string | null } | null
}

const str = (v: Value | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null)

export function buildPacket(
  content: CompiledContent,
  conversation: ConversationRecord,
  item: QueueEntry | undefined,
  cases: CaseRow[],
  entries: TranscriptEntry[],
  now: Date,
): Packet {
  const state = conversation.state
  const vars = state?.vars ?? {}
  const where =
    item?.fromFlow && item.fromNode ? { flow: item.fromFlow, node: item.fromNode } : state?.at
  const node = where ? content.flows[where.flow]?.nodes[where.node] : undefined
  const question =
    node && 'text' in node && node.text ? (content.texts['zh-Hans'][node.text] ?? null) : null
  const story = str(vars['story'])
  const latest = cases.at(-1)
  const regionValue = str(vars['region']) ?? latest?.region ?? null
  const resolved = regionValue === null ? undefined : resolveRegion(content.triage, regionValue)
  const words = entries.filter((e) => e.flag === 'danger').map((e) => e.text)
  const text = [story, ...words, latest?.what].filter((t): t is string => !!t).join('\n')
  const role = str(vars['reporter_role']) ?? latest?.reporterRole ?? undefined
  const read = triage(content.triage, {
    text,
    ...(resolved && { region: resolved }),
    ...(role !== undefined && { reporterRole: role }),
  })
  return {
    lang: state?.lang ?? 'zh-Hans',
    where: where ? { flow: where.flow, node: where.node, question } : null,
    story,
    triage:
      text === ''
        ? null
        : {
            urgency: read.urgency,
            concerns: read.concerns,
            rules: read.rules,
            hurt: read.hurt,
            words,
          },
    region: resolved
      ? {
          code: resolved.code,
          name: resolved.covered?.name ?? null,
          contacts: read.contacts.map((c) => ({
            name: c.name,
            description: c.description,
            ...(c.phone !== undefined && { phone: c.phone }),
          })),
          duty: read.reporter
            ? {
                role: read.reporter.roleName,
                text: read.reporter.text,
                mandated: read.reporter.mandated,
                citations: read.reporter.citations,
              }
            : null,
        }
      : null,
    screening: screening(content, vars, regionValue, now),
    reports: cases.map((c) => ({
      caseNumber: c.caseNumber,
      urgency: c.urgency,
      status: c.status,
      what: c.what,
      age: c.age,
      region: c.region,
      place: c.place,
      reporterRole: c.reporterRole,
      anonymous: c.anonymous,
      identityKept: c.reporterSealed !== null,
      createdAt: c.createdAt,
    })),
    queue: item
      ? {
          reason: item.reason,
          urgency: item.urgency,
          waitingSince: item.createdAt,
          claimedBy: item.claimedBy,
        }
      : null,
  }
}

/** The screening answers kept in vars `screen.<fact>`, and what they make likely, with clauses. */
function screening(
  content: CompiledContent,
  vars: Record<string, Value>,
  region: string | null,
  now: Date,
): Packet['screening'] {
  const answers: Record<string, Value> = {}
  for (const [key, value] of Object.entries(vars)) {
    const fact = key.startsWith('screen.') ? key.slice('screen.'.length) : ''
    if (isFactId(fact)) answers[fact] = value
  }
  if (Object.keys(answers).length === 0 || region === null) return null
  const facts = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null))
  const unknownFacts = Object.keys(answers).filter((k) => answers[k] === null)
  const answer = screen(
    content.policy,
    { region, asOf: shanghaiDate(now), facts, unknownFacts },
    now,
  )
  return {
    answers,
    likely: answer.results
      .filter((r) => r.status === 'eligible')
      .map((r) => ({ name: r.name, ...(r.review && { review: r.review }), reasons: r.reasons })),
  }
}
