/**
 * @module channels/web/page
 * The web chat page at `/`: one HTML string built once at start, with its stylesheet and script
 * inline (no external resources) and a CSP that allows only those two blocks. The script is
 * ./browser/main.ts, bundled at build time into src/generated/browser.ts; its settings and words
 * travel as JSON in `<template id="config">`, never spliced into its code.
 * Every word on it comes from content/texts/page.yaml; server text is inserted with textContent.
 */
import { escapeHtml, scriptJson } from '../../http/html.js'
import { policeEntry } from '../../triage/route.js'
import type { CompiledContent, Lang } from '../../engine/types.js'
import { WEB_SCRIPT } from '../../generated/browser.js'
import type { WebPageConfig } from './browser/config.js'
import { pagePolicy } from './page-csp.js'
import { PAGE_STYLE } from './page-style.js'
import { pageTexts } from './page-texts.js'

/** Options for {@link webPage}. */
export interface WebPageOptions {
  /** Where the quick-exit button goes: a neutral page (http/https), or `about:blank` (the default). */
  exitUrl?: string
}

const LANGS: readonly Lang[] = ['zh-Hans', 'zh-Hant', 'en']

const safeExitUrl = (url: string | undefined): string =>
  url && /^(https?:\/\/[^\s"'<>]+|about:blank)$/.test(url) ? url : 'about:blank'

const ICONS = {
  phone:
    'M6.6 10.8a15.2 15.2 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1C10.6 21 3 13.4 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1z',
  alert: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
  exit: 'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z',
} as const

const svg = (name: keyof typeof ICONS): string =>
  `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="${ICONS[name]}"/></svg>`

/** The chat page, built once from the compiled content. */
export function webPage(content: CompiledContent, options: WebPageOptions = {}): string {
  const t = pageTexts(content)
  // The page's own words by key: drawn in simplified Chinese, redrawn in the user's script.
  const h = (key: keyof typeof t): string => escapeHtml(t[key])
  const d = (key: keyof typeof t): string => `data-t="${key}">${h(key)}`
  const maxLength = content.settings.maxTextLength
  const police = policeEntry(content.triage)
  const emergency =
    police?.phone === undefined ? undefined : { phone: police.phone, name: police.agency }
  const texts = Object.fromEntries(
    LANGS.map((lang) => [lang, pageTexts(content, lang)]),
  ) as WebPageConfig['texts']
  const agency = emergency?.name ?? ''
  const config: WebPageConfig = {
    texts,
    police: { 'zh-Hans': agency, 'zh-Hant': content.contactsHant[agency] ?? agency, en: agency },
    api: '/api/v1/chat',
    updates: '/api/v1/chat/updates',
    history: '/api/v1/chat/history',
    maxLength,
    counterFrom: Math.min(200, maxLength),
    timeoutMs: 30_000,
    exitUrl: safeExitUrl(options.exitUrl),
  }
  const style = PAGE_STYLE

  const sos = emergency?.phone
    ? `<p class="sos"><span ${d('page.emergency')}</span>` +
      `<a href="tel:${escapeHtml(emergency.phone.replace(/[^0-9+*#]/g, ''))}">${svg('phone')}` +
      `<span ${d('page.emergency_call')}</span> <span id="police">${escapeHtml(agency)}</span></a></p>`
    : ''

  return `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(pagePolicy(WEB_SCRIPT, style))}">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<meta name="theme-color" content="#ffffff">
<title>${h('page.title')}</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body data-mode="bot">
<header class="top">
<div class="bar">
<p class="brand"><strong ${d('page.brand')}</strong><span ${d('page.tagline')}</span></p>
<button type="button" id="exit" class="exit" aria-describedby="exit-hint">${svg('exit')}<span ${d('page.quick_exit')}</span></button>
<span id="exit-hint" class="sr" ${d('page.quick_exit_hint')}</span>
</div>
<p id="status" class="status" role="status" hidden></p>
</header>
${sos}
<main>
<noscript><p class="noscript">${h('page.noscript')}</p></noscript>
<div id="log" class="log" role="log" aria-live="polite" aria-label="${h('page.log_label')}" data-t-label="page.log_label"></div>
<p id="waiting" class="waiting" hidden ${d('page.waiting')}</p>
</main>
<footer class="compose">
<form id="form" novalidate>
<label for="input" class="sr" ${d('page.input_label')}</label>
<textarea id="input" name="text" rows="1" maxlength="${maxLength}" placeholder="${h('page.input_placeholder')}" data-t-placeholder="page.input_placeholder" enterkeyhint="send" autocomplete="off"></textarea>
<button type="submit" id="send" class="send" ${d('page.send')}</button>
</form>
<p id="counter" class="counter" aria-live="polite" hidden></p>
</footer>
<template id="icon-phone">${svg('phone')}</template>
<template id="icon-alert">${svg('alert')}</template>
<template id="config">${scriptJson(config)}</template>
<script>${WEB_SCRIPT}</script>
</body>
</html>
`
}
