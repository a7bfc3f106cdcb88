/**
 * @module console/page-script
 * The console's one script, inlined in each page: plain JavaScript, no framework, no build step.
 * `cfg.page` says which page it runs: sign-in (POST /api/v1/console/login), the queue (polled
 * every few seconds; a beep and a count in the title when a new emergency or urgent item comes)
 * or one conversation (its packet and transcript, then a long poll that appends what is new, and
 * the operator's controls), the case list (filters kept in the URL) or one case (its facts,
 * history and notes, and only the actions the operator's role may take). Every state-changing request carries the x-csrf-token header. Server
 * text is drawn with textContent only. `__CONFIG__` is replaced by the page's JSON config.
 */

/** The client script of the console pages, with a `__CONFIG__` placeholder. */
export const CONSOLE_SCRIPT = String.raw`(function () {
  'use strict'
  var cfg = __CONFIG__
  var T = cfg.texts
  var CSRF_KEY = 'tonghu.console.csrf'
  var LQ = cfg.lang === 'zh-Hans' ? '' : '?lang=' + cfg.lang
  var byId = function (id) { return document.getElementById(id) }
  var notice = byId('notice')
  var me = null

  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined && text !== null) node.textContent = String(text)
    return node
  }
  function fill(text, vars) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? String(vars[k]) : m })
  }
  function say(text, bad) {
    notice.textContent = text || ''
    notice.className = bad ? 'notice bad' : 'notice'
    notice.hidden = !text
  }
  function csrf() {
    try { return sessionStorage.getItem(CSRF_KEY) || '' } catch (e) { return '' }
  }
  function keepCsrf(token) {
    try { sessionStorage.setItem(CSRF_KEY, token) } catch (e) { /* storage blocked: ask /me again */ }
  }
  function toLogin() { location.replace('/console/login' + LQ) }

  // One request: resolves to { status, data }; a signed-out answer goes to the sign-in page.
  function call(method, path, body) {
    var init = { method: method, headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' }
    if (method !== 'GET') {
      init.headers['content-type'] = 'application/json'
      init.headers['x-csrf-token'] = me ? me.csrfToken : csrf()
      init.body = JSON.stringify(body || {})
    }
    return fetch(cfg.api + path, init).then(function (res) {
      return res.json().then(
        function (data) { return { status: res.status, data: data } },
        function () { return { status: res.status, data: null } },
      )
    }).then(function (r) {
      if (r.status === 401 && cfg.page !== 'login') toLogin()
      return r
    })
  }
  function post(path, body) { return call('POST', path, body) }

  // Why a request was refused, in the operator's words.
  function refusal(r) {
    if (r.status === 409) return r.data && r.data.error && r.data.error.code === 'not_claimed' ? T.not_claimed : T.taken
    if (r.status === 403) return T.forbidden
    return T.error
  }

  // Who reported a case, shown after a reason is given (the server records it, and refuses a role
  // that may not); \`explain\` words a refusal.
  function revealForm(caseNumber, explain) {
    var form = el('form', 'reveal')
    var input = el('input')
    input.setAttribute('aria-label', T.reveal_reason)
    input.placeholder = T.reveal_reason
    input.minLength = 5
    input.maxLength = 500
    var button = el('button', null, T.reveal)
    button.type = 'submit'
    var out = el('p', 'danger revealed')
    form.appendChild(input)
    form.appendChild(button)
    form.appendChild(out)
    form.addEventListener('submit', function (event) {
      event.preventDefault()
      post('/cases/' + encodeURIComponent(caseNumber) + '/reveal', { reason: input.value }).then(function (r) {
        out.textContent = r.status === 200 && r.data
          ? [r.data.name, r.data.contact].filter(function (x) { return x }).join(' · ') || T.none
          : explain(r)
      }, function () { out.textContent = T.error })
    })
    return form
  }

  function loadMe() {
    return call('GET', '/me').then(function (r) {
      if (r.status !== 200 || !r.data) throw new Error('me')
      me = { name: r.data.operator.name, role: r.data.operator.role, csrfToken: r.data.csrfToken }
      keepCsrf(me.csrfToken)
      var who = byId('me')
      if (who) who.replaceChildren(el('span', 'label', T.signed_in_as), document.createTextNode(me.name))
      // The dashboard is for supervisors (the server refuses it to others anyway).
      var dashboard = byId('dashboard-link')
      if (dashboard) dashboard.hidden = me.role !== 'supervisor'
      return me
    })
  }

  function signOut() {
    post('/logout').then(function () {
      try { sessionStorage.removeItem(CSRF_KEY) } catch (e) { /* nothing kept */ }
      toLogin()
    }, function () { say(T.error, true) })
  }

  function minutesSince(iso) {
    var ms = Date.now() - Date.parse(iso)
    return ms > 0 ? Math.floor(ms / 60000) : 0
  }
  function clock(iso) {
    var d = new Date(iso)
    var two = function (n) { return (n < 10 ? '0' : '') + n }
    return isNaN(d.getTime()) ? '' : two(d.getHours()) + ':' + two(d.getMinutes())
  }
  function conversationUrl(id) { return '/console/c/' + encodeURIComponent(id) + LQ }

  // ---- sign-in ----
  function loginPage() {
    var form = byId('login')
    var button = byId('submit')
    form.addEventListener('submit', function (event) {
      event.preventDefault()
      var name = byId('name').value.replace(/^\s+|\s+$/g, '')
      var password = byId('password').value
      if (!name || !password) return
      button.disabled = true
      say('')
      post('/login', { name: name, password: password }).then(function (r) {
        button.disabled = false
        if (r.status === 200 && r.data && r.data.csrfToken) {
          keepCsrf(r.data.csrfToken)
          location.assign('/console' + LQ)
        } else {
          byId('password').value = ''
          say(r.status === 429 ? T.locked : r.status === 401 ? T.sign_in_failed : T.error, true)
        }
      }, function () {
        button.disabled = false
        say(T.error, true)
      })
    })
  }

  // ---- the queue ----
  var audio = null
  function unlockAudio() {
    try {
      var A = window.AudioContext || window.webkitAudioContext
      if (!audio && A) audio = new A()
      var resumed = audio && audio.state === 'suspended' ? audio.resume() : null
      if (resumed && resumed.catch) resumed.catch(function () { /* allowed after a tap only */ })
    } catch (e) { audio = null }
  }
  function beep() {
    try {
      unlockAudio()
      if (!audio) return
      var tone = audio.createOscillator()
      var gain = audio.createGain()
      tone.frequency.value = 880
      gain.gain.value = 0.2
      tone.connect(gain)
      gain.connect(audio.destination)
      tone.start()
      tone.stop(audio.currentTime + 0.3)
    } catch (e) { /* no sound allowed here: the title still counts */ }
  }

  function queuePage() {
    var list = byId('queue')
    var seen = null
    // Emergency and urgent items that came while the page was open: marked until someone has them.
    var fresh = {}
    var drawn = ''
    document.addEventListener('pointerdown', unlockAudio)
    document.addEventListener('keydown', unlockAudio)

    function claim(id, button) {
      button.disabled = true
      post('/conversations/' + id + '/claim').then(function (r) {
        if (r.status === 200) return location.assign(conversationUrl(id))
        button.disabled = false
        say(refusal(r), true)
      }, function () {
        button.disabled = false
        say(T.error, true)
      })
    }

    function item(it, fresh) {
      var alarm = it.urgency === 'emergency' || it.urgency === 'urgent'
      var li = el('li', 'item u-' + it.urgency + (fresh ? ' new' : ''))
      li.setAttribute('data-id', it.conversationId)
      var meta = el('p', 'meta')
      meta.appendChild(el('span', 'badge u-' + it.urgency, T['urgency.' + it.urgency] || it.urgency))
      meta.appendChild(el('span', 'channel', T['channel.' + it.channel] || it.channel))
      if (it.region) meta.appendChild(el('span', 'region', cfg.regions[it.region] || it.region))
      meta.appendChild(el('span', 'waited', T.waiting_since + ' ' + minutesSince(it.waitingSince) + ' ' + T.minutes))
      li.appendChild(meta)
      li.appendChild(el('p', 'summary', it.summary))
      if (it.claimedBy) li.appendChild(el('p', 'owner', T.claimed_by + it.claimedBy))
      var actions = el('p', 'actions')
      var mine = it.claimedBy === me.name && it.mode === 'operator'
      if (!it.claimedBy || (!mine && me.role === 'supervisor')) {
        var button = el('button', alarm ? 'claim primary' : 'claim', T.claim)
        button.type = 'button'
        button.addEventListener('click', function () { claim(it.conversationId, button) })
        actions.appendChild(button)
      }
      var open = el('a', 'btn open', T.open)
      open.href = conversationUrl(it.conversationId)
      actions.appendChild(open)
      li.appendChild(actions)
      return li
    }

    function draw(data) {
      var items = Array.isArray(data.items) ? data.items : []
      var now = {}
      var marked = {}
      var alarms = 0
      var ring = false
      items.forEach(function (it) {
        now[it.conversationId] = it.urgency
        var alarm = it.urgency === 'emergency' || it.urgency === 'urgent'
        if (alarm && !it.claimedBy) alarms++
        // New, or raised to this urgency since the last look.
        if (seen && alarm && seen[it.conversationId] !== it.urgency) {
          fresh[it.conversationId] = true
          ring = true
        }
        if (fresh[it.conversationId] && !it.claimedBy) marked[it.conversationId] = true
      })
      seen = now
      fresh = marked
      document.title = alarms ? '(' + alarms + ') ' + T.title : T.title
      if (ring) beep()
      byId('loading').hidden = true
      byId('empty').hidden = items.length > 0
      var key = JSON.stringify([items, Object.keys(fresh), items.map(function (it) { return minutesSince(it.waitingSince) })])
      if (key !== drawn) {
        drawn = key
        var nodes = items.map(function (it) { return item(it, fresh[it.conversationId]) })
        list.replaceChildren.apply(list, nodes)
      }
      var online = byId('online')
      online.replaceChildren.apply(online, (data.online || []).map(function (name) { return el('li', null, name) }))
    }

    function poll() {
      call('GET', '/queue').then(function (r) {
        if (r.status === 200 && r.data) draw(r.data)
        setTimeout(poll, cfg.pollMs)
      }, function () { setTimeout(poll, cfg.pollMs) })
    }
    loadMe().then(poll, function () { say(T.error, true) })
  }

  // ---- one conversation ----
  function conversationPage() {
    var ref = location.pathname.split('/').pop()
    var base = '/conversations/' + ref
    var log = byId('log')
    var state = { mode: null, claimedBy: null, cursor: 0 }

    function row(dl, label, value, className) {
      if (value === null || value === undefined || value === '') return
      dl.appendChild(el('dt', null, label))
      if (value instanceof Node) {
        var dd = el('dd', className)
        dd.appendChild(value)
        dl.appendChild(dd)
      } else dl.appendChild(el('dd', className, value))
    }
    function lines(items, draw) {
      var ul = el('ul')
      items.forEach(function (x) { ul.appendChild(draw(x)) })
      return items.length ? ul : null
    }
    function cite(c) {
      return el('span', 'cite', fill(T.citation, { doc: c.doc, section: c.section, quote: c.quote }))
    }
    function shown(v) {
      return v === true ? T.yes : v === false ? T.no : v === null ? T.unknown : String(v)
    }

    function drawPacket(p) {
      var dl = el('dl')
      if (p.where) row(dl, T.where, p.where.question || p.where.flow + ' / ' + p.where.node)
      row(dl, T.story, p.story)
      if (p.triage) {
        var read = [T['urgency.' + p.triage.urgency] || p.triage.urgency]
        if (p.triage.hurt) read.push(T.hurt)
        p.triage.concerns.forEach(function (k) { read.push(T['concern.' + k] || k) })
        row(dl, T.triage, read.join(' · '))
        row(dl, T.danger_flag, lines(p.triage.words, function (w) { return el('li', 'danger', w) }))
      }
      if (p.region) {
        row(dl, T.region, p.region.name || cfg.regions[p.region.code] || p.region.code)
        if (p.region.duty) {
          var duty = el('div')
          duty.appendChild(el('p', null, p.region.duty.role + (p.region.duty.mandated ? ' · ' + T.mandated : '')))
          duty.appendChild(el('p', null, p.region.duty.text))
          p.region.duty.citations.forEach(function (c) { duty.appendChild(cite(c)) })
          row(dl, T.duty, duty)
        }
        row(dl, T.contacts, lines(p.region.contacts, function (c) {
          var li = el('li', null, c.name + (c.phone ? ' ' + c.phone : ''))
          li.appendChild(el('span', 'cite', c.description))
          return li
        }))
      }
      if (p.screening) {
        row(dl, T.screening, lines(Object.keys(p.screening.answers), function (k) {
          return el('li', null, k + ': ' + shown(p.screening.answers[k]))
        }))
        row(dl, T.entitlements, lines(p.screening.likely, function (m) {
          var li = el('li', null, m.name)
          if (m.review) li.appendChild(el('span', 'cite', m.review))
          m.reasons.forEach(function (r) {
            li.appendChild(el('span', 'cite', r.text))
            li.appendChild(cite(r.citation))
          })
          return li
        }))
      }
      p.reports.forEach(function (c) {
        var box = el('div')
        box.appendChild(el('p', null, (T['urgency.' + c.urgency] || c.urgency) + ' · ' + statusWords(c.status)))
        var open = el('a', null, T.open)
        open.href = caseUrl(c.caseNumber)
        box.appendChild(open)
        box.appendChild(el('p', null, T.what + ': ' + c.what))
        if (c.age !== null) box.appendChild(el('p', null, T.age + ': ' + c.age))
        if (c.place) box.appendChild(el('p', null, T.place + ': ' + c.place))
        if (c.reporterRole) box.appendChild(el('p', null, T.reporter + ': ' + c.reporterRole))
        box.appendChild(el('p', null, T.anonymous + ': ' + shown(c.anonymous)))
        if (c.identityKept) box.appendChild(revealForm(c.caseNumber, refusal))
        row(dl, T['case'] + ' ' + c.caseNumber, box)
      })
      if (p.queue) {
        row(dl, T.queue, (T['reason.' + p.queue.reason] || p.queue.reason) + ' · ' +
          (T['urgency.' + p.queue.urgency] || p.queue.urgency) + ' · ' +
          T.waiting_since + ' ' + minutesSince(p.queue.waitingSince) + ' ' + T.minutes)
      }
      var box = byId('packet')
      box.replaceChildren(dl.childNodes.length ? dl : el('p', 'muted', T.none))
    }

    function addNote(n) {
      var li = el('li')
      li.appendChild(el('span', 'cite', n.author + ' ' + clock(n.at)))
      li.appendChild(el('span', 'text', n.text))
      byId('notes').appendChild(li)
    }

    function addEntry(e) {
      var li = el('li', 'entry ' + e.from + (e.flag === 'danger' ? ' danger' : ''))
      var who = el('p', 'who')
      if (e.flag === 'danger') who.appendChild(el('span', 'flag', T.danger_flag))
      who.appendChild(document.createTextNode(T['from_' + e.from] + ' ' + clock(e.at)))
      li.appendChild(who)
      li.appendChild(el('p', 'text', e.text))
      log.appendChild(li)
      log.scrollTop = log.scrollHeight
    }

    // byUser: the turn that changed the mode was the user's own (an exit command).
    function setState(mode, claimedBy, byUser) {
      var was = state.mode
      var wasMine = was === 'operator' && state.claimedBy === me.name
      state.mode = mode
      state.claimedBy = claimedBy
      var words = T['mode.' + mode] || mode
      if (claimedBy) words += ' · ' + T.claimed_by + claimedBy
      byId('state').textContent = words
      var mine = mode === 'operator' && claimedBy === me.name
      byId('owner-tools').hidden = !mine
      byId('claim-tools').hidden = mine
      if (mine && !wasMine) say('')
      if (was === 'operator' && mode === 'bot' && byUser) say(T.user_left)
    }

    function poll() {
      call('GET', base + '/updates?after=' + state.cursor).then(function (r) {
        if (r.status !== 200 || !r.data) return setTimeout(poll, 3000)
        var entries = r.data.transcript || []
        entries.forEach(addEntry)
        var last = entries.length ? entries[entries.length - 1].seq : -1
        var byUser = entries.some(function (e) { return e.from === 'user' && e.seq === last })
        state.cursor = r.data.cursor
        if (r.data.mode !== state.mode || r.data.claimedBy !== state.claimedBy) setState(r.data.mode, r.data.claimedBy, byUser)
        poll()
      }, function () { setTimeout(poll, 3000) })
    }

    function act(path, body, button, done) {
      if (button) button.disabled = true
      say('')
      return post(base + path, body).then(function (r) {
        if (button) button.disabled = false
        if (r.status === 200) {
          if (done) done(r.data)
        } else say(refusal(r), true)
      }, function () {
        if (button) button.disabled = false
        say(T.error, true)
      })
    }

    function load() {
      return call('GET', base).then(function (r) {
        if (r.status !== 200 || !r.data) return say(T.error, true)
        var d = r.data
        drawPacket(d.packet)
        d.notes.forEach(addNote)
        d.transcript.forEach(addEntry)
        state.cursor = d.cursor
        setState(d.mode, d.claimedBy, false)
        poll()
      }, function () { say(T.error, true) })
    }

    // Who may be handed the talk: the operators signed in now.
    function loadOnline() {
      call('GET', '/queue').then(function (r) {
        var names = (r.data && r.data.online) || []
        byId('operators').replaceChildren.apply(byId('operators'), names.filter(function (n) { return n !== me.name }).map(function (n) {
          var option = el('option')
          option.value = n
          return option
        }))
      })
    }

    byId('claim').addEventListener('click', function () { act('/claim', null, byId('claim')) })
    var message = byId('message')
    byId('message-form').addEventListener('submit', function (event) {
      event.preventDefault()
      var text = message.value.replace(/^\s+|\s+$/g, '')
      if (!text) return
      act('/messages', { text: text }, byId('send'), function () { message.value = '' })
    })
    message.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) byId('message-form').requestSubmit()
    })
    Array.prototype.forEach.call(document.querySelectorAll('[data-canned]'), function (button) {
      button.addEventListener('click', function () {
        message.value = cfg.canned[Number(button.getAttribute('data-canned'))].text
        message.focus()
      })
    })
    byId('note-form').addEventListener('submit', function (event) {
      event.preventDefault()
      var note = byId('note')
      var text = note.value.replace(/^\s+|\s+$/g, '')
      if (!text) return
      act('/notes', { text: text }, null, function () {
        note.value = ''
        addNote({ author: me.name, at: new Date().toISOString(), text: text })
      })
    })
    byId('transfer-form').addEventListener('submit', function (event) {
      event.preventDefault()
      var to = byId('transfer-to').value.replace(/^\s+|\s+$/g, '')
      var note = byId('transfer-note').value.replace(/^\s+|\s+$/g, '')
      if (!to) return
      var body = { to: to }
      if (note) body.note = note
      act('/transfer', body, null, function () {
        byId('transfer-to').value = ''
        byId('transfer-note').value = ''
      })
    })
    var handBack = function (id, body) {
      byId(id).addEventListener('click', function () { act(body ? '/release' : '/close', body, byId(id)) })
    }
    handBack('release-queue', { to: 'queue' })
    handBack('release-bot', { to: 'bot' })
    handBack('release-report', { to: 'bot', flow: 'report' })
    handBack('close', null)

    loadMe().then(function () {
      loadOnline()
      return load()
    }, function () { say(T.error, true) })
  }

  // ---- cases ----
  function caseUrl(n) { return '/console/cases/' + encodeURIComponent(n) + LQ }
  function day(iso) {
    var d = new Date(iso)
    var two = function (n) { return (n < 10 ? '0' : '') + n }
    return isNaN(d.getTime()) ? '' : d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + clock(iso)
  }
  function statusWords(s) { return T['status.' + s] || s }

  function casesPage() {
    var form = byId('filters')
    var fields = ['status', 'urgency', 'region', 'channel', 'from', 'to']
    var params = new URLSearchParams(location.search)
    fields.forEach(function (f) { if (params.get(f)) byId('f-' + f).value = params.get(f) })

    function load() {
      var q = new URLSearchParams()
      fields.forEach(function (f) { if (byId('f-' + f).value) q.set(f, byId('f-' + f).value) })
      var shown = new URLSearchParams(q)
      if (cfg.lang !== 'zh-Hans') shown.set('lang', cfg.lang)
      history.replaceState(null, '', location.pathname + (shown.toString() ? '?' + shown : ''))
      byId('loading').hidden = false
      say('')
      call('GET', '/cases' + (q.toString() ? '?' + q : '')).then(function (r) {
        byId('loading').hidden = true
        if (r.status !== 200 || !r.data) return say(r.status === 403 ? T.forbidden : T.error, true)
        var items = r.data.items
        if (r.data.more) say(T.cases_more)
        byId('empty').hidden = items.length > 0
        byId('cases').hidden = items.length === 0
        var body = byId('cases').querySelector('tbody')
        body.replaceChildren.apply(body, items.map(function (it) {
          var tr = el('tr', 'u-' + it.urgency)
          tr.setAttribute('data-case', it.caseNumber)
          var first = el('td')
          var link = el('a', null, it.caseNumber)
          link.href = caseUrl(it.caseNumber)
          first.appendChild(link)
          tr.appendChild(first)
          var urgency = el('td')
          urgency.appendChild(el('span', 'badge u-' + it.urgency, T['urgency.' + it.urgency] || it.urgency))
          tr.appendChild(urgency)
          tr.appendChild(el('td', 'status', statusWords(it.status)))
          tr.appendChild(el('td', null, it.region ? cfg.regions[it.region] || it.region : ''))
          tr.appendChild(el('td', null, T['channel.' + it.channel] || it.channel))
          tr.appendChild(el('td', null, day(it.createdAt)))
          tr.appendChild(el('td', null, it.assignedTo || T.unassigned))
          return tr
        }))
      }, function () { byId('loading').hidden = true; say(T.error, true) })
    }
    form.addEventListener('submit', function (event) { event.preventDefault(); load() })
    loadMe().then(load, function () { say(T.error, true) })
  }

  function casePage() {
    var caseNumber = decodeURIComponent(location.pathname.split('/').pop())
    var base = '/cases/' + encodeURIComponent(caseNumber)
    var current = null

    function row(dl, label, value) {
      if (value === null || value === undefined || value === '') return
      dl.appendChild(el('dt', null, label))
      var dd = el('dd')
      if (value instanceof Node) dd.appendChild(value)
      else dd.textContent = String(value)
      dl.appendChild(dd)
    }
    function yes(v) { return v === true ? T.yes : v === false ? T.no : T.unknown }
    function why(d) {
      var parts = d.why.concerns.map(function (k) { return T['concern.' + k] || k })
      if (d.why.inDanger === true) parts.push(T.in_danger)
      if (d.why.happeningNow === true) parts.push(T.happening_now)
      if (d.why.hurt === true) parts.push(T.hurt)
      return parts.join(' · ')
    }
    function draw(d) {
      current = d
      byId('case-h').textContent = T['case'] + ' ' + d.caseNumber
      var words = statusWords(d.status) + (d.closeReason ? ' · ' + (T['close.' + d.closeReason] || d.closeReason) : '')
      words += ' · ' + T.assigned_to + ' ' + (d.assignedTo || T.unassigned)
      byId('state').textContent = words
      var dl = el('dl')
      var urgency = el('span', 'badge u-' + d.urgency, T['urgency.' + d.urgency] || d.urgency)
      row(dl, T.urgency, urgency)
      row(dl, T.why_urgent, why(d))
      row(dl, T.what, d.what)
      row(dl, T.age, d.age === null ? T.unknown : d.age)
      row(dl, T.region, d.region ? d.region.name || d.region.slug : null)
      row(dl, T.place, d.place)
      row(dl, T.reporter, d.reporterRole)
      row(dl, T.anonymous, yes(d.anonymous))
      if (d.duty) {
        var duty = el('div')
        duty.appendChild(el('p', null, d.duty.role + (d.duty.mandated ? ' · ' + T.mandated : '')))
        duty.appendChild(el('p', null, d.duty.text))
        d.duty.citations.forEach(function (c) {
          duty.appendChild(el('span', 'cite', fill(T.citation, { doc: c.doc, section: c.section, quote: c.quote })))
        })
        row(dl, T.duty, duty)
      }
      var contacts = el('ul')
      d.contacts.forEach(function (c) {
        var li = el('li', null, c.name + (c.phone ? ' ' + c.phone : ''))
        li.appendChild(el('span', 'cite', c.description))
        contacts.appendChild(li)
      })
      row(dl, T.contacts, d.contacts.length ? contacts : T.no_contacts)
      if (d.conversation) {
        var link = el('a', null, T.open)
        link.href = conversationUrl(d.conversation)
        row(dl, T.conversation, link)
      }
      row(dl, T.channel, T['channel.' + d.channel] || d.channel)
      row(dl, T.created_at, day(d.createdAt))
      row(dl, T.updated_at, day(d.updatedAt))
      if (d.referrals.length) {
        var sent = el('ul')
        d.referrals.forEach(function (x) { sent.appendChild(el('li', null, x.name + ' · ' + x.by + ' · ' + day(x.at))) })
        row(dl, T.referrals, sent)
      }
      byId('case').replaceChildren(dl)

      var history = byId('history')
      history.replaceChildren.apply(history, d.history.map(function (h) {
        var li = el('li')
        li.appendChild(el('span', 'cite', h.actor + ' ' + day(h.at)))
        var what = T['history.' + h.kind] || h.kind
        if (h.kind === 'status') what += ': ' + (h.from ? statusWords(h.from) + ' → ' : '') + statusWords(h.to) + (h.reason ? ' (' + (T['close.' + h.reason] || h.reason) + ')' : '')
        else if (h.kind === 'assign') what += ': ' + (h.from ? h.from + ' → ' : '') + h.to
        else if (h.kind === 'referral') what += ': ' + (d.contacts.filter(function (c) { return c.id === h.to }).map(function (c) { return c.name })[0] || h.to)
        li.appendChild(el('span', 'history-to', what))
        return li
      }))
      var notes = byId('notes')
      notes.replaceChildren.apply(notes, d.notes.map(function (n) {
        var li = el('li')
        li.appendChild(el('span', 'cite', n.author + ' ' + day(n.at)))
        li.appendChild(el('span', 'text', n.text))
        return li
      }))

      // Only what this operator may do is shown; the server refuses the rest anyway.
      byId('assign-tools').hidden = !d.may.assign
      byId('assign-me').hidden = d.assignedTo === me.name
      byId('assign-form').hidden = !d.may.assignOthers
      byId('note-form').hidden = !d.may.note
      var statusForm = byId('status-form')
      statusForm.hidden = !d.may.status || d.next.length === 0
      var to = byId('status-to')
      to.replaceChildren.apply(to, d.next.map(function (s) {
        var option = el('option', null, statusWords(s))
        option.value = s
        return option
      }))
      showReason()
      var refer = byId('refer')
      var targets = d.contacts.filter(function (c) { return c.referable })
      byId('refer-tools').hidden = !d.may.refer || targets.length === 0
      refer.replaceChildren.apply(refer, targets.map(function (c) {
        var li = el('li', null, c.name + ' ')
        var button = el('button', null, T.make_referral)
        button.type = 'button'
        button.setAttribute('data-contact', c.id)
        button.addEventListener('click', function () { makeReferral(c.id, button) })
        li.appendChild(button)
        return li
      }))
      var reveal = byId('reveal-tools')
      reveal.hidden = !d.may.reveal
      if (d.may.reveal && !reveal.firstChild) {
        reveal.appendChild(el('p', 'muted', T.identity_kept))
        reveal.appendChild(revealForm(d.caseNumber, refused))
      }
    }
    function showReason() {
      var closing = byId('status-to').value === 'closed'
      byId('status-reason').hidden = !closing
      byId('status-reason-label').hidden = !closing
    }
    function refused(r) {
      var code = r.data && r.data.error && r.data.error.code
      if (code === 'not_assigned') return T.not_assigned
      if (r.status === 409) return T.conflict
      if (r.status === 403) return T.forbidden
      return T.error
    }
    function load() {
      return call('GET', base).then(function (r) {
        if (r.status !== 200 || !r.data) return say(r.status === 403 ? T.forbidden : T.error, true)
        draw(r.data)
      }, function () { say(T.error, true) })
    }
    function act(path, body, button) {
      if (button) button.disabled = true
      say('')
      return post(base + path, body).then(function (r) {
        if (button) button.disabled = false
        if (r.status !== 200) {
          say(refused(r), true)
          return false
        }
        return load().then(function () { return true })
      }, function () {
        if (button) button.disabled = false
        say(T.error, true)
        return false
      })
    }
    // The first request records the referral; the page then opens it to print (the same page).
    function makeReferral(contact, button) {
      var path = base + '/referral?to=' + encodeURIComponent(contact)
      button.disabled = true
      say('')
      fetch(cfg.api + path, { credentials: 'same-origin', cache: 'no-store' }).then(function (res) {
        button.disabled = false
        if (res.status === 401) return toLogin()
        if (!res.ok) return res.json().then(function (data) { say(refused({ status: res.status, data: data }), true) }, function () { say(T.error, true) })
        window.open(cfg.api + path, '_blank', 'noopener')
        return load()
      }, function () { button.disabled = false; say(T.error, true) })
    }

    byId('status-to').addEventListener('change', showReason)
    byId('status-form').addEventListener('submit', function (event) {
      event.preventDefault()
      var body = { status: byId('status-to').value }
      if (body.status === 'closed') body.reason = byId('status-reason').value
      var note = byId('status-note').value.replace(/^\s+|\s+$/g, '')
      if (note) body.note = note
      act('/status', body, byId('status-save')).then(function (ok) { if (ok) byId('status-note').value = '' })
    })
    byId('assign-me').addEventListener('click', function () { act('/assign', { operator: me.name }, byId('assign-me')) })
    byId('assign-form').addEventListener('submit', function (event) {
      event.preventDefault()
      var to = byId('assign-to').value.replace(/^\s+|\s+$/g, '')
      if (to) act('/assign', { operator: to }).then(function (ok) { if (ok) byId('assign-to').value = '' })
    })
    byId('note-form').addEventListener('submit', function (event) {
      event.preventDefault()
      var text = byId('note').value.replace(/^\s+|\s+$/g, '')
      if (text) act('/notes', { text: text }).then(function (ok) { if (ok) byId('note').value = '' })
    })
    loadMe().then(function () {
      call('GET', '/queue').then(function (r) {
        var names = (r.data && r.data.online) || []
        byId('operators').replaceChildren.apply(byId('operators'), names.map(function (n) {
          var option = el('option')
          option.value = n
          return option
        }))
      })
      return load()
    }, function () { say(T.error, true) })
  }

  // ---- the contacts directory ----
  function directoryPage() {
    var form = byId('entry-form')
    var fields = { id: 'e-id', agency: 'e-agency', role: 'e-role', region: 'e-region', action: 'e-action', phone: 'e-phone', hours: 'e-hours', verified: 'e-verified' }
    var trim = function (v) { return v.replace(/^\s+|\s+$/g, '') }

    function edit(e) {
      Object.keys(fields).forEach(function (k) { byId(fields[k]).value = e[k] || '' })
      byId('e-doc').value = e.source ? e.source.doc : ''
      byId('e-section').value = e.source ? e.source.section : ''
      byId('e-quote').value = e.source ? e.source.quote : ''
      byId('e-id').focus()
    }
    function draw(entries) {
      byId('loading').hidden = true
      byId('entries').hidden = false
      var body = byId('entries').querySelector('tbody')
      body.replaceChildren.apply(body, entries.map(function (e) {
        var tr = el('tr', e.origin)
        tr.setAttribute('data-entry', e.id)
        tr.appendChild(el('td', null, e.id))
        tr.appendChild(el('td', null, e.agency))
        tr.appendChild(el('td', null, T['role.' + e.role] || e.role))
        tr.appendChild(el('td', null, e.region === 'national' ? T.national : cfg.regions[e.region] || e.region))
        tr.appendChild(el('td', null, e.phone || ''))
        tr.appendChild(el('td', null, e.verified || ''))
        tr.appendChild(el('td', 'origin', e.origin === 'console'
          ? T['origin.console'] + ' · ' + T.version + ' ' + e.version + ' · ' + e.updatedBy
          : T['origin.content']))
        var actions = el('td', 'actions')
        if (me.role === 'supervisor' && !(e.id in cfg.nationalLines)) {
          var change = el('button', null, T.edit)
          change.type = 'button'
          change.addEventListener('click', function () { edit(e) })
          actions.appendChild(change)
          if (e.origin === 'console') {
            var withdraw = el('button', 'warn', T.withdraw)
            withdraw.type = 'button'
            withdraw.addEventListener('click', function () {
              post('/directory/' + encodeURIComponent(e.id) + '/withdraw').then(function (r) {
                if (r.status === 200) load()
                else say(refusal(r), true)
              }, function () { say(T.error, true) })
            })
            actions.appendChild(withdraw)
          }
        }
        tr.appendChild(actions)
        return tr
      }))
    }
    function load() {
      return call('GET', '/directory').then(function (r) {
        if (r.status !== 200 || !r.data) return say(T.error, true)
        draw(r.data.entries)
      }, function () { say(T.error, true) })
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault()
      var entry = { source: { doc: trim(byId('e-doc').value), section: trim(byId('e-section').value), quote: trim(byId('e-quote').value) } }
      Object.keys(fields).forEach(function (k) {
        var v = trim(byId(fields[k]).value)
        if (v) entry[k] = v
      })
      byId('e-save').disabled = true
      post('/directory', { entry: entry }).then(function (r) {
        byId('e-save').disabled = false
        if (r.status === 200) {
          say(T.saved)
          form.reset()
          return load()
        }
        say(r.status === 400 ? T.entry_invalid : refusal(r), true)
      }, function () {
        byId('e-save').disabled = false
        say(T.error, true)
      })
    })
    loadMe().then(function () {
      // Only supervisors keep the directory; the server refuses anyone else anyway.
      form.hidden = me.role !== 'supervisor'
      return load()
    }, function () { say(T.error, true) })
  }

  // ---- the supervisor's dashboard: drawn by the server; the period form only builds its URL ----
  function dashboardPage() {
    var form = byId('period')
    if (form) form.addEventListener('submit', function (event) {
      event.preventDefault()
      var q = new URLSearchParams()
      if (cfg.lang !== 'zh-Hans') q.set('lang', cfg.lang)
      q.set('from', byId('from').value)
      q.set('to', byId('to').value)
      location.assign('/console/dashboard?' + q.toString())
    })
    loadMe().then(null, function () { say(T.error, true) })
  }

  var out = byId('sign-out')
  if (out) out.addEventListener('click', signOut)
  if (cfg.page === 'login') loginPage()
  else if (cfg.page === 'queue') queuePage()
  else if (cfg.page === 'cases') casesPage()
  else if (cfg.page === 'case') casePage()
  else if (cfg.page === 'directory') directoryPage()
  else if (cfg.page === 'dashboard') dashboardPage()
  else conversationPage()
})()
`
