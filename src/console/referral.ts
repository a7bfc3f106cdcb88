/**
 * @module console/referral
 * The referral (转介单): one printable page for the local agency the directory routes a case to.
 * The case number, the dates, the urgency, what was reported, the child's age and place, the
 * reporter's duty and its clauses, what the reporter agreed to share, and who referred it. The
 * reporter's identity is never on it: the report flow tells reporters that their contact is seen
 * only by the hotline's staff, and asks for no consent to pass it on, so the page says how to
 * reach the reporter through the hotline instead. Every text is escaped; every word comes from
 * content/console/console.yaml; a phone number only ever from the directory.
 */
import { pagePolicy } from '../channels/web/page-csp.js'
import type { CompiledContent } from '../engine/types.js'
import { documentHead, escapeHtml } from '../http/html.js'
import { shanghaiDate } from '../policy/dates.js'
import type { CaseRow } from '../store/cases.js'
import type { RoutedContact } from '../triage/route.js'
import { caseDuty, regionName } from './case-view.js'

const STYLE = String.raw`
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #111; line-height: 1.6;
  font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", "Noto Sans CJK SC", serif; }
main { max-width: 44rem; margin: 1rem auto; padding: 2rem; background: #fff; border: 1px solid #c4c7cc; }
h1 { font-size: 1.5rem; text-align: center; margin: 0 0 1rem; letter-spacing: 0.1em; }
table { width: 100%; border-collapse: collapse; margin: 0 0 1rem; }
th, td { border: 1px solid #444; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
th { width: 8rem; background: #f3f4f6; font-weight: 600; white-space: nowrap; }
.what { white-space: pre-wrap; }
.cite { display: block; color: #4a4a4a; font-size: 0.9rem; }
.u-emergency { color: #b0001a; font-weight: 700; }
.u-urgent { color: #7a4f00; font-weight: 700; }
footer { font-size: 0.9rem; color: #4a4a4a; }
.print { margin: 1rem auto; max-width: 44rem; text-align: right; }
button { font: inherit; padding: 0.4rem 1.2rem; }
@page { size: A4; margin: 18mm; }
@media print {
  body { background: #fff; }
  main { margin: 0; padding: 0; border: 0; max-width: none; }
  .print { display: none; }
  th { background: none; }
  table, tr { break-inside: avoid; }
}
`

const SCRIPT = `document.getElementById('print').addEventListener('click', function () { window.print() })`

/** Only these two blocks may run; nothing may frame the page. */
export const REFERRAL_POLICY = `${pagePolicy(SCRIPT, STYLE)}; frame-ancestors 'none'`

export interface ReferralInput {
  row: CaseRow
  to: RoutedContact
  /** The referral as recorded: when and by whom. */
  at: string
  by: string
}

export function referralHtml(content: CompiledContent, r: ReferralInput): string {
  const texts = content.console.texts['zh-Hans']
  const t = (key: string, vars: Record<string, string | number> = {}): string =>
    escapeHtml(
      (texts[key] ?? key).replace(/\{(\w+)\}/g, (m, k: string) =>
        k in vars ? String(vars[k]) : m,
      ),
    )
  const e = escapeHtml
  const { row, to } = r
  const line = (label: string, value: string): string =>
    `<tr><th scope="row">${label}</th><td>${value}</td></tr>`
  const duty = caseDuty(content, row)
  const dutyCell = duty
    ? `${e(duty.role)}${duty.mandated ? ` · ${t('mandated')}` : ''}<br>${e(duty.text)}${duty.citations
        .map(
          (c) =>
            `<span class="cite">${t('citation', { doc: c.doc, section: c.section, quote: c.quote })}</span>`,
        )
        .join('')}`
    : e(content.triage.roles.find((x) => x.id === row.reporterRole)?.name ?? '') || t('none')
  const reporter = row.anonymous
    ? t('referral.reporter_anonymous')
    : row.reporterSealed !== null
      ? t('referral.reporter_withheld')
      : t('referral.reporter_none')
  const place = [regionName(content, row.region), row.place].filter((x) => x).join(' ')
  const concerns = row.concerns.map((k) => texts[`concern.${k}`] ?? k).join('、')
  const contact = [
    `<strong>${e(to.name)}</strong>`,
    e(to.description),
    to.phone === undefined
      ? t('referral.contact_no_phone')
      : t('referral.contact_phone', { phone: to.phone }),
    ...(to.hours === undefined ? [] : [e(to.hours)]),
    `<span class="cite">${t('referral.source', { doc: to.source.doc, section: to.source.section })}</span>`,
  ].join('<br>')
  return `${documentHead('zh-Hans', `${t('referral.title')} ${e(row.caseNumber)}`, STYLE)}
<body>
<p class="print"><button type="button" id="print">${t('referral.print')}</button></p>
<main>
<h1>${t('referral.title')}</h1>
<table>
${line(t('referral.to'), contact)}
${line(t('referral.case'), e(row.caseNumber))}
${line(t('referral.date'), e(shanghaiDate(new Date(r.at))))}
${line(t('referral.received'), e(shanghaiDate(new Date(row.createdAt))))}
${line(t('referral.urgency'), `<span class="u-${e(row.urgency)}">${t(`urgency.${row.urgency}`)}</span>${concerns ? ` · ${e(concerns)}` : ''}`)}
${line(t('referral.what'), `<div class="what">${e(row.what)}</div>`)}
${line(t('referral.child'), row.age === null ? t('referral.age_unknown') : t('referral.age', { age: row.age }))}
${line(t('referral.place'), place ? e(place) : t('unknown'))}
${line(t('referral.duty'), dutyCell)}
${line(t('referral.reporter'), reporter)}
${line(t('referral.by'), e(r.by))}
</table>
<footer>${t('referral.footer')}</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`
}
