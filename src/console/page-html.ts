/**
 * @module console/page-html
 * The console's pages as HTML strings, built once at start per language: sign-in, the queue, one
 * conversation, the case list and one case. Each inlines the one stylesheet and the one script (with its JSON
 * config) and is allowed to run only those two blocks, by hash. Every word comes from
 * content/console/console.yaml `texts`; what the server sends later is drawn with textContent.
 */
import { documentHead, escapeHtml, scriptJson } from '../http/html.js'
import { pagePolicy } from '../channels/web/page-csp.js'
import type { CompiledContent } from '../engine/types.js'
import { CASE_STATUSES, CLOSE_REASONS } from '../store/case-work.js'
import type { ConsoleLang } from './content.js'
import { localRoles } from './directory.js'
import { CONSOLE_SCRIPT } from './page-script.js'
import { CONSOLE_STYLE } from './page-style.js'

export type ConsolePageKind =
  'login' | 'queue' | 'conversation' | 'cases' | 'case' | 'directory' | 'dashboard'

/** Where the dashboard page's figures go (src/console/dashboard.ts fills it per request). */
export const DASHBOARD_SLOT = '<!--dashboard-->'

export const CONSOLE_LANGS: readonly ConsoleLang[] = ['zh-Hans', 'zh-Hant']

/** Every text key the pages and their script use (a test checks each exists in both scripts). */
export const CONSOLE_TEXT_KEYS = [
  'title',
  'sign_in',
  'sign_out',
  'name',
  'password',
  'sign_in_failed',
  'locked',
  'queue',
  'empty_queue',
  'waiting_since',
  'minutes',
  'claim',
  'claimed_by',
  'open',
  'send',
  'message_placeholder',
  'note',
  'note_placeholder',
  'add_note',
  'canned',
  'transfer',
  'transfer_to',
  'transfer_note',
  'release_queue',
  'release_bot',
  'release_report',
  'close',
  'transcript',
  'packet',
  'from_user',
  'from_bot',
  'from_operator',
  'danger_flag',
  'user_left',
  'taken',
  'not_claimed',
  'where',
  'story',
  'triage',
  'hurt',
  'region',
  'duty',
  'mandated',
  'contacts',
  'screening',
  'entitlements',
  'citation',
  'case',
  'what',
  'age',
  'place',
  'reporter',
  'anonymous',
  'identity_kept',
  'reveal',
  'reveal_reason',
  'online',
  'signed_in_as',
  'loading',
  'error',
  'forbidden',
  'yes',
  'no',
  'unknown',
  'none',
  'mode.bot',
  'mode.queued',
  'mode.operator',
  'urgency.emergency',
  'urgency.urgent',
  'urgency.standard',
  'urgency.none',
  'concern.violence',
  'concern.sexual',
  'concern.injury',
  'concern.suicide',
  'concern.missing',
  'concern.abandoned',
  'concern.street',
  'concern.alone',
  'concern.neglect',
  'concern.guardian',
  'concern.bullying',
  'concern.dropout',
  'concern.care',
  'channel.web',
  'reason.user_asked',
  'reason.danger',
  'reason.self_harm',
  'reason.report_emergency',
  'reason.report_urgent',
  'reason.operator_opened',
  'to_hans',
  'to_hant',
  'cases',
  'cases_empty',
  'cases_more',
  'filter',
  'all',
  'from_date',
  'to_date',
  'urgency',
  'channel',
  'channel.api',
  'channel.line',
  'channel.wechat',
  'created_at',
  'updated_at',
  'assigned_to',
  'unassigned',
  'status',
  'status.received',
  'status.assessing',
  'status.referred',
  'status.closed',
  'close_reason',
  'close.resolved',
  'close.referred_elsewhere',
  'close.duplicate',
  'close.no_concern',
  'close.unable_to_contact',
  'change_status',
  'status_note',
  'assign',
  'assign_me',
  'why_urgent',
  'in_danger',
  'happening_now',
  'conversation',
  'history',
  'history.status',
  'history.assign',
  'history.note',
  'history.referral',
  'referral',
  'referrals',
  'make_referral',
  'no_contacts',
  'not_assigned',
  'conflict',
  'directory',
  'national',
  'origin.console',
  'origin.content',
  'entry_id',
  'agency',
  'role',
  'region_code',
  'action',
  'phone',
  'hours',
  'verified',
  'source_doc',
  'source_section',
  'source_quote',
  'save',
  'withdraw',
  'edit',
  'export',
  'version',
  'updated_by',
  'entry_invalid',
  'saved',
  'role.police_station',
  'role.village_committee',
  'role.child_director',
  'role.welfare_supervisor',
  'role.township',
  'role.civil_affairs',
  'role.protection_center',
  'role.education',
  'role.report_office',
  'dashboard',
] as const

