/**
 * @module console/dashboard
 * The supervisor's dashboard (/console/dashboard): the figures of GET /api/v1/console/stats drawn
 * on the server, as SVG charts with the same numbers in tables, and each flow as a diagram of
 * where people give up. Every word is from content/console/console.yaml; every figure is an
 * aggregate, a ref or a time.
 */
import { escapeHtml } from '../http/html.js'
import type { CompiledContent } from '../engine/types.js'
import type { ConsoleLang } from './content.js'
import type { Counts, FlowFigures, StatsFigures } from './stats.js'
import { successors } from './stats.js'
import { barChart, columnChart, flowDiagram, type Bar } from './svg.js'

/** The period presets offered as links, in days. */
const PRESETS = [7, 30, 90] as const
const DAY_MS = 86_400_000

export interface DashboardInput {
  content: CompiledContent
  lang: ConsoleLang
  /** The period asked for (shown in the form), and today in Beijing (for the presets). */
  from: string
  to: string
  today: string
  figures?: StatsFigures
  /** Shown instead of figures (a bad period, a role that may not). */
  notice?: string
}

export function dashboardBody(d: DashboardInput): string {
  const all = d.content.console.texts[d.lang]
  const t = (key: string, vars: Record<string, string | number> = {}): string =>
    escapeHtml(
      (all[key] ?? key).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)),
    )
  const raw = (key: string): string => all[key] ?? key
  /** A key's word (`urgency.emergency` → 紧急), or the key itself when there is none. */
  const word = (prefix: string, key: string): string => all[`${prefix}.${key}`] ?? key
  const q = (extra: Record<string, string>): string => {
    const params = new URLSearchParams(d.lang === 'zh-Hans' ? {} : { lang: d.lang })
    for (const [k, v] of Object.entries(extra)) params.set(k, v)
    return params.toString()
  }
  const back = (days: number): string =>
    new Date(Date.parse(d.today) - (days - 1) * DAY_MS).toISOString().slice(0, 10)
  const form = `<section class="card" aria-labelledby="period-h">
<h1 id="period-h">${t('dashboard')}</h1>
<form id="period" class="period">
<fieldset><legend>${t('dash.period')}</legend>
<label for="from">${t('dash.from')}</label><input id="from" name="from" type="date" value="${escapeHtml(d.from)}" required>
<label for="to">${t('dash.to')}</label><input id="to" name="to" type="date" value="${escapeHtml(d.to)}" required>
<button type="submit" class="primary">${t('dash.show')}</button>
</fieldset>
</form>
<p class="actions">${PRESETS.map((n) => `<a class="btn" href="/console/dashboard?${escapeHtml(q({ from: back(n), to: d.today }))}">${t(`dash.last${n}`)}</a>`).join('')}
${d.figures ? `<a class="btn" id="export" href="/api/v1/console/stats.csv?${escapeHtml(new URLSearchParams({ from: d.from, to: d.to }).toString())}">${t('dash.export')}</a>` : ''}</p>
</section>`
  if (!d.figures)
    return `${form}\n<p class="notice bad" role="alert">${escapeHtml(d.notice ?? '')}</p>`
  const f = d.figures
  let chartId = 0
  const nextId = (): string => `chart-${++chartId}`
  const regionName = (slug: string): string =>
    slug === 'unknown'
      ? raw('dash.region_unknown')
      : (d.content.regions.find((r) => r.slug === slug || r.code === slug)?.name ?? slug)
  const label = (prefix: string) => (key: string) => word(prefix, key)
  const bars = (counts: Counts, name: (k: string) => string): Bar[] =>
    Object.entries(counts).map(([k, value]) => ({ label: name(k), value }))
  const table = (caption: string, rows: Bar[]): string =>
    `<details><summary>${t('dash.table')}</summary><table><caption>${escapeHtml(caption)}</caption><thead><tr><th scope="col"></th><th scope="col">${t('dash.count')}</th></tr></thead><tbody>${rows.map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${r.value}</td></tr>`).join('')}</tbody></table></details>`
  const chart = (title: string, rows: Bar[], kind: 'bar' | 'column' = 'bar'): string =>
    `<figure class="fig">${kind === 'column' ? columnChart(nextId(), title, rows) : barChart(nextId(), title, rows, raw('dash.no_data'))}${table(title, rows)}</figure>`
  const minutes = (n: number | null): string =>
    n === null ? t('dash.not_yet') : `${n} ${t('minutes')}`

  const live = `<section class="card" aria-labelledby="live-h">
