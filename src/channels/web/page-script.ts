/**
 * @module channels/web/page-script
 * The page's one script, inlined: plain ES5-ish JavaScript, no framework, no build step. It talks
 * to POST /api/v1/chat, and while the user waits for or talks with a person it pulls what the
 * operator writes from GET /api/v1/chat/updates (a long poll); it draws replies with textContent
 * only (server text is never parsed as HTML), and carries out the quick exit. After a reload it
 * draws the conversation again from GET /api/v1/chat/history, and its own words follow the
 * script the bot answers in (`state.lang`). `__CONFIG__` is replaced by the page's JSON config.
 */

/** The client script of the web chat page, with a `__CONFIG__` placeholder. */
export const PAGE_SCRIPT = String.raw`(function () {
  'use strict'
  var cfg = __CONFIG__
  var lang = 'zh-Hans'
  var T = cfg.texts[lang]
  var ID_KEY = 'tonghu.userId'
  var LANG_KEY = 'tonghu.lang'
  var byId = function (id) { return document.getElementById(id) }
  var log = byId('log')
  var form = byId('form')
  var input = byId('input')
  var sendButton = byId('send')
  var statusLine = byId('status')
  var waiting = byId('waiting')
  var counter = byId('counter')
  var busy = false
  var exited = false
  var controller = null
  var failed = null
  var memoryId = null
  var currentMode = 'bot'
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches
  var region = (function () {
    try {
      var r = new URLSearchParams(location.search).get('region')
      return r && /^[a-z0-9-]{1,32}$/i.test(r) ? r : null
    } catch (e) {
      return null
    }
  })()

  function fill(text, vars) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? String(vars[k]) : m })
  }

  // 128 random bits as 32 hex digits (the server refuses a userId shorter than 22 characters);
  // getRandomValues works everywhere, crypto.randomUUID only on https and localhost.
  function randomId() {
    var c = window.crypto
    var bytes = new Uint8Array(16)
    if (c && c.getRandomValues) c.getRandomValues(bytes)
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1) }).join('')
  }

  function userId() {
    var id = null
    try { id = localStorage.getItem(ID_KEY) } catch (e) { id = null }
    if (!id) {
      id = memoryId || randomId()
      try { localStorage.setItem(ID_KEY, id) } catch (e) { /* private mode: keep it in memory */ }
    }
    memoryId = id
    return id
  }

  // The page's own words in the script the bot answers in (Traditional once the user writes it).
  function setLang(next) {
    if (!next || !cfg.texts[next]) return
    try { localStorage.setItem(LANG_KEY, next) } catch (e) { /* storage blocked */ }
    if (next === lang) return
    lang = next
    T = cfg.texts[lang]
    document.documentElement.lang = lang
    document.title = T['page.title']
    var i
    var words = document.querySelectorAll('[data-t]')
    for (i = 0; i < words.length; i++) words[i].textContent = T[words[i].getAttribute('data-t')]
    var holders = document.querySelectorAll('[data-t-placeholder]')
    for (i = 0; i < holders.length; i++) holders[i].setAttribute('placeholder', T[holders[i].getAttribute('data-t-placeholder')])
    var labels = document.querySelectorAll('[data-t-label]')
    for (i = 0; i < labels.length; i++) labels[i].setAttribute('aria-label', T[labels[i].getAttribute('data-t-label')])
    var police = byId('police')
    if (police && cfg.police[lang]) police.textContent = cfg.police[lang]
    setMode(currentMode)
    changed()
  }

  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined && text !== null) node.textContent = String(text)
    return node
  }

  function icon(name) {
    return byId('icon-' + name).content.firstElementChild.cloneNode(true)
  }

  function bubble(kind) {
    var msg = el('div', 'msg ' + kind)
    var inner = el('div', 'bubble')
    msg.appendChild(inner)
    return { msg: msg, inner: inner }
  }

  function addUser(text) {
    var b = bubble('user')
    b.inner.appendChild(el('span', 'sr', T['page.you_say']))
    b.inner.appendChild(el('p', 'text', text))
    log.appendChild(b.msg)
    return b.msg
  }

  function telHref(phone) {
    var digits = String(phone).replace(/[^0-9+*#]/g, '')
    return digits ? 'tel:' + digits : null
  }

  function addContacts(parent, contacts) {
    var list = el('ul', 'contacts')
    list.setAttribute('aria-label', T['page.contacts_label'])
    contacts.forEach(function (c) {
      if (!c) return
      var href = c.phone ? telHref(c.phone) : null
      var box = el(href ? 'a' : 'div', href ? 'call' : 'agency')
      if (href) {
        box.setAttribute('href', href)
        box.appendChild(icon('phone'))
      }
      var words = el('span', 'words')
      words.appendChild(el('span', 'name', c.name || c.phone || ''))
      if (c.description) words.appendChild(el('span', 'desc', c.description))
      if (href) words.appendChild(el('span', 'hint', T['page.call_hint']))
      box.appendChild(words)
      var item = el('li', 'contact')
      item.appendChild(box)
      list.appendChild(item)
    })
    parent.appendChild(list)
  }

  function addChoices(parent, choices) {
    var group = el('div', 'choices')
    group.setAttribute('role', 'group')
    group.setAttribute('aria-label', T['page.choices_label'])
    choices.forEach(function (choice, i) {
      if (!choice) return
      var button = el('button', 'choice')
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

  function addReply(reply) {
    var person = reply.from === 'operator'
    var b = bubble(reply.urgent ? 'bot urgent' : person ? 'bot operator' : 'bot')
    if (person) {
      b.inner.appendChild(el('p', 'who', T['page.operator_says']))
    } else if (reply.urgent) {
      b.msg.setAttribute('role', 'alert')
      var badge = el('p', 'badge')
      badge.appendChild(icon('alert'))
      badge.appendChild(el('span', null, T['page.urgent']))
      b.inner.appendChild(badge)
    } else {
      b.inner.appendChild(el('span', 'sr', T['page.bot_says']))
    }
    b.inner.appendChild(el('p', 'text', reply.text || ''))
    // A page of this service only (a kept result's printable page), opened beside the chat.
    var link = reply.link
    if (link && typeof link.href === 'string' && /^\/r\/[A-Z0-9]{9}$/.test(link.href)) {
      var a = el('a', 'link', link.label || link.href)
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

  function setBusy(on) {
    busy = on
    sendButton.disabled = on
    waiting.hidden = !on
    log.setAttribute('aria-busy', on ? 'true' : 'false')
    var buttons = log.querySelectorAll('button.choice, button.retry')
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = on
  }

  function setMode(mode) {
    currentMode = mode || 'bot'
    var text = mode === 'queued' ? T['page.status_queued'] : mode === 'operator' ? T['page.status_operator'] : ''
    statusLine.hidden = !text
    statusLine.textContent = text
    document.body.setAttribute('data-mode', mode || 'bot')
  }

  function reveal(node) {
    if (node && node.scrollIntoView) node.scrollIntoView({ block: 'start', behavior: reduceMotion ? 'auto' : 'smooth' })
  }

  // A pressed button is gone once the answer comes: give focus to the next thing to press, so
  // keyboard and screen-reader users are not thrown back to the top. Focus in the text box stays.
  function keepFocus(message, first) {
    if (!message.focusInLog) return
    var next = log.querySelector('button.choice:not([disabled]), button.retry:not([disabled])')
    if (next) return next.focus({ preventScroll: true })
    if (first) {
      first.setAttribute('tabindex', '-1')
      first.focus({ preventScroll: true })
    }
  }

  function retireChoices() {
    var groups = log.querySelectorAll('.choices')
    for (var i = 0; i < groups.length; i++) groups[i].remove()
  }

  function dropRetry() {
    if (!failed) return
    var button = failed.querySelector('.retry')
    if (button) button.remove()
    failed = null
  }

  function succeeded(message, data) {
    setBusy(false)
    retireChoices()
    var first = null
    data.replies.forEach(function (reply) {
      var node = addReply(reply || {})
      if (!first) first = node
    })
    var mode = data.state && data.state.mode
    if (data.state) setLang(data.state.lang)
    if (!data.replies.length && message.node) message.node.appendChild(el('p', 'note', T['page.sent']))
    // Back while waiting for a person: the server has no question to repeat, so say where we are.
    if (!data.replies.length && !message.node && mode === 'queued')
      first = addReply({ text: T['page.still_waiting'] })
    setMode(mode)
    if ((mode && mode !== 'bot') || (data.state && data.state.waiting)) pull()
    // The opening message shows no bubble: leave the page at its top, with the 110 line in view.
    if (message.node) reveal(first || message.node)
    keepFocus(message, first || message.node)
  }

  // While a person is involved, what they write arrives here, in order, without a reload. The first
  // call (no cursor) only learns where the conversation's updates stand.
  var pulling = false
  var cursor = null
  function pull() {
    if (pulling || exited) return
    pulling = true
    var url = cfg.updates + '?userId=' + encodeURIComponent(userId()) + (cursor === null ? '' : '&after=' + cursor)
    fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (res) { return res.ok ? res.json() : null })
      .then(
        function (data) {
          pulling = false
          if (exited) return
          if (!data) return setTimeout(pull, 3000)
          var known = cursor !== null
          cursor = data.cursor
          var first = null
          var replies = known ? data.replies || [] : []
          if (replies.length) retireChoices()
          replies.forEach(function (reply) {
            var node = addReply(reply || {})
            if (!first) first = node
          })
          if (first) reveal(first)
          if (!known || first) setMode(data.mode)
          // On while a person may write: with one, queued, or in the queue for a danger message.
          if (data.mode !== 'bot' || data.waiting) pull()
        },
        function () {
          pulling = false
          if (!exited) setTimeout(pull, 3000)
        },
      )
  }

  function failedWith(message, status, error) {
    setBusy(false)
    var b = bubble('bot error')
    b.msg.setAttribute('role', 'alert')
    var canRetry = !(status === 400 || status === 413)
    var text
    if (!canRetry) {
      var fields = error && Array.isArray(error.fields) ? error.fields : []
      var tooLong = status === 413 || fields.some(function (f) { return f && f.path === 'text' })
      text = tooLong ? fill(T['page.error_too_long'], { max: cfg.maxLength }) : T['page.error_invalid']
      if (message.typed !== null && !input.value) {
        input.value = message.typed
        changed()
      }
      if (message.node) message.node.classList.add('unsent')
    } else {
      text = status >= 500 ? T['page.error_busy'] : T['page.error_network']
    }
    b.inner.appendChild(el('p', 'text', text))
    b.inner.appendChild(el('p', 'text', T['page.error_danger']))
    if (!canRetry && error && typeof error.message === 'string') b.inner.appendChild(el('p', 'detail', error.message))
    if (canRetry) {
      var retry = el('button', 'retry', T['page.retry'])
      retry.type = 'button'
      retry.addEventListener('click', function () {
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

  function post(message) {
    setBusy(true)
    var payload = { userId: message.userId, messageId: message.id }
    for (var key in message.body) payload[key] = message.body[key]
    if (region) payload.region = region
    controller = typeof AbortController === 'function' ? new AbortController() : null
    var timer = setTimeout(function () { if (controller) controller.abort() }, cfg.timeoutMs)
    fetch(cfg.api, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: controller ? controller.signal : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
    })
      .then(function (res) {
        return res.json().then(
          function (data) { return { status: res.status, ok: res.ok, data: data } },
          function () { return { status: res.status, ok: false, data: null } },
        )
      })
      .then(
        function (r) {
          clearTimeout(timer)
          if (exited) return
          if (r.ok && r.data && Array.isArray(r.data.replies)) succeeded(message, r.data)
          else failedWith(message, r.status || 500, r.data && r.data.error)
        },
        function () {
          clearTimeout(timer)
          if (!exited) failedWith(message, 0, null)
        },
      )
  }

  // One message, one id: a retry after a network error sends the same id, so it counts once.
  function send(body, shown) {
    if (busy || exited) return
    dropRetry()
    var message = {
      id: randomId(),
      userId: userId(),
      body: body,
      typed: body.text !== undefined ? body.text : null,
      focusInLog: log.contains(document.activeElement),
      node: shown ? addUser(shown) : null,
    }
    post(message)
  }

  function resize() {
    input.style.height = 'auto'
    input.style.height = input.scrollHeight + 4 + 'px'
  }

  function changed() {
    resize()
    var left = cfg.maxLength - input.value.length
    var show = left <= cfg.counterFrom
    counter.hidden = !show
    counter.textContent = show ? fill(T['page.counter'], { n: Math.max(0, left) }) : ''
  }

  function quickExit() {
    if (exited) return
    exited = true
    if (controller) try { controller.abort() } catch (e) { /* already done */ }
    try { localStorage.clear() } catch (e) { /* storage blocked */ }
    try { sessionStorage.clear() } catch (e) { /* storage blocked */ }
    memoryId = null
    document.title = ''
    document.body.textContent = ''
    location.replace(cfg.exitUrl)
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault()
    var text = input.value.replace(/^\s+|\s+$/g, '')
    if (!text || busy || exited) return
    input.value = ''
    changed()
    send({ text: text }, text)
  })
  input.addEventListener('input', changed)
  input.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return
    event.preventDefault()
    if (form.requestSubmit) form.requestSubmit()
    else form.dispatchEvent(new Event('submit', { cancelable: true }))
  })
  log.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('button.choice') : null
    if (!button || button.disabled || busy) return
    send({ choice: button.getAttribute('data-choice') }, button.getAttribute('data-label'))
  })
  byId('exit').addEventListener('click', quickExit)
  document.addEventListener('keydown', function (event) {
    // Esc also closes the Chinese input method's candidate list: not an exit then.
    if ((event.key === 'Escape' || event.key === 'Esc') && !event.isComposing && event.keyCode !== 229) quickExit()
  })
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && exited) location.replace(cfg.exitUrl)
  })

  // The conversation so far, drawn again after a reload: each turn's words, its replies (result
  // cards, a case number), the last question's buttons. A page with nothing to redraw sends an
  // empty message: the server answers with the current question (the main menu at first). Queued
  // for a person, it is sent too: the bot then says that the user is still in the queue.
  function redraw(data) {
    setLang(data.lang)
    var last = null
    data.turns.forEach(function (turn) {
      if (!turn) return
      if (turn.withheld) addUser(T['page.withheld'])
      else if (turn.user) addUser(turn.user)
      var replies = Array.isArray(turn.replies) ? turn.replies : []
      if (replies.length) retireChoices()
      replies.forEach(function (reply) { last = addReply(reply || {}) })
    })
    cursor = typeof data.cursor === 'number' ? data.cursor : null
    setMode(data.mode)
    if (last) reveal(last)
  }

  function start() {
    var stored = null
    try { stored = localStorage.getItem(LANG_KEY) } catch (e) { stored = null }
    setLang(stored)
    var id = null
    try { id = localStorage.getItem(ID_KEY) } catch (e) { id = null }
    var fresh = function () {
      send({ text: '' }, null)
      pull()
    }
    if (!id) return fresh()
    fetch(cfg.history + '?userId=' + encodeURIComponent(id), { headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (res) { return res.ok ? res.json() : null })
      .then(
        function (data) {
          if (exited) return
          if (!data || !Array.isArray(data.turns) || !data.turns.length) return fresh()
          redraw(data)
          if (data.mode === 'queued') send({ text: '' }, null)
          if (data.mode !== 'bot' || data.waiting) pull()
        },
        function () { if (!exited) fresh() },
      )
  }

  changed()
  start()
})()
`