export type ConsoleTextKey = (typeof CONSOLE_TEXT_KEYS)[number]

/** A built page: its HTML and the Content-Security-Policy that lets its blocks run. */
export interface BuiltPage {
  html: string
  policy: string
}

type H = (key: ConsoleTextKey) => string

const options = (h: H, values: readonly string[], prefix: string): string =>
  values
    .map((v) => `<option value="${v}">${h(`${prefix}.${v}` as ConsoleTextKey)}</option>`)
    .join('')

/** The case list: filters (kept in the page's URL) and a table. */
function casesBody(h: H, content: CompiledContent, notice: string): string {
  const any = `<option value="">${h('all')}</option>`
  const regions = content.regions
    .map((r) => `<option value="${escapeHtml(r.slug)}">${escapeHtml(r.name)}</option>`)
    .join('')
  return `<main>
<section class="card" aria-labelledby="cases-h">
<h1 id="cases-h">${h('cases')}</h1>
<form id="filters" class="filters">
<label>${h('status')}<select id="f-status" name="status">${any}${options(h, CASE_STATUSES, 'status')}</select></label>
<label>${h('urgency')}<select id="f-urgency" name="urgency">${any}${options(h, ['emergency', 'urgent', 'standard'], 'urgency')}</select></label>
<label>${h('region')}<select id="f-region" name="region">${any}${regions}</select></label>
<label>${h('channel')}<select id="f-channel" name="channel">${any}${options(h, ['web', 'line', 'wechat', 'api'], 'channel')}</select></label>
<label>${h('from_date')}<input id="f-from" name="from" type="date"></label>
<label>${h('to_date')}<input id="f-to" name="to" type="date"></label>
<p class="row"><button type="submit" class="primary">${h('filter')}</button></p>
</form>
${notice}
<p id="loading" class="muted">${h('loading')}</p>
<p id="empty" class="muted" hidden>${h('cases_empty')}</p>
<div class="scroll"><table id="cases" class="cases" hidden>
<thead><tr><th scope="col">${h('case')}</th><th scope="col">${h('urgency')}</th><th scope="col">${h('status')}</th><th scope="col">${h('region')}</th><th scope="col">${h('channel')}</th><th scope="col">${h('created_at')}</th><th scope="col">${h('assigned_to')}</th></tr></thead>
<tbody></tbody>
</table></div>
</section>
</main>`
}

/** The head of a conversation's or a case's page: the way back, and its state. */
const pageHead = (h: H, back: string, label: ConsoleTextKey): string => `<div class="head">
<p><a href="${back}">${h(label)}</a></p>
<p id="state" class="state" role="status">${h('loading')}</p>
</div>`

/** One case: the facts beside the actions the operator's role may take (the rest stays hidden). */
function caseBody(h: H, q: string, notice: string): string {
  return `<main class="conv">
${pageHead(h, `/console/cases${q}`, 'cases')}
<section class="card packet" aria-labelledby="case-h">
<h2 id="case-h">${h('case')}</h2>
<div id="case"></div>
<h3 id="history-h">${h('history')}</h3>
<ol id="history" class="notes" aria-labelledby="history-h"></ol>
</section>
<section class="card" aria-labelledby="actions-h">
<h2 id="actions-h" class="sr">${h('change_status')}</h2>
${notice}
<div id="assign-tools" class="tools" hidden>
<p class="actions"><button type="button" id="assign-me" class="primary">${h('assign_me')}</button></p>
<form id="assign-form" hidden>
<label for="assign-to">${h('assign')}</label>
<p class="row"><input id="assign-to" list="operators" maxlength="64" autocomplete="off" required>
<datalist id="operators"></datalist>
<button type="submit">${h('assign')}</button></p>
</form>
</div>
<form id="status-form" class="tools" hidden>
<label for="status-to">${h('change_status')}</label>
<select id="status-to"></select>
<label for="status-reason" id="status-reason-label">${h('close_reason')}</label>
<select id="status-reason">${options(h, CLOSE_REASONS, 'close')}</select>
<label for="status-note" class="sr">${h('status_note')}</label>
<p class="row"><input id="status-note" maxlength="2000" placeholder="${h('status_note')}">
<button type="submit" id="status-save" class="primary">${h('change_status')}</button></p>
</form>
<div id="refer-tools" class="tools" hidden>
<h3 id="refer-h">${h('make_referral')}</h3>
<ul id="refer" class="notes" aria-labelledby="refer-h"></ul>
</div>
<div id="reveal-tools" class="tools" hidden></div>
<h3 id="notes-h">${h('note')}</h3>
<ul id="notes" class="notes" aria-labelledby="notes-h"></ul>
<form id="note-form">
<label for="note" class="sr">${h('note')}</label>
<textarea id="note" maxlength="2000" placeholder="${h('note_placeholder')}"></textarea>
<p class="row"><button type="submit">${h('add_note')}</button></p>
</form>
</section>
</main>`
}