<h2 id="live-h">${t('dash.live')}</h2>
<dl class="tiles">
${(['emergency', 'urgent', 'standard'] as const).map((u) => `<div class="tile u-${u}"><dt>${t('dash.waiting')} · ${t(`urgency.${u}`)}</dt><dd>${f.live.waiting[u]}</dd></div>`).join('\n')}
<div class="tile"><dt>${t('dash.longest_wait')}</dt><dd>${f.live.longestWaitMinutes} ${t('minutes')}</dd></div>
</dl>
<h3>${t('dash.online')}</h3>
${f.live.online.length === 0 ? `<p class="muted">${t('dash.nobody_online')}</p>` : `<ul class="online">${f.live.online.map((o) => `<li>${escapeHtml(o.name)} · ${t('dash.owns', { n: o.owns })}</li>`).join('')}</ul>`}
</section>`

  const period = (name: string, b: StatsFigures['conversations']): string => {
    const title = raw(`dash.${name}`)
    return `<section class="card" aria-labelledby="${name}-h">
<h2 id="${name}-h">${escapeHtml(title)} · ${b.total}</h2>
<div class="figs">
${chart(
  `${title} · ${raw('dash.by_day')}`,
  bars(b.byDay, (k) => k.slice(5)),
  'column',
)}
${chart(`${title} · ${raw('dash.by_channel')}`, bars(b.byChannel, label('channel')))}
${chart(`${title} · ${raw('dash.by_region')}`, bars(b.byRegion, regionName))}
${chart(`${title} · ${raw('dash.by_urgency')}`, bars(b.byUrgency, label('urgency')))}
</div>
</section>`
  }

  const totals = `<section class="card" aria-labelledby="totals-h">
<h2 id="totals-h">${t('dash.totals')} · ${escapeHtml(f.period.from)} – ${escapeHtml(f.period.to)}</h2>
<dl class="tiles">
<div class="tile"><dt>${t('dash.conversations')}</dt><dd id="total-conversations">${f.conversations.total}</dd></div>
<div class="tile"><dt>${t('dash.handoffs')}</dt><dd id="total-handoffs">${f.handoffs.total}</dd></div>
<div class="tile"><dt>${t('dash.reports')}</dt><dd id="total-reports">${f.reports.total}</dd></div>
<div class="tile"><dt>${t('dash.median_claim')}</dt><dd id="median-claim">${minutes(f.handoffs.medianMinutesToClaim)}</dd></div>
<div class="tile"><dt>${t('dash.median_reply')}</dt><dd id="median-reply">${minutes(f.handoffs.medianMinutesToFirstReply)}</dd></div>
</dl>
</section>`

  const cases = `<section class="card" aria-labelledby="cases-h">
<h2 id="cases-h">${t('dash.cases')} · ${f.cases.total}</h2>
<div class="figs">
${chart(`${raw('dash.cases')} · ${raw('dash.by_status')}`, bars(f.cases.byStatus, label('status')))}
${chart(
  raw('dash.by_age'),
  bars(f.cases.openByAgeDays, (k) => `${k} ${raw('dash.days')}`),
)}
</div>
</section>`

  const screening = `<section class="card" aria-labelledby="screening-h">
<h2 id="screening-h">${t('dash.screening')}</h2>
<p class="muted">${t('dash.screening_note')}</p>
${
  f.screening.length === 0
    ? `<p class="muted">${t('dash.no_data')}</p>`
    : `<div class="figs">${f.screening
        .map((s) =>
          chart(
            `${s.name} · ${raw('dash.screened').replace('{n}', String(s.conversations))}`,
            s.likely.map((m) => ({ label: m.name, value: m.conversations })),
          ),
        )
        .join('\n')}</div>`
}
</section>`

  const lq = d.lang === 'zh-Hans' ? '' : `?lang=${d.lang}`
  const emergencies = `<section class="card" aria-labelledby="emergencies-h">
