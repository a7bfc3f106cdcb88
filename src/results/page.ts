/**
 * @module results/page
 * `GET /r/{code}`: a kept result as a page to print and take to the 乡镇（街道）office. The
 * answers kept under the code are screened again with the rules of today; the page says both
 * dates. Each measure the child is likely to get in full — status, amount (or that the document
 * gives none), every reason with its clause quoted, what to bring, where and how to apply, the
 * office in charge —, then the ones still unclear and the ones not met, each with its reasons, and
 * the documents cited. In the script the family wrote in. Every text is escaped; the only script
 * is the print button's, allowed by its hash like the chat page's.
 */
import { Hono } from 'hono'
import type { StepContext } from '../engine/context.js'
import { render } from '../engine/context.js'
import { initialState } from '../engine/step.js'
import type { CompiledContent } from '../engine/types.js'
import { RESULT_VARS, screeningVars } from '../engine/result.js'
import { detailRows } from '../engine/nodes/screen-summary.js'
import { bundleOf, clause, likely, requestOf, statusText } from '../engine/nodes/policy-chat.js'
import { pagePolicy } from '../channels/web/page-csp.js'
import { documentHead, escapeHtml } from '../http/html.js'
import { overLimit, perAddress, type ClientLimits } from '../http/rate-limit.js'
import { resolvePolicyRegion } from '../policy/region.js'
import { screen } from '../policy/screen.js'
import type { Result } from '../policy/types.js'
import type { KeptResult } from '../store/results.js'
import type { ConversationStore } from '../store/conversations.js'
import { formatResultCode, readResultCode } from './code.js'

const STYLE = `
body{font:17px/1.6 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#111;margin:0 auto;max-width:46rem;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .4rem;border-bottom:2px solid #333}
h3{font-size:1.1rem;margin:1rem 0 .2rem}.meta{margin:.2rem 0}.code{font-size:1.3rem;font-weight:700;letter-spacing:.08em}
.note{background:#fff7e0;border-left:4px solid #c80;padding:.5rem .8rem}.status{font-weight:700}
.measure{break-inside:avoid;border:1px solid #bbb;border-radius:6px;padding:.2rem .8rem;margin:.6rem 0}
ul{padding-left:1.2rem}li{margin:.2rem 0}.quote{color:#333}
button{font:inherit;padding:.5rem 1.2rem;border:2px solid #333;border-radius:6px;background:#fff;margin:.8rem 0}
@media print{button{display:none}body{font-size:12pt;max-width:none;padding:0}.measure{border-color:#666}}
`.trim()

const SCRIPT = `document.getElementById('print').addEventListener('click',function(){window.print()})`

const HEADERS = {
  'Content-Security-Policy': `${pagePolicy(SCRIPT, STYLE)}; frame-ancestors 'none'`,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex',
}

/** A step context for the kept answers, so the chat's own wording renders them. */
function contextFor(content: CompiledContent, kept: KeptResult, now: Date): StepContext {
  const state = initialState(kept.lang)
  state.vars = screeningVars(kept.screening)
  return { content, state, replies: [], effects: [], events: [], now: now.getTime() }
}

const e = escapeHtml

function reasons(ctx: StepContext, r: Result): string {
  const items = r.reasons.map(
    (reason) =>
      `<li>${e(reason.text)}<br><span class="quote">${e(clause(ctx, reason.citation, 'quoted'))}</span></li>`,
  )
  return `<ul>${items.join('')}</ul>`
}

function measure(ctx: StepContext, r: Result): string {
  const rows = detailRows(ctx, r)
    .map((row) => `<p>${e(row)}</p>`)
    .join('')
  return (
    `<section class="measure"><h3>${e(r.name)} · <span class="status">${e(statusText(ctx, r))}</span></h3>` +
    `${rows}<p><strong>${e(render(ctx, 'result.page.reasons'))}</strong></p>${reasons(ctx, r)}</section>`
  )
}

function shell(lang: string, title: string, body: string, print: boolean): string {
  return `${documentHead(lang, e(title), STYLE)}
<body>
${body}
${print ? `<script>${SCRIPT}</script>` : ''}
</body>
</html>
`
}

