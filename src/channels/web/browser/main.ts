/**
 * @module channels/web/browser/main
 * The chat page's one script, bundled by scripts/build-content.ts and inlined: no framework. It
 * talks to POST /api/v1/chat, and while the user waits for or talks with a person it pulls what the
 * operator writes from GET /api/v1/chat/updates (a long poll); it draws replies with textContent
 * only (server text is never parsed as HTML), and carries out the quick exit. After a reload it
 * draws the conversation again from GET /api/v1/chat/history, and its own words follow the
 * script the bot answers in (`state.lang`). Its settings and words are the JSON in
 * `<template id="config">`.
 */
import type { PageLang, WebPageConfig } from './config.js'

interface Contact {
  name?: string
  phone?: string
  description?: string
}
interface Choice {
  id: string
  label: string
}
interface Reply {
  text?: string
  from?: string
  urgent?: boolean
  link?: { href?: unknown; label?: string }
  contacts?: (Contact | null)[]
  choices?: (Choice | null)[]
}
type Mode = 'bot' | 'queued' | 'operator'
interface ChatAnswer {
  replies: (Reply | null)[]
  state?: { mode?: Mode; lang?: string; waiting?: boolean }
}
interface Updates {
  cursor: number | null
  replies?: (Reply | null)[]
  mode: Mode
  waiting?: boolean
}
interface History {
  lang?: string
  turns: ({ user?: string; withheld?: boolean; replies?: (Reply | null)[] } | null)[]
  cursor?: unknown
  mode: Mode
  waiting?: boolean
}
interface ApiError {
  message?: unknown
  fields?: unknown
}
interface Message {
  id: string
  userId: string
  body: { text?: string; choice?: string | null }
  typed: string | null
  focusInLog: boolean
  node: HTMLElement | null
}

const byId = <E extends HTMLElement = HTMLElement>(id: string): E =>
  document.getElementById(id) as E

const cfg = JSON.parse(
  byId<HTMLTemplateElement>('config').content.textContent ?? '{}',
) as WebPageConfig
let lang: PageLang = 'zh-Hans'
let T = cfg.texts[lang]
const ID_KEY = 'tonghu.userId'
const LANG_KEY = 'tonghu.lang'
const log = byId('log')
const form = byId<HTMLFormElement>('form')
const input = byId<HTMLTextAreaElement>('input')
const sendButton = byId<HTMLButtonElement>('send')
const statusLine = byId('status')
const waiting = byId('waiting')
const counter = byId('counter')
let busy = false
let exited = false
let controller: AbortController | null = null
let failed: HTMLElement | null = null
let memoryId: string | null = null
let currentMode: Mode = 'bot'
const reduceMotion =
  window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches
const region = ((): string | null => {
  try {
    const r = new URLSearchParams(location.search).get('region')
    return r && /^[a-z0-9-]{1,32}$/i.test(r) ? r : null
  } catch {
    return null
  }
})()

const word = (key: string): string => T[key] as string

function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))
}

// 128 random bits as 32 hex digits (the server refuses a userId shorter than 22 characters);
// getRandomValues works everywhere, crypto.randomUUID only on https and localhost.
function randomId(): string {
  const c = window.crypto as Crypto | undefined
  const bytes = new Uint8Array(16)
  if (c && c.getRandomValues) c.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  return Array.prototype.map.call(bytes, (b: number) => (b + 256).toString(16).slice(1)).join('')
}