/** The contacts directory: every entry routing uses; the form to add or edit one (supervisors). */
function directoryBody(h: H, content: CompiledContent, notice: string): string {
  const field = (id: string, key: ConsoleTextKey, extra = ''): string =>
    `<label for="${id}">${h(key)}</label><input id="${id}" ${extra}>`
  return `<main>
<section class="card" aria-labelledby="directory-h">
<h1 id="directory-h">${h('directory')}</h1>
${notice}
<form id="entry-form" class="filters" hidden>
<div>${field('e-id', 'entry_id', 'maxlength="64" pattern="[a-z0-9_]+" required')}</div>
<div>${field('e-agency', 'agency', 'maxlength="100" required')}</div>
<div><label for="e-role">${h('role')}</label><select id="e-role">${options(h, localRoles(content), 'role')}</select></div>
<div>${field('e-region', 'region_code', 'inputmode="numeric" maxlength="12" required')}</div>
<div>${field('e-action', 'action', 'maxlength="200" required')}</div>
<div>${field('e-phone', 'phone', 'inputmode="tel" maxlength="20"')}</div>
<div>${field('e-hours', 'hours', 'maxlength="100"')}</div>
<div>${field('e-verified', 'verified', 'type="date" required')}</div>
<div>${field('e-doc', 'source_doc', 'maxlength="100" required')}</div>
<div>${field('e-section', 'source_section', 'maxlength="50" required')}</div>
<div>${field('e-quote', 'source_quote', 'maxlength="200" required')}</div>
<p class="row"><button type="submit" id="e-save" class="primary">${h('save')}</button>
<a id="export" class="btn" href="/api/v1/console/directory/export">${h('export')}</a></p>
</form>
<p id="loading" class="muted">${h('loading')}</p>
<div class="scroll"><table id="entries" class="cases" hidden>
<thead><tr><th scope="col">${h('entry_id')}</th><th scope="col">${h('agency')}</th><th scope="col">${h('role')}</th><th scope="col">${h('region')}</th><th scope="col">${h('phone')}</th><th scope="col">${h('verified')}</th><th scope="col">${h('version')}</th><th scope="col"></th></tr></thead>
<tbody></tbody>
</table></div>
</section>
</main>`
}

