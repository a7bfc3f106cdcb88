/**
 * @module console/svg
 * The dashboard's charts, drawn on the server as SVG strings: no client charting, nothing for
 * the page's CSP to allow (presentation attributes only, no style attributes). Each chart is an
 * image with a title and a description that lists every figure, so a screen reader gets the
 * numbers; the page puts the same numbers in a table beside the chart.
 */
import { escapeHtml } from '../http/html.js'

export interface Bar {
  label: string
  value: number
}

const INK = '#111'
const MUTED = '#4a4a4a'
const BLUE = '#0a4587'
const BLUE_SOFT = '#e6eef8'
const RED = '#b0001a'
const LINE = '#c4c7cc'
const FONT = 'system-ui, sans-serif'

/** Text cut to `max` characters (a CJK character is about as wide as the font size). */
export function clip(text: string, max: number): string {
  const chars = [...text]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text
}

const text = (x: number, y: number, body: string, attrs = ''): string =>
  `<text x="${x}" y="${y}" font-family="${FONT}" ${attrs}>${escapeHtml(body)}</text>`

/** The opening of an accessible chart: role img, labelled by its title, described by its figures. */
function open(id: string, width: number, height: number, title: string, desc: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" class="chart"><title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>`
}

const describe = (bars: Bar[]): string => bars.map((b) => `${b.label}：${b.value}`).join('；')

/** Horizontal bars, one a row: label, bar, value. */
export function barChart(id: string, title: string, bars: Bar[], empty: string): string {
  const rowH = 30
  const width = 400
  const labelW = 150
  const barW = width - labelW - 60
  const height = Math.max(1, bars.length) * rowH + 8
  const max = Math.max(1, ...bars.map((b) => b.value))
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowH
    const w = Math.round((b.value / max) * barW)
    return `<g>${text(labelW - 8, y + 19, clip(b.label, 12), `font-size="13" text-anchor="end" fill="${INK}"`)}<rect x="${labelW}" y="${y + 5}" width="${Math.max(w, 1)}" height="${rowH - 10}" fill="${BLUE}" rx="2"/>${text(labelW + w + 6, y + 19, String(b.value), `font-size="13" fill="${INK}"`)}</g>`
  })
  const body =
    bars.length === 0 ? text(8, 22, empty, `font-size="13" fill="${MUTED}"`) : rows.join('')
  return `${open(id, width, height, title, bars.length === 0 ? empty : describe(bars))}${body}</svg>`
}

/** Columns over days (or any ordered labels), with every few labels written under them. */
export function columnChart(id: string, title: string, bars: Bar[]): string {
  const width = 400
  const height = 170
  const top = 18
  const plotH = 118
  const left = 30
  const plotW = width - left - 8
  const max = Math.max(1, ...bars.map((b) => b.value))
  const slot = plotW / Math.max(1, bars.length)
  const every = Math.ceil(bars.length / 7)
  const cols = bars.map((b, i) => {
    const h = Math.round((b.value / max) * plotH)
    const x = left + i * slot
    const label =
      i % every === 0
        ? text(
            x + slot / 2,
            top + plotH + 18,
            b.label,
            `font-size="11" text-anchor="middle" fill="${MUTED}"`,
          )
        : ''
    const value =
      b.value > 0 && bars.length <= 31
        ? text(
            x + slot / 2,
            top + plotH - h - 4,
            String(b.value),
            `font-size="11" text-anchor="middle" fill="${INK}"`,
          )
        : ''
    return `<g><rect x="${(x + slot * 0.15).toFixed(1)}" y="${top + plotH - h}" width="${(slot * 0.7).toFixed(1)}" height="${Math.max(h, 0)}" fill="${BLUE}"><title>${escapeHtml(`${b.label}：${b.value}`)}</title></rect>${value}${label}</g>`
  })
  const axis = `<line x1="${left}" y1="${top + plotH}" x2="${width - 8}" y2="${top + plotH}" stroke="${LINE}"/>${text(left - 6, top + 8, String(max), `font-size="11" text-anchor="end" fill="${MUTED}"`)}${text(left - 6, top + plotH, '0', `font-size="11" text-anchor="end" fill="${MUTED}"`)}`
  return `${open(id, width, height, title, describe(bars))}${axis}${cols.join('')}</svg>`
}