/** What localStorage holds under a key, or null where storage is blocked. */
function storedItem(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function userId(): string {
  let id = storedItem(ID_KEY)
  if (!id) {
    id = memoryId || randomId()
    try {
      localStorage.setItem(ID_KEY, id)
    } catch {
      /* private mode: keep it in memory */
    }
  }
  memoryId = id
  return id
}

const isLang = (value: string | null | undefined): value is PageLang =>
  !!value && Object.prototype.hasOwnProperty.call(cfg.texts, value)

// The page's own words in the script the bot answers in (Traditional once the user writes it).
function setLang(next: string | null | undefined): void {
  if (!isLang(next)) return
  try {
    localStorage.setItem(LANG_KEY, next)
  } catch {
    /* storage blocked */
  }
  if (next === lang) return
  lang = next
  T = cfg.texts[lang]
  document.documentElement.lang = lang
  document.title = word('page.title')
  for (const node of document.querySelectorAll('[data-t]'))
    node.textContent = word(node.getAttribute('data-t') ?? '')
  for (const node of document.querySelectorAll('[data-t-placeholder]'))
    node.setAttribute('placeholder', word(node.getAttribute('data-t-placeholder') ?? ''))
  for (const node of document.querySelectorAll('[data-t-label]'))
    node.setAttribute('aria-label', word(node.getAttribute('data-t-label') ?? ''))
  const police = document.getElementById('police')
  if (police && cfg.police[lang]) police.textContent = cfg.police[lang]
  setMode(currentMode)
  changed()
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string | null,
  text?: string | number | null,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined && text !== null) node.textContent = String(text)
  return node
}

function icon(name: string): Node {
  return byId<HTMLTemplateElement>('icon-' + name).content.firstElementChild!.cloneNode(true)
}

function bubble(kind: string): { msg: HTMLDivElement; inner: HTMLDivElement } {
  const msg = el('div', 'msg ' + kind)
  const inner = el('div', 'bubble')
  msg.appendChild(inner)
  return { msg, inner }
}

function addUser(text: string): HTMLElement {
  const b = bubble('user')
  b.inner.appendChild(el('span', 'sr', word('page.you_say')))
  b.inner.appendChild(el('p', 'text', text))
  log.appendChild(b.msg)
  return b.msg
}