/** Builds one console page in one language. */
export function consolePage(
  content: CompiledContent,
  kind: ConsolePageKind,
  lang: ConsoleLang,
): BuiltPage {
  const all = content.console.texts[lang]
  const texts = Object.fromEntries(CONSOLE_TEXT_KEYS.map((k) => [k, all[k] ?? k])) as Record<
    ConsoleTextKey,
    string
  >
  // A key outside the list (a role content added since) shows as itself rather than failing.
  const h = (key: ConsoleTextKey): string => escapeHtml(texts[key] ?? key)
  const q = lang === 'zh-Hans' ? '' : `?lang=${lang}`
  const config = {
    page: kind,
    lang,
    texts,
    api: '/api/v1/console',
    pollMs: 2500,
    canned: content.console.canned.map((r) => ({ label: r.label[lang], text: r.text[lang] })),
    /** The national lines (content/contacts/): not edited in the console. */
    nationalLines: Object.fromEntries(Object.keys(content.contacts).map((id) => [id, 1])),
    regions: Object.fromEntries(
      content.regions.flatMap((r) => [
        [r.slug, r.name],
        [r.code, r.name],
      ]),
    ),
  }
  const script = CONSOLE_SCRIPT.replace('__CONFIG__', () => scriptJson(config))
  const other: ConsoleLang = lang === 'zh-Hans' ? 'zh-Hant' : 'zh-Hans'
  // A language is offered in its own script, whatever the page's.
  const otherName = content.console.texts[other][other === 'zh-Hant' ? 'to_hant' : 'to_hans']
  const signedIn = kind !== 'login'
  const top = `<header class="top"><div class="bar">
<a class="brand" href="/console${q}">${h('title')}</a>
${signedIn ? `<a class="nav" href="/console/cases${q}">${h('cases')}</a>` : ''}
${signedIn ? `<a class="nav" href="/console/directory${q}">${h('directory')}</a>` : ''}
${signedIn ? `<a id="dashboard-link" href="/console/dashboard${q}"${kind === 'dashboard' ? ' aria-current="page"' : ' hidden'}>${h('dashboard')}</a>` : ''}
${signedIn ? '<span id="me" class="me"></span>' : ''}
<a id="lang" class="lang" href="?lang=${other}" lang="${other}">${escapeHtml(otherName ?? other)}</a>
${signedIn ? `<button type="button" id="sign-out">${h('sign_out')}</button>` : ''}
</div></header>`
  const notice = '<p id="notice" class="notice" role="alert" hidden></p>'
  const body = {
    login: `<main class="narrow">
<form id="login" class="card" method="post" novalidate>
<h1>${h('sign_in')}</h1>
<label for="name">${h('name')}</label>
<input id="name" name="name" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" required>
<label for="password">${h('password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required>
<p class="row"><button type="submit" id="submit" class="primary">${h('sign_in')}</button></p>
</form>
${notice}
</main>`,
    queue: `<main>
<section class="card" aria-labelledby="queue-h">
<h1 id="queue-h">${h('queue')}</h1>
${notice}
<p id="loading" class="muted">${h('loading')}</p>
<p id="empty" class="muted" hidden>${h('empty_queue')}</p>
<ul id="queue" class="queue"></ul>
</section>
<section class="card" aria-labelledby="online-h">
<h2 id="online-h">${h('online')}</h2>
<ul id="online" class="online"></ul>
</section>
</main>`,
    conversation: `<main class="conv">
${pageHead(h, `/console${q}`, 'queue')}
<section class="card packet" aria-labelledby="packet-h">
<h2 id="packet-h">${h('packet')}</h2>
<div id="packet"></div>
<h3 id="notes-h">${h('note')}</h3>
<ul id="notes" class="notes" aria-labelledby="notes-h"></ul>
<form id="note-form">
<label for="note" class="sr">${h('note')}</label>
<textarea id="note" maxlength="2000" placeholder="${h('note_placeholder')}"></textarea>
<p class="row"><button type="submit">${h('add_note')}</button></p>
</form>
</section>
<section class="card talk" aria-labelledby="log-h">
<h2 id="log-h">${h('transcript')}</h2>
<ol id="log" class="log" aria-live="polite"></ol>
${notice}
<div id="claim-tools" class="tools" hidden>
<p class="actions"><button type="button" id="claim" class="primary">${h('claim')}</button></p>
</div>
<div id="owner-tools" class="tools" hidden>
<div class="canned" role="group" aria-label="${h('canned')}">${content.console.canned
      .map(
        (r, i) => `<button type="button" data-canned="${i}">${escapeHtml(r.label[lang])}</button>`,
      )
      .join('')}</div>
<form id="message-form">
<label for="message" class="sr">${h('message_placeholder')}</label>
<textarea id="message" maxlength="2000" placeholder="${h('message_placeholder')}"></textarea>
<p class="row"><button type="submit" id="send" class="primary">${h('send')}</button></p>
</form>
<form id="transfer-form">
<label for="transfer-to">${h('transfer')}</label>
<p class="row"><input id="transfer-to" list="operators" maxlength="64" placeholder="${h('transfer_to')}" autocomplete="off" required>
<datalist id="operators"></datalist></p>
<label for="transfer-note" class="sr">${h('transfer_note')}</label>
<p class="row"><input id="transfer-note" maxlength="2000" placeholder="${h('transfer_note')}">
<button type="submit">${h('transfer')}</button></p>
</form>
<p class="actions">
<button type="button" id="release-queue">${h('release_queue')}</button>
<button type="button" id="release-bot">${h('release_bot')}</button>
<button type="button" id="release-report">${h('release_report')}</button>
<button type="button" id="close" class="warn">${h('close')}</button>
</p>
</div>
</section>
</main>`,
    cases: casesBody(h, content, notice),
    case: caseBody(h, q, notice),
    directory: directoryBody(h, content, notice),
    dashboard: `<main class="dash">
${notice}
${DASHBOARD_SLOT}
</main>`,
  }[kind]
  const html = `${documentHead(lang, h('title'), CONSOLE_STYLE)}
<body data-page="${kind}">
${top}
${body}
<script>${script}</script>
</body>
</html>
`
  return { html, policy: `${pagePolicy(script, CONSOLE_STYLE)}; frame-ancestors 'none'` }
}