export interface DiagramNode {
  id: string
  /** The first line: the node's name and kind. */
  label: string
  /** The question as the bot asks it (questions only). */
  question?: string
  entered: number
  left: number
  next: string[]
}

export interface DiagramWords {
  title: string
  entered: string
  left: string
}

/**
 * A flow as a column of its nodes (breadth first from the start), each with how many
 * conversations entered it and left there, and its links drawn as arcs in the left margin (a
 * link back up dashed). Bars: entered in light blue, the part that left in red.
 */
export function flowDiagram(id: string, nodes: DiagramNode[], w: DiagramWords): string {
  const width = 400
  const gutter = 56
  const rowH = 56
  const boxH = 46
  const boxW = width - gutter - 4
  const height = nodes.length * rowH + 8
  const index = new Map(nodes.map((n, i) => [n.id, i]))
  const centre = (i: number): number => 4 + i * rowH + boxH / 2
  const max = Math.max(1, ...nodes.map((n) => n.entered))
  const arcs = nodes.flatMap((n, i) =>
    n.next.flatMap((to) => {
      const j = index.get(to)
      if (j === undefined || j === i) return []
      const reach = Math.min(gutter - 6, 10 + Math.abs(j - i) * 7)
      const back = j < i
      return [
        `<path d="M${gutter},${centre(i) + 6} C${gutter - reach},${centre(i) + 6} ${gutter - reach},${centre(j) - 6} ${gutter},${centre(j) - 6}" fill="none" stroke="${back ? MUTED : BLUE}" stroke-width="1.2"${back ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#${id}-arrow)"/>`,
      ]
    }),
  )
  const boxes = nodes.map((n, i) => {
    const y = 4 + i * rowH
    const isQuestion = n.question !== undefined
    const counts = `${w.entered} ${n.entered} · ${w.left} ${n.left}`
    const enteredW = Math.round((n.entered / max) * (boxW - 16))
    const leftW = Math.round((n.left / max) * (boxW - 16))
    return `<g><title>${escapeHtml(`${n.label}${n.question ? `：${n.question}` : ''}。${counts}`)}</title><rect x="${gutter}" y="${y}" width="${boxW}" height="${boxH}" rx="6" fill="${isQuestion ? '#fff' : '#f3f4f6'}" stroke="${isQuestion ? BLUE : LINE}"${isQuestion ? '' : ' stroke-dasharray="3 3"'}/>${text(gutter + 8, y + 17, clip(n.label, 22), `font-size="12" font-weight="700" fill="${isQuestion ? INK : MUTED}"`)}${isQuestion ? text(width - 12, y + 17, counts, `font-size="12" text-anchor="end" fill="${INK}"`) + text(gutter + 8, y + 33, clip(n.question ?? '', 24), `font-size="12" fill="${MUTED}"`) + `<rect x="${gutter + 8}" y="${y + 38}" width="${enteredW}" height="4" fill="${BLUE_SOFT}"/><rect x="${gutter + 8}" y="${y + 38}" width="${leftW}" height="4" fill="${RED}"/>` : ''}</g>`
  })
  const marker = `<defs><marker id="${id}-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="${MUTED}"/></marker></defs>`
  const desc = nodes
    .filter((n) => n.question !== undefined)
    .map((n) => `${n.label}：${w.entered} ${n.entered}，${w.left} ${n.left}`)
    .join('；')
  return `${open(id, width, height, w.title, desc)}${marker}${arcs.join('')}${boxes.join('')}</svg>`
}
