/**
 * @module console/page-html
 * The console's three pages as HTML strings, built once at start per language: sign-in, the
 * queue and one conversation. Each inlines the one stylesheet and the one script (with its JSON
 * config) and is allowed to run only those two blocks, by hash. Every word comes from
 * content/console/console.yaml `texts`; what the server sends later is drawn with textContent.
 */
import { escapeHtml, scriptJson } from '../http/html.js'
import { pagePolicy } from '../channels/web/page-csp.js'
import type { CompiledContent } from '../engine/types.js'
import type { ConsoleLang } from './content.js'
import { CONSOLE_SCRIPT } from './page-script.js'
import { CONSOLE_STYLE } from './page-style.js'

export type ConsolePageKind = 'login' | 'queue' | 'conversation' | 'dashboard'

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
  'dashboard',
] as const

export type ConsoleTextKey = (typeof CONSOLE_TEXT_KEYS)[number]

/** A built page: its HTML and the Content-Security-Policy that lets its blocks run. */
export interface BuiltPage {
  html: string
  policy: string
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
  const h = (key: ConsoleTextKey): string => escapeHtml(texts[key])
  const q = lang === 'zh-Hans' ? '' : `?lang=${lang}`
  const config = {
    page: kind,
    lang,
    texts,
    api: '/api/v1/console',
    pollMs: 2500,
    canned: content.console.canned.map((r) => ({ label: r.label[lang], text: r.text[lang] })),
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
<div class="head">
<p><a href="/console${q}">${h('queue')}</a></p>
<p id="state" class="state" role="status">${h('loading')}</p>
</div>
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
    dashboard: `<main class="dash">
${notice}
${DASHBOARD_SLOT}
</main>`,
  }[kind]
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${h('title')}</title>
<link rel="icon" href="data:,">
<style>${CONSOLE_STYLE}</style>
</head>
<body data-page="${kind}">
${top}
${body}
<script>${script}</script>
</body>
</html>
`
  return { html, policy: `${pagePolicy(script, CONSOLE_STYLE)}; frame-ancestors 'none'` }
}