<h2 id="emergencies-h">${t('dash.emergencies')} · ${f.emergencies.length}</h2>
${
  f.emergencies.length === 0
    ? `<p class="muted">${t('dash.no_emergencies')}</p>`
    : `<div class="scroll"><table id="emergencies"><thead><tr><th scope="col">${t('dash.at')}</th><th scope="col">${t('dash.conversation')}</th><th scope="col">${t('dash.bot_answered')}</th><th scope="col">${t('dash.claimed_after')}</th><th scope="col">${t('dash.first_reply_after')}</th></tr></thead><tbody>${f.emergencies
        .map(
          (e) =>
            `<tr><td>${escapeHtml(beijingTime(e.at))}</td><td>${e.conversationId ? `<a href="/console/c/${escapeHtml(e.conversationId)}${lq}">${escapeHtml(e.conversationId.slice(0, 8))}</a>` : ''}</td><td>${e.botAnsweredSeconds ?? t('dash.not_yet')}</td><td>${e.claimedAfterMinutes ?? t('dash.not_yet')}</td><td>${e.firstReplyAfterMinutes ?? t('dash.not_yet')}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
}
</section>`

  const texts = d.content.texts[d.lang]
  const reached = (flow: FlowFigures): number => Math.max(0, ...flow.nodes.map((n) => n.entered))
  const flows = f.dropOff
    // A flow without a question has nothing to give up at.
    .filter((flow) => flow.nodes.some((n) => n.question))
    // The main menu first (the one opened), then the flows most conversations reached.
    .sort(
      (x, y) =>
        Number(y.flow === d.content.entry.main) - Number(x.flow === d.content.entry.main) ||
        reached(y) - reached(x),
    )
    .map((flow, i) => {
      const spec = d.content.flows[flow.flow]
      const title = `${word('flow', flow.flow)}（${flow.flow}）`
      const nodes = flow.nodes.map((n) => {
        const node = spec?.nodes[n.node]
        const ref = node && 'text' in node ? node.text : undefined
        const question = n.question ? firstLine(ref ? (texts[ref] ?? '') : '') : undefined
        return {
          id: n.node,
          label: `${n.node} · ${n.kind}`,
          ...(question !== undefined && { question }),
          entered: n.entered,
          left: n.left,
          next: node ? successors(node) : [],
        }
      })
      const svg = flowDiagram(`flow-${flow.flow}`, nodes, {
        title,
        entered: raw('dash.entered'),
        left: raw('dash.left'),
      })
      const rows = flow.nodes
        .filter((n) => n.question)
        .map(
          (n) =>
            `<tr><th scope="row">${escapeHtml(n.node)}</th><td>${n.entered}</td><td>${n.left}</td></tr>`,
        )
        .join('')
      return `<details class="flow"${i === 0 ? ' open' : ''}><summary>${escapeHtml(title)}</summary>
<figure class="fig" data-flow="${escapeHtml(flow.flow)}">${svg}
<details><summary>${t('dash.table')}</summary><table><caption>${escapeHtml(title)}</caption><thead><tr><th scope="col">${t('dash.question')}</th><th scope="col">${t('dash.entered')}</th><th scope="col">${t('dash.left')}</th></tr></thead><tbody>${rows}</tbody></table></details></figure>
</details>`
    })
  const dropOff = `<section class="card" aria-labelledby="dropoff-h">
<h2 id="dropoff-h">${t('dash.dropoff')}</h2>
<p class="muted">${t('dash.dropoff_note', { hours: d.content.settings.idleHours })}</p>
${flows.join('\n')}
</section>`

  return [
    form,
    live,
    totals,
    period('conversations', f.conversations),
    period('handoffs', f.handoffs),
    period('reports', f.reports),
    cases,
    emergencies,
    screening,
    dropOff,
  ].join('\n')
}

/** The first line of a bot text, without its placeholders. */
function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/\{[^}]*\}/g, '…').trim()
}

/** An ISO time as Beijing wall-clock time, "MM-DD HH:MM". */
function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ')
}