function telHref(phone: string): string | null {
  const digits = String(phone).replace(/[^0-9+*#]/g, '')
  return digits ? 'tel:' + digits : null
}

function addContacts(parent: HTMLElement, contacts: (Contact | null)[]): void {
  const list = el('ul', 'contacts')
  list.setAttribute('aria-label', word('page.contacts_label'))
  contacts.forEach((c) => {
    if (!c) return
    const href = c.phone ? telHref(c.phone) : null
    const box = href ? el('a', 'call') : el('div', 'agency')
    if (href) {
      box.setAttribute('href', href)
      box.appendChild(icon('phone'))
    }
    const words = el('span', 'words')
    words.appendChild(el('span', 'name', c.name || c.phone || ''))
    if (c.description) words.appendChild(el('span', 'desc', c.description))
    if (href) words.appendChild(el('span', 'hint', word('page.call_hint')))
    box.appendChild(words)
    const item = el('li', 'contact')
    item.appendChild(box)
    list.appendChild(item)
  })
  parent.appendChild(list)
}

function addChoices(parent: HTMLElement, choices: (Choice | null)[]): void {
  const group = el('div', 'choices')
  group.setAttribute('role', 'group')
  group.setAttribute('aria-label', word('page.choices_label'))
  choices.forEach((choice, i) => {
    if (!choice) return
    const button = el('button', 'choice')
    button.type = 'button'
    button.setAttribute('data-choice', String(choice.id))
    button.setAttribute('data-label', String(choice.label))
    // A lone button ("unknown" beside a typed answer) has no number: "1" there is an answer.
    if (choices.length > 1) {
      button.appendChild(el('span', 'num', i + 1))
      // A space for the accessible name ("1 label"); flex layout does not draw it.
      button.appendChild(document.createTextNode(' '))
    }
    button.appendChild(el('span', 'label', choice.label))
    group.appendChild(button)
  })
  parent.appendChild(group)
}

function addReply(reply: Reply): HTMLElement {
  const person = reply.from === 'operator'
  const b = bubble(reply.urgent ? 'bot urgent' : person ? 'bot operator' : 'bot')
  if (person) {
    b.inner.appendChild(el('p', 'who', word('page.operator_says')))
  } else if (reply.urgent) {
    b.msg.setAttribute('role', 'alert')
    const badge = el('p', 'badge')
    badge.appendChild(icon('alert'))
    badge.appendChild(el('span', null, word('page.urgent')))
    b.inner.appendChild(badge)
  } else {
    b.inner.appendChild(el('span', 'sr', word('page.bot_says')))
  }
  b.inner.appendChild(el('p', 'text', reply.text || ''))
  // A page of this service only (a kept result's printable page), opened beside the chat.
  const link = reply.link
  if (link && typeof link.href === 'string' && /^\/r\/[A-Z0-9]{9}$/.test(link.href)) {
    const a = el('a', 'link', link.label || link.href)
    a.setAttribute('href', link.href)
    a.setAttribute('target', '_blank')
    a.setAttribute('rel', 'noopener noreferrer')
    b.inner.appendChild(a)
  }
  if (Array.isArray(reply.contacts) && reply.contacts.length) addContacts(b.inner, reply.contacts)
  if (Array.isArray(reply.choices) && reply.choices.length) addChoices(b.inner, reply.choices)
  log.appendChild(b.msg)
  return b.msg
}

function setBusy(on: boolean): void {
  busy = on
  sendButton.disabled = on
  waiting.hidden = !on
  log.setAttribute('aria-busy', on ? 'true' : 'false')
  for (const button of log.querySelectorAll<HTMLButtonElement>('button.choice, button.retry'))
    button.disabled = on
}

function setMode(mode: Mode | undefined): void {
  currentMode = mode || 'bot'
  const text =
    mode === 'queued'
      ? word('page.status_queued')
      : mode === 'operator'
        ? word('page.status_operator')
        : ''
  statusLine.hidden = !text
  statusLine.textContent = text
  document.body.setAttribute('data-mode', mode || 'bot')
}

function reveal(node: HTMLElement | null): void {
  if (node && node.scrollIntoView)
    node.scrollIntoView({ block: 'start', behavior: reduceMotion ? 'auto' : 'smooth' })
}

// A pressed button is gone once the answer comes: give focus to the next thing to press, so
// keyboard and screen-reader users are not thrown back to the top. Focus in the text box stays.
function keepFocus(message: Message, first: HTMLElement | null): void {
  if (!message.focusInLog) return
  const next = log.querySelector<HTMLButtonElement>(
    'button.choice:not([disabled]), button.retry:not([disabled])',
  )
  if (next) return next.focus({ preventScroll: true })
  if (first) {
    first.setAttribute('tabindex', '-1')
    first.focus({ preventScroll: true })
  }
}

function retireChoices(): void {
  for (const group of log.querySelectorAll('.choices')) group.remove()
}

function dropRetry(): void {
  if (!failed) return
  const button = failed.querySelector('.retry')
  if (button) button.remove()
  failed = null
}

function succeeded(message: Message, data: ChatAnswer): void {
  setBusy(false)
  retireChoices()
  let first: HTMLElement | null = null
  data.replies.forEach((reply) => {
    const node = addReply(reply || {})
    if (!first) first = node
  })
  const mode = data.state && data.state.mode
  if (data.state) setLang(data.state.lang)
  if (!data.replies.length && message.node)
    message.node.appendChild(el('p', 'note', word('page.sent')))
  // Back while waiting for a person: the server has no question to repeat, so say where we are.
  if (!data.replies.length && !message.node && mode === 'queued')
    first = addReply({ text: word('page.still_waiting') })
  setMode(mode)
  if ((mode && mode !== 'bot') || (data.state && data.state.waiting)) pull()
  // The opening message shows no bubble: leave the page at its top, with the 110 line in view.
  if (message.node) reveal(first || message.node)
  keepFocus(message, first || message.node)
}

// While a person is involved, what they write arrives here, in order, without a reload. The first
// call (no cursor) only learns where the conversation's updates stand.
let pulling = false
let cursor: number | null = null
function pull(): void {
  if (pulling || exited) return
  pulling = true
  const url =
    cfg.updates +
    '?userId=' +
    encodeURIComponent(userId()) +
    (cursor === null ? '' : '&after=' + cursor)
  fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' })
    .then((res) => (res.ok ? (res.json() as Promise<Updates>) : null))
    .then(
      (data) => {
        pulling = false
        if (exited) return
        if (!data) {
          setTimeout(pull, 3000)
          return
        }
        const known = cursor !== null
        cursor = data.cursor
        let first: HTMLElement | null = null
        const replies = known ? data.replies || [] : []
        if (replies.length) retireChoices()
        replies.forEach((reply) => {
          const node = addReply(reply || {})
          if (!first) first = node
        })
        if (first) reveal(first)
        if (!known || first) setMode(data.mode)
        // On while a person may write: with one, queued, or in the queue for a danger message.
        if (data.mode !== 'bot' || data.waiting) pull()
      },
      () => {
        pulling = false
        if (!exited) setTimeout(pull, 3000)
      },
    )
}

function failedWith(message: Message, status: number, error: ApiError | null | undefined): void {
  setBusy(false)
  const b = bubble('bot error')
  b.msg.setAttribute('role', 'alert')
  const canRetry = !(status === 400 || status === 413)
  let text: string
  if (!canRetry) {
    const fields: unknown[] = error && Array.isArray(error.fields) ? error.fields : []
    const tooLong =
      status === 413 || fields.some((f) => !!f && (f as { path?: unknown }).path === 'text')
    text = tooLong
      ? fill(word('page.error_too_long'), { max: cfg.maxLength })
      : word('page.error_invalid')
    if (message.typed !== null && !input.value) {
      input.value = message.typed
      changed()
    }
    if (message.node) message.node.classList.add('unsent')
  } else {
    text = status >= 500 ? word('page.error_busy') : word('page.error_network')
  }
  b.inner.appendChild(el('p', 'text', text))
  b.inner.appendChild(el('p', 'text', word('page.error_danger')))
  if (!canRetry && error && typeof error.message === 'string')
    b.inner.appendChild(el('p', 'detail', error.message))
  if (canRetry) {
    const retry = el('button', 'retry', word('page.retry'))
    retry.type = 'button'
    retry.addEventListener('click', () => {
      if (busy || exited) return
      b.msg.remove()
      failed = null
      message.focusInLog = true
      post(message)
    })
    b.inner.appendChild(retry)
    failed = b.msg
  }
  log.appendChild(b.msg)
  reveal(b.msg)
  keepFocus(message, b.msg)
}

function post(message: Message): void {
  setBusy(true)
  const payload: Record<string, unknown> = { userId: message.userId, messageId: message.id }
  for (const key in message.body) payload[key] = message.body[key as keyof Message['body']]
  if (region) payload['region'] = region
  controller = typeof AbortController === 'function' ? new AbortController() : null
  const timer = setTimeout(() => {
    if (controller) controller.abort()
  }, cfg.timeoutMs)
  fetch(cfg.api, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: controller ? controller.signal : null,
    credentials: 'same-origin',
    cache: 'no-store',
  })
    .then((res) =>
      res.json().then(
        (data: unknown) => ({ status: res.status, ok: res.ok, data }),
        () => ({ status: res.status, ok: false, data: null }),
      ),
    )
    .then(
      (r) => {
        clearTimeout(timer)
        if (exited) return
        const data = r.data as (ChatAnswer & { error?: ApiError }) | null
        if (r.ok && data && Array.isArray(data.replies)) succeeded(message, data)
        else failedWith(message, r.status || 500, data && data.error)
      },
      () => {
        clearTimeout(timer)
        if (!exited) failedWith(message, 0, null)
      },
    )
}

// One message, one id: a retry after a network error sends the same id, so it counts once.
function send(body: Message['body'], shown: string | null): void {
  if (busy || exited) return
  dropRetry()
  const message: Message = {
    id: randomId(),
    userId: userId(),
    body,
    typed: body.text !== undefined ? body.text : null,
    focusInLog: log.contains(document.activeElement),
    node: shown ? addUser(shown) : null,
  }
  post(message)
}

function resize(): void {
  input.style.height = 'auto'
  input.style.height = input.scrollHeight + 4 + 'px'
}

function changed(): void {
  resize()
  const left = cfg.maxLength - input.value.length
  const show = left <= cfg.counterFrom
  counter.hidden = !show
  counter.textContent = show ? fill(word('page.counter'), { n: Math.max(0, left) }) : ''
}

function quickExit(): void {
  if (exited) return
  exited = true
  if (controller)
    try {
      controller.abort()
    } catch {
      /* already done */
    }
  try {
    localStorage.clear()
  } catch {
    /* storage blocked */
  }
  try {
    sessionStorage.clear()
  } catch {
    /* storage blocked */
  }
  memoryId = null
  document.title = ''
  document.body.textContent = ''
  location.replace(cfg.exitUrl)
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  const text = input.value.replace(/^\s+|\s+$/g, '')
  if (!text || busy || exited) return
  input.value = ''
  changed()
  send({ text }, text)
})
input.addEventListener('input', changed)
input.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return
  event.preventDefault()
  if (form.requestSubmit) form.requestSubmit()
  else form.dispatchEvent(new Event('submit', { cancelable: true }))
})
log.addEventListener('click', (event) => {
  const target = event.target as Element | null
  const button =
    target && target.closest ? target.closest<HTMLButtonElement>('button.choice') : null
  if (!button || button.disabled || busy) return
  send({ choice: button.getAttribute('data-choice') }, button.getAttribute('data-label'))
})
byId('exit').addEventListener('click', quickExit)
document.addEventListener('keydown', (event) => {
  // Esc also closes the Chinese input method's candidate list: not an exit then.
  if (
    (event.key === 'Escape' || event.key === 'Esc') &&
    !event.isComposing &&
    event.keyCode !== 229
  )
    quickExit()
})
window.addEventListener('pageshow', (event) => {
  if (event.persisted && exited) location.replace(cfg.exitUrl)
})

