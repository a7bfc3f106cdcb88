/**
 * @module console/stats-csv
 * The supervisor's figures as CSV (GET /api/v1/console/stats.csv): aggregates only, one count a
 * row as `measure,dimension,key,value`. Every count below 5 (zero included) is written `<5`, and
 * so is a median taken over fewer than 5 items, so that no row points at a few people. No ref,
 * name or time of a single conversation is in it: the emergencies are a count.
 */
import type { Breakdown, Counts, StatsFigures } from './stats.js'

/** The smallest count an export shows as it is. */
export const SUPPRESS_BELOW = 5

type Row = [measure: string, dimension: string, key: string, value: string]

const count = (n: number): string => (n < SUPPRESS_BELOW ? `<${SUPPRESS_BELOW}` : String(n))
const medianOf = (value: number | null, over: number): string =>
  value === null || over < SUPPRESS_BELOW ? `<${SUPPRESS_BELOW}` : String(value)

function counts(measure: string, dimension: string, c: Counts): Row[] {
  return Object.entries(c).map(([key, n]) => [measure, dimension, key, count(n)])
}

function breakdown(measure: string, b: Breakdown): Row[] {
  return [
    [measure, 'total', '', count(b.total)],
    ...counts(measure, 'day', b.byDay),
    ...counts(measure, 'channel', b.byChannel),
    ...counts(measure, 'region', b.byRegion),
    ...counts(measure, 'urgency', b.byUrgency),
  ]
}

/** A cell as CSV: quoted when it must be, and never read as a formula by a spreadsheet. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function statsCsv(f: StatsFigures): string {
  const { handoffs: h } = f
  const rows: Row[] = [
    ['period', 'from', '', f.period.from],
    ['period', 'to', '', f.period.to],
    ...counts('live', 'waiting', f.live.waiting),
    ['live', 'operators_online', '', count(f.live.online.length)],
    ...breakdown('conversations', f.conversations),
    ...breakdown('handoffs', h),
    ['handoffs', 'median_minutes_to_claim', '', medianOf(h.medianMinutesToClaim, h.claimed)],
    [
      'handoffs',
      'median_minutes_to_first_reply',
      '',
      medianOf(h.medianMinutesToFirstReply, h.replied),
    ],
    ...breakdown('reports', f.reports),
    ...counts('reports', 'status', f.reports.byStatus),
    ['cases', 'total', '', count(f.cases.total)],
    ...counts('cases', 'status', f.cases.byStatus),
    ...counts('cases', 'open_age_days', f.cases.openByAgeDays),
    ['emergencies', 'total', '', count(f.emergencies.length)],
    ...f.screening.flatMap((s): Row[] => [
      ['screenings', 'region', s.region, count(s.conversations)],
      ...s.likely.map((m): Row => [
        `likely:${s.region}`,
        'entitlement',
        m.name,
        count(m.conversations),
      ]),
    ]),
    ...f.dropOff.flatMap((flow) =>
      flow.nodes
        .filter((n) => n.question)
        .flatMap((n): Row[] => [
          ['entered', flow.flow, n.node, count(n.entered)],
          ['left', flow.flow, n.node, count(n.left)],
        ]),
    ),
  ]
  return [['measure', 'dimension', 'key', 'value'], ...rows]
    .map((r) => r.map(cell).join(','))
    .join('\r\n')
    .concat('\r\n')
}
