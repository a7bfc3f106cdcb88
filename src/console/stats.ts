/**
 * @module console/stats
 * The supervisor's figures (GET /api/v1/console/stats): what is live now, and over a period of
 * Beijing days the conversations, hand-offs and reports by day, channel, region and urgency, the
 * median waits, the cases by status and age, the screening outcomes by region, the emergency
 * messages and how soon each was answered, and where people give up in each flow. Aggregates,
 * refs and times only: nothing a user wrote.
 */
import { z } from 'zod'
import { isWait } from '../engine/registry.js'
import { screenRequestOf } from '../engine/nodes/policy-chat.js'
import type { CompiledContent, ConversationState, FlowNode, QueueUrgency } from '../engine/types.js'
import { screen } from '../policy/screen.js'
import type { HandoffStore } from '../store/handoffs.js'
import type { HandoffRow, StatsStore } from '../store/stats.js'
import type { OperatorStore } from './accounts.js'
import { ABSOLUTE_MS, PRESENT_MS } from './auth.js'

const DAY_MS = 86_400_000
const SHANGHAI_MS = 8 * 3_600_000
/** The longest period one request may ask for. */
const MAX_DAYS = 366
/** Ages of open cases, in days: [label, from, to). */
const AGES = [
  ['0-1', 0, 1],
  ['1-7', 1, 7],
  ['7-30', 7, 30],
  ['30+', 30, Infinity],
] as const

export const day = z.iso.date('a date as YYYY-MM-DD (a day in Beijing time)')
/** `from` and `to` are Beijing days, both included; without them, the last 7 days. */
export const statsQuery = z
  .strictObject({ from: day.optional(), to: day.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'to is before from',
  })
  .refine((q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS < MAX_DAYS, {
    path: ['to'],
    message: `a period is at most ${MAX_DAYS} days`,
  })
export type StatsQuery = z.infer<typeof statsQuery>

export interface Period {
  from: string
  to: string
  /** [start, end) as ISO times in UTC. */
  start: string
  end: string
  days: string[]
}

/** The Beijing day of an ISO time. */
export const beijingDay = (iso: string): string =>
  new Date(Date.parse(iso) + SHANGHAI_MS).toISOString().slice(0, 10)

/** When a Beijing day begins, in ms since the epoch. */
const dayStart = (date: string): number => Date.parse(`${date}T00:00:00Z`) - SHANGHAI_MS

/** [start, end) of the Beijing days `from` to `to` (both included; either may be open). */
export function daysSpan(from?: string, to?: string): { start?: string; end?: string } {
  return {
    ...(from && { start: new Date(dayStart(from)).toISOString() }),
    ...(to && { end: new Date(dayStart(to) + DAY_MS).toISOString() }),
  }
}

export function periodOf(q: StatsQuery, now: Date): Period {
  const to = q.to ?? beijingDay(now.toISOString())
  const from = q.from ?? new Date(Date.parse(to) - 6 * DAY_MS).toISOString().slice(0, 10)
  const start = dayStart(from)
  const end = dayStart(to) + DAY_MS
  const days: string[] = []
  for (let t = start; t < end; t += DAY_MS) days.push(beijingDay(new Date(t).toISOString()))
  return {
    from,
    to,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    days,
  }
}

export type Counts = Record<string, number>

export interface Breakdown {
  total: number
  byDay: Counts
  byChannel: Counts
  byRegion: Counts
  byUrgency: Counts
}

export interface LiveFigures {
  waiting: Record<QueueUrgency, number>
  longestWaitMinutes: number
  online: { name: string; role: string; owns: number }[]
}

export interface FlowFigures {
  flow: string
  nodes: { node: string; kind: string; question: boolean; entered: number; left: number }[]
}

export interface StatsFigures {
  period: { from: string; to: string; timeZone: 'Asia/Shanghai' }
  live: LiveFigures
  conversations: Breakdown
  handoffs: Breakdown & {
    claimed: number
    medianMinutesToClaim: number | null
    replied: number
    medianMinutesToFirstReply: number | null
  }
  reports: Breakdown & { byStatus: Counts }
  cases: { total: number; byStatus: Counts; openByAgeDays: Counts }
  screening: {
    region: string
    name: string
    conversations: number
    likely: { entitlement: string; name: string; conversations: number }[]
  }[]
  emergencies: {
    conversationId: string | null
    at: string
    botAnsweredSeconds: number | null
    claimedAfterMinutes: number | null
    firstReplyAfterMinutes: number | null
  }[]
  dropOff: FlowFigures[]
}

/** What the figures are read from: the console's stores. */
export interface StatsSources {
  stats: StatsStore
  handoffs: HandoffStore
  operators: OperatorStore
}

/** Who is waiting and who is there now (the team view and the dashboard's first row). */
export async function liveFigures(
  handoffs: HandoffStore,
  operators: OperatorStore,
  now: Date,
): Promise<LiveFigures> {
  const online = await operators.online(
    new Date(now.getTime() - PRESENT_MS).toISOString(),
    new Date(now.getTime() - ABSOLUTE_MS).toISOString(),
  )
  const items = await handoffs.open()
  const waiting = items.filter((i) => i.claimedBy === null)
  const byUrgency = { emergency: 0, urgent: 0, standard: 0 }
  for (const i of waiting) byUrgency[i.urgency]++
  const oldest = waiting.map((i) => i.createdAt).sort()[0]
  return {
    online: online.map((o) => ({
      name: o.name,
      role: o.role,
      owns: items.filter((i) => i.claimedBy === o.name).length,
    })),
    waiting: byUrgency,
    longestWaitMinutes: oldest ? Math.floor((now.getTime() - Date.parse(oldest)) / 60_000) : 0,
  }
}

const minutes = (from: string, to: string | null): number | null =>
  to === null ? null : Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000)