// The conversation so far, drawn again after a reload: each turn's words, its replies (result
// cards, a case number), the last question's buttons. A page with nothing to redraw sends an
// empty message: the server answers with the current question (the main menu at first). Queued
// for a person, it is sent too: the bot then says that the user is still in the queue.
function redraw(data: History): void {
  setLang(data.lang)
  let last: HTMLElement | null = null
  data.turns.forEach((turn) => {
    if (!turn) return
    if (turn.withheld) addUser(word('page.withheld'))
    else if (turn.user) addUser(turn.user)
    const replies = Array.isArray(turn.replies) ? turn.replies : []
    if (replies.length) retireChoices()
    replies.forEach((reply) => {
      last = addReply(reply || {})
    })
  })
  cursor = typeof data.cursor === 'number' ? data.cursor : null
  setMode(data.mode)
  if (last) reveal(last)
}

function start(): void {
  setLang(storedItem(LANG_KEY))
  const id = storedItem(ID_KEY)
  const fresh = (): void => {
    send({ text: '' }, null)
    pull()
  }
  if (!id) return fresh()
  fetch(cfg.history + '?userId=' + encodeURIComponent(id), {
    headers: { accept: 'application/json' },
    cache: 'no-store',
  })
    .then((res) => (res.ok ? (res.json() as Promise<History>) : null))
    .then(
      (data) => {
        if (exited) return
        if (!data || !Array.isArray(data.turns) || !data.turns.length) return fresh()
        redraw(data)
        if (data.mode === 'queued') send({ text: '' }, null)
        if (data.mode !== 'bot' || data.waiting) pull()
      },
      () => {
        if (!exited) fresh()
      },
    )
}

changed()
start()