/** The printable page of a kept result, screened with the rules of `now`. */
export function resultPage(
  content: CompiledContent,
  code: string,
  kept: KeptResult,
  now: Date,
): string {
  const ctx = contextFor(content, kept, now)
  const request = requestOf(ctx, RESULT_VARS.facts)
  const answer = screen(bundleOf(ctx), request)
  const top = likely(answer.results)
  const unclear = answer.results.filter((r) => r.status === 'unknown')
  const no = answer.results.filter((r) => r.status === 'not_eligible')
  const { policy } = resolvePolicyRegion(bundleOf(ctx), kept.screening.region)
  const documents = policy.documents
    .map((id) => bundleOf(ctx).documents[id])
    .flatMap((d) => (d ? [`<li>《${e(d.title)}》（${e(d.number)}）</li>`] : []))
  const t = (key: string, vars: Record<string, string | number> = {}): string =>
    e(render(ctx, key, vars))
  // The rest, a line each with its reasons in words (the chat's 为什么 quotes their clauses).
  const brief = (r: Result): string =>
    `<li><strong>${e(r.name)}</strong>：${e([...new Set(r.reasons.map((x) => x.text))].join('；'))}</li>`
  const part = (key: string, list: Result[], full: boolean): string =>
    list.length === 0
      ? ''
      : `<h2>${t(key, { count: list.length })}</h2>` +
        (full ? list.map((r) => measure(ctx, r)).join('') : `<ul>${list.map(brief).join('')}</ul>`)
  const title = render(ctx, 'result.page.title')
  const body = [
    `<h1>${e(title)}</h1>`,
    `<p class="meta">${t('result.page.code')} <span class="code">${e(formatResultCode(code))}</span></p>`,
    `<p class="meta">${t('result.page.dates', { answered: kept.screening.asOf, today: answer.asOf })}</p>`,
    `<p class="meta">${t('result.page.region', { region: policy.name })}</p>`,
    ...(answer.notice ? [`<p class="note">${e(answer.notice)}</p>`] : []),
    `<p class="note">${t('result.page.estimate')}</p>`,
    `<button type="button" id="print">${t('result.page.print')}</button>`,
    part('result.page.likely', top, true),
    part('result.page.unknown', unclear, false),
    part('result.page.not_eligible', no, false),
    documents.length > 0
      ? `<h2>${t('result.page.documents')}</h2><ul>${documents.join('')}</ul>`
      : '',
  ].join('\n')
  return shell(kept.lang, title, body, true)
}

/** A page that says one thing and what to do: `<key>` and `<key>_hint` (a code not found). */
function notice(content: CompiledContent, key: string, vars: Record<string, string>): string {
  const texts = content.texts['zh-Hans']
  const say = (k: string): string =>
    e((texts[k] ?? k).replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole))
  const body = `<h1>${say(key)}</h1><p>${say(`${key}_hint`)}</p>`
  return shell('zh-Hans', texts['result.page.title'] ?? '', body, false)
}

/**
 * GET /r/{code}: the printable page; an unknown or mistyped code is a 404 page that says so. Each
 * address may open `resultsPerAddress` of them (found or not), so codes cannot be tried cheaply.
 */
export function resultRoutes(deps: {
  content: CompiledContent
  store: ConversationStore
  clock: () => Date
  limits?: ClientLimits | undefined
}): Hono {
  const app = new Hono()
  app.get('/:code', async (c) => {
    const limited = overLimit(c, deps.limits, [perAddress('resultsPerAddress')])
    if (limited) {
      const seconds = limited.headers.get('Retry-After') ?? ''
      const page = notice(deps.content, 'result.page.too_many', { seconds })
      return c.html(page, 429, { ...HEADERS, 'Retry-After': seconds })
    }
    const typed = c.req.param('code')
    const read = readResultCode(typed)
    const kept = read?.kind === 'valid' ? await deps.store.savedResult(read.code) : undefined
    if (!read || !kept)
      return c.html(
        notice(deps.content, 'result.page.not_found', {
          code: read ? formatResultCode(read.code) : '',
        }),
        404,
        HEADERS,
      )
    return c.html(resultPage(deps.content, read.code, kept, deps.clock()), 200, HEADERS)
  })
  return app
}