const round1 = (n: number): number => Math.round(n * 10) / 10

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return round1(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2)
}

function countBy<T>(rows: T[], key: (row: T) => string, keys: readonly string[] = []): Counts {
  const out: Counts = Object.fromEntries(keys.map((k) => [k, 0]))
  for (const row of rows) out[key(row)] = (out[key(row)] ?? 0) + 1
  return out
}

function breakdown<T>(
  rows: T[],
  days: string[],
  at: (row: T) => string,
  channel: (row: T) => string,
  region: (row: T) => string | null,
  urgency: (row: T) => string,
): Breakdown {
  return {
    total: rows.length,
    byDay: countBy(rows, (r) => beijingDay(at(r)), days),
    byChannel: countBy(rows, channel),
    byRegion: countBy(rows, (r) => region(r) ?? 'unknown'),
    byUrgency: countBy(rows, urgency),
  }
}

const RANK: Record<string, number> = { emergency: 3, urgent: 2, standard: 1 }

/** The most urgent queue item each conversation had in the period. */
function urgencyByConversation(handoffs: HandoffRow[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const h of handoffs) {
    const had = out.get(h.conversationId)
    if (!had || (RANK[h.urgency] ?? 0) > (RANK[had] ?? 0)) out.set(h.conversationId, h.urgency)
  }
  return out
}

/** Where a node leads: its `next`, its choices', its branches'. */
export function successors(node: FlowNode): string[] {
  const out: string[] = []
  if ('next' in node && node.next) out.push(node.next)
  if ('choices' in node) for (const c of node.choices) if (c.next) out.push(c.next)
  if (node.kind === 'ask_choice' && node.otherwise) out.push(node.otherwise)
  if (node.kind === 'branch') out.push(...node.cases.map((c) => c.next), node.else)
  return [...new Set(out)]
}

/** A flow's nodes from its start, breadth first, then any the start does not reach. */
export function flowOrder(nodes: Record<string, FlowNode>, start: string): string[] {
  const seen = new Set<string>()
  const queue = [start]
  while (queue.length > 0) {
    const id = queue.shift()!
    if (seen.has(id) || !nodes[id]) continue
    seen.add(id)
    queue.push(...successors(nodes[id]))
  }
  return [...seen, ...Object.keys(nodes).filter((id) => !seen.has(id))]
}

function dropOff(
  content: CompiledContent,
  entered: { flow: string; node: string; n: number }[],
  left: { flow: string; node: string; n: number }[],
): FlowFigures[] {
  const count = (rows: typeof entered, flow: string, node: string): number =>
    rows.find((r) => r.flow === flow && r.node === node)?.n ?? 0
  return Object.values(content.flows).map((flow) => ({
    flow: flow.id,
    nodes: flowOrder(flow.nodes, flow.start).map((id) => {
      const node = flow.nodes[id]!
      return {
        node: id,
        kind: node.kind,
        question: isWait(node),
        entered: count(entered, flow.id, id),
        left: count(left, flow.id, id),
      }
    }),
  }))
}

/** Which measures the screenings held in the store find likely, by region. */
function screening(
  content: CompiledContent,
  rows: { state: string; updatedAt: string }[],
): StatsFigures['screening'] {
  const byRegion = new Map<
    string,
    { conversations: number; likely: Map<string, { name: string; n: number }> }
  >()
  for (const row of rows) {
    let state: ConversationState
    try {
      state = JSON.parse(row.state) as ConversationState
    } catch {
      continue
    }
    const request = screenRequestOf(state.vars ?? {}, 'screen', beijingDay(row.updatedAt))
    if (request.answered === 0) continue
    const answer = screen(content.policy, request)
    const region = answer.region
    const entry = byRegion.get(region) ?? { conversations: 0, likely: new Map() }
    entry.conversations++
    for (const r of answer.results.filter((x) => x.status === 'eligible')) {
      const had = entry.likely.get(r.entitlement) ?? { name: r.name, n: 0 }
      had.n++
      entry.likely.set(r.entitlement, had)
    }
    byRegion.set(region, entry)
  }
  return [...byRegion].map(([region, e]) => ({
    region,
    name: content.regions.find((r) => r.slug === region)?.name ?? region,
    conversations: e.conversations,
    likely: [...e.likely]
      .map(([entitlement, m]) => ({ entitlement, name: m.name, conversations: m.n }))
      .sort((a, b) => b.conversations - a.conversations),
  }))
}

/** Every figure of the dashboard for one period. */
export async function statsFigures(
  src: StatsSources,
  content: CompiledContent,
  now: Date,
  period: Period,
): Promise<StatsFigures> {
  const { stats } = src
  const { start, end, days } = period
  const idleBefore = new Date(now.getTime() - content.settings.idleHours * 3_600_000)
  const [live, conversations, handoffs, reports, all, emergencies, screened, entered, left] =
    await Promise.all([
      liveFigures(src.handoffs, src.operators, now),
      stats.conversations(start, end),
      stats.handoffs(start, end),
      stats.reports(start, end),
      stats.reports(),
      stats.emergencies(start, end),
      stats.screenings(start, end),
      stats.entered(start, end),
      stats.left(start, end, idleBefore.toISOString()),
    ])
  const urgencyOf = urgencyByConversation(handoffs)
  const taken = handoffs.filter((h) => h.reason !== 'operator_opened')
  const claimWaits = taken.flatMap((h) => minutes(h.createdAt, h.claimedAt) ?? [])
  const replyWaits = taken.flatMap((h) => minutes(h.createdAt, h.firstReplyAt) ?? [])
  const reportChannel = (r: (typeof reports)[number]): string =>
    r.source === 'api' ? 'api' : (r.conversationId?.split(':')[0] ?? 'chat')
  const open = all.filter((r) => r.status !== 'closed')
  const ageDays = (at: string): number => Math.max(0, (now.getTime() - Date.parse(at)) / DAY_MS)
  return {
    period: { from: period.from, to: period.to, timeZone: 'Asia/Shanghai' },
    live,
    conversations: breakdown(
      conversations,
      days,
      (r) => r.firstAt,
      (r) => r.channel,
      (r) => r.region,
      (r) => urgencyOf.get(r.id) ?? 'none',
    ),
    handoffs: {
      ...breakdown(
        handoffs,
        days,
        (r) => r.createdAt,
        (r) => r.channel,
        (r) => r.region,
        (r) => r.urgency,
      ),
      claimed: claimWaits.length,
      medianMinutesToClaim: median(claimWaits),
      replied: replyWaits.length,
      medianMinutesToFirstReply: median(replyWaits),
    },
    reports: {
      ...breakdown(
        reports,
        days,
        (r) => r.createdAt,
        reportChannel,
        (r) => r.region,
        (r) => r.urgency,
      ),
      byStatus: countBy(reports, (r) => r.status),
    },
    cases: {
      total: all.length,
      byStatus: countBy(all, (r) => r.status),
      openByAgeDays: countBy(
        open,
        (r) =>
          AGES.find(([, lo, hi]) => ageDays(r.createdAt) >= lo && ageDays(r.createdAt) < hi)![0],
        AGES.map(([label]) => label),
      ),
    },
    screening: screening(content, screened),
    emergencies: emergencies.map((e) => ({
      conversationId: e.ref,
      at: e.receivedAt,
      botAnsweredSeconds:
        e.answeredAt === null
          ? null
          : round1((Date.parse(e.answeredAt) - Date.parse(e.receivedAt)) / 1000),
      claimedAfterMinutes: nullable(minutes(e.receivedAt, e.claimedAt)),
      firstReplyAfterMinutes: nullable(minutes(e.receivedAt, e.firstReplyAt)),
    })),
    dropOff: dropOff(content, entered, left),
  }
}

const nullable = (n: number | null): number | null => (n === null ? null : round1(n))
