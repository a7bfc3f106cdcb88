/**
 * The operators' side through the real app and a real libsql file: sign-in and its lockout,
 * sessions that expire and can be revoked, CSRF, a scan of every console route without a
 * session, the queue and its honest notice to the user, one owner per conversation, messages
 * both ways, transfer, release, the user leaving, the hand-off packet, revealing a reporter's
 * identity, and the append-only audit.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { refOf } from '../support/users.js'
import { CONSOLE_ROUTES } from '../../src/console/api.js'
import { consoleApp, PASSWORD, REPORT_STEPS, type ConsoleApp } from './support.js'

const USER = 'u-0123456789abcdef0123456789abcdef'
const ref = (userId: string): Promise<string> => refOf(a.deps, 'web', userId)
const t = (a: ConsoleApp, key: string): string => a.deps.content.texts['zh-Hans'][key]!
const before = (a: ConsoleApp, key: string): string => t(a, key).split('{')[0]!

let a: ConsoleApp
beforeEach(async () => {
  a = await consoleApp()
  await a.addOperator('li')
  await a.addOperator('wang')
  await a.addOperator('zhang', 'supervisor')
})

/** A user who asked for a person at the menu. */
async function queuedUser(userId = USER): Promise<string> {
  await a.chat(userId, '你好')
  await a.chat(userId, '人工')
  return ref(userId)
}

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token', async () => {
    const res = await a.app.request('/api/v1/console/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'li', password: PASSWORD }),
    })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).not.toMatch(/Secure/)
    expect(await res.json()).toMatchObject({
      operator: { name: 'li', role: 'operator' },
      csrfToken: expect.any(String),
    })
    const https = await a.app.request('https://console.example/api/v1/console/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'li', password: PASSWORD }),
    })
    expect(https.headers.get('set-cookie')).toMatch(/Secure/)
  })

  it('a wrong password and an unknown name get the same 401', async () => {
    for (const body of [
      { name: 'li', password: 'wrong password!!' },
      { name: 'nobody', password: PASSWORD },
    ]) {
      const res = await a.app.request('/api/v1/console/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(res.status).toBe(401)
      expect(res.headers.get('set-cookie')).toBeNull()
    }
  })

  it('locks a name after 5 failures in 15 minutes, also against guesses sent at once', async () => {
    const attempt = (password: string): Promise<number> =>
      Promise.resolve(
        a.app.request('/api/v1/console/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'li', password }),
        }),
      ).then((r) => r.status)
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(`guess number ${i}`)),
    )
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(15)
    expect(await attempt(PASSWORD)).toBe(429)
    a.clock.advance(16 * 60_000)
    expect(await attempt(PASSWORD)).toBe(200)
  })

  it('a session ends after 30 idle minutes, after 12 hours in any case, and at sign-out', async () => {
    const li = await a.signIn('li')
    a.clock.advance(29 * 60_000)
    expect((await li.get('/api/v1/console/me')).status).toBe(200)
    a.clock.advance(31 * 60_000)
    expect((await li.get('/api/v1/console/me')).status).toBe(401)
    // Kept busy, a session still ends 12 hours after sign-in.
    const again = await a.signIn('li')
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      a.clock.advance(25 * 60_000)
      expect((await again.get('/api/v1/console/me')).status).toBe(200)
    }
    a.clock.advance(25 * 60_000)
    expect((await again.get('/api/v1/console/me')).status).toBe(401)
    const third = await a.signIn('li')
    expect((await third.post('/api/v1/console/logout')).status).toBe(200)
    expect((await third.get('/api/v1/console/me')).status).toBe(401)
  })

  it("the console's background polls do not keep an idle session alive", async () => {
    const li = await a.signIn('li')
    const conversation = await queuedUser()
    for (let minutes = 5; minutes <= 30; minutes += 5) {
      a.clock.advance(5 * 60_000)
      expect((await li.get('/api/v1/console/queue')).status).toBe(200)
    }
    a.clock.advance(60_000)
    expect((await li.get('/api/v1/console/queue')).status).toBe(401)
    // An operator's own request does keep it alive.
    const again = await a.signIn('li')
    a.clock.advance(20 * 60_000)
    expect((await again.get(`/api/v1/console/conversations/${conversation}`)).status).toBe(200)
    a.clock.advance(20 * 60_000)
    expect((await again.get('/api/v1/console/queue')).status).toBe(200)
  })

  it('sign-in takes JSON only (a cross-site form cannot sign anyone in)', async () => {
    const res = await a.app.request('/api/v1/console/login', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'li', password: PASSWORD }),
    })
    expect(res.status).toBe(415)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('disabling an account ends its sessions', async () => {
    const li = await a.signIn('li')
    await a.deps.console.operators.disable('li', a.clock.now().toISOString())
    expect((await li.get('/api/v1/console/queue')).status).toBe(401)
  })
})

describe('every console route refuses anyone not signed in', () => {
  const concrete = (path: string): string =>
    path
      .replace(':ref', '0123456789abcdef0123456789abcdef')
      .replace(':caseNumber', 'TH-2026-AAAAAA-A')

  it('walks the route table of the running app', async () => {
    const routes = a.app.routes.filter(
      (r) =>
        (r.path.startsWith('/api/v1/console') || r.path.startsWith('/console')) &&
        r.method !== 'ALL',
    )
    // The table's routes are all mounted, and there is more than the table (the pages).
    expect(routes.length).toBeGreaterThanOrEqual(CONSOLE_ROUTES.length)
    const open = new Set(['POST /api/v1/console/login', 'GET /console/login'])
    let checked = 0
    for (const r of routes) {
      if (open.has(`${r.method} ${r.path}`)) continue
      const res = await a.app.request(concrete(r.path), {
        method: r.method,
        headers: { 'content-type': 'application/json' },
        ...(r.method !== 'GET' && { body: '{}' }),
      })
      if (r.path.startsWith('/api/')) expect(res.status, `${r.method} ${r.path}`).toBe(401)
      else {
        expect(res.status, `${r.method} ${r.path}`).toBe(302)
        expect(res.headers.get('location')).toBe('/console/login')
      }
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(CONSOLE_ROUTES.length)
  })

  it('every state-changing route needs the CSRF token: 403 without it, and nothing changes', async () => {
    const conversation = await queuedUser()
    const li = await a.signIn('li')
    for (const r of CONSOLE_ROUTES.filter((x) => x.method === 'post')) {
      const path = concrete(r.path).replace('0123456789abcdef0123456789abcdef', conversation)
      const res = await li.post(path, { text: 'x', to: 'queue' }, { 'x-csrf-token': 'forged' })
      expect(res.status, r.path).toBe(403)
    }
    const queue = (await (await li.get('/api/v1/console/queue')).json()) as {
      items: { claimedBy?: string }[]
    }
    expect(queue.items[0]?.claimedBy).toBeUndefined()
  })
})

describe('the queue', () => {
  it('holds users who asked for a person, danger and self-harm, most urgent first', async () => {
    await queuedUser()
    const danger = 'u-danger-0123456789abcdef0123456789'
    await a.chat(danger, '隔壁又在打孩子了，孩子一直在哭喊救命')
    const li = await a.signIn('li')
    const { items, online } = (await (await li.get('/api/v1/console/queue')).json()) as {
      items: {
        conversationId: string
        urgency: string
        channel: string
        summary: string
        waitingSince: string
      }[]
      online: string[]
    }
    expect(items.map((i) => i.conversationId)).toEqual([await ref(danger), await ref(USER)])
    expect(items[0]).toMatchObject({ urgency: 'emergency', channel: 'web' })
    expect(items[0]?.summary).toContain('打孩子')
    expect(items[1]).toMatchObject({
      urgency: 'standard',
      waitingSince: a.clock.now().toISOString(),
    })
    expect(online).toEqual(['li'])
    // The on-call alert got the emergency, with no words of the user in it.
    expect(a.alerts).toEqual([
      expect.objectContaining({ ref: await ref(danger), urgency: 'emergency' }),
    ])
    expect(JSON.stringify(a.alerts)).not.toContain('打孩子')
  })

  it('tells a user honestly that no one is online, with 110 and 12355 — and their place once someone is', async () => {
    await a.chat(USER, '你好')
    const alone = await a.chat(USER, '人工')
    const notice = alone.replies.map((r) => r.text).join('\n')
    expect(notice).toContain(t(a, 'queue.nobody'))
    expect(notice).not.toContain('{queue.status}')
    expect(alone.replies.flatMap((r) => r.contacts ?? []).map((c) => c.phone)).toEqual([
      '110',
      '12355',
    ])
    await a.signIn('li')
    const later = await a.chat(USER, '人工')
    expect(later.replies[0]?.text).toBe(before(a, 'handoff.still_queued') + t(a, 'queue.next'))
  })

  it('outside service hours the user is told the hours at once', async () => {
    a.clock.advance(13 * 3600_000) // 22:00 in Beijing
    await a.chat(USER, '你好')
    const r = await a.chat(USER, '人工')
    expect(r.replies[0]?.text).toContain('09:00-21:00')
  })
})

describe('bad input to the console gets a clear answer and changes nothing', () => {
  it('empty, oversized or unknown fields, a bad cursor, an unknown conversation', async () => {
    const conversation = await queuedUser()
    const li = await a.signIn('li')
    const c = `/api/v1/console/conversations/${conversation}`
    await li.post(`${c}/claim`)
    const before = (await (await li.get(c)).json()) as { cursor: number }
    for (const body of [
      { text: '   ' },
      { text: 'x'.repeat(2001) },
      { text: 'hi', extra: 1 },
      {},
    ]) {
      const res = await li.post(`${c}/messages`, body)
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
    }
    const notJson = await li.post(`${c}/messages`, undefined, {
      'content-type': 'application/json',
    })
    expect(notJson.status).toBe(400)
    expect((await li.get(`${c}/updates?after=-1`)).status).toBe(400)
    expect((await li.get(`${c}/updates?after=abc`)).status).toBe(400)
    expect((await li.get('/api/v1/console/conversations/not-a-ref')).status).toBe(404)
    expect((await li.post(`/api/v1/console/conversations/${'f'.repeat(32)}/claim`)).status).toBe(
      404,
    )
    expect((await li.post(`${c}/release`, { to: 'elsewhere' })).status).toBe(400)
    // Nothing of it reached the conversation.
    const after = (await (await li.get(c)).json()) as { cursor: number }
    expect(after.cursor).toBe(before.cursor)
  })
})

describe('the queue, as a waiting user sees it', () => {
  it('tells each user their place when they join, by urgency then time', async () => {
    await a.signIn('li')
    await queuedUser()
    const second = 'u-second-0123456789abcdef0123456789'
    await a.chat(second, '你好')
    const r = await a.chat(second, '人工')
    expect(r.replies[0]?.text).toContain(t(a, 'queue.ahead').replace('{ahead}', '1'))
  })

  it('after a danger message the page keeps listening, so an operator who takes it is heard', async () => {
    const danger = await a.chat(USER, '隔壁又在打孩子了，孩子一直在哭喊救命')
    expect(danger.state).toMatchObject({ mode: 'bot', waiting: true })
    const start = (await (await a.app.request(`/api/v1/chat/updates?userId=${USER}`)).json()) as {
      cursor: number
      waiting: boolean
    }
    expect(start.waiting).toBe(true)
    const li = await a.signIn('li')
    const c = `/api/v1/console/conversations/${await ref(USER)}`
    expect((await li.post(`${c}/claim`)).status).toBe(200)
    await li.post(`${c}/messages`, { text: '我是热线工作人员，孩子现在在哪里？' })
    const got = (await (
      await a.app.request(`/api/v1/chat/updates?userId=${USER}&after=${start.cursor}`)
    ).json()) as { replies: { text: string }[]; mode: string }
    expect(got.replies.map((x) => x.text)).toContain('我是热线工作人员，孩子现在在哪里？')
    expect(got.mode).toBe('operator')
  })

  it('leaving the queue (菜单) withdraws the request, never a danger item', async () => {
    await a.chat(USER, '你好')
    await a.chat(USER, '人工')
    await a.chat(USER, '他又在打孩子了，孩子在哭喊救命')
    expect((await a.chat(USER, '菜单')).state.mode).toBe('bot')
    const li = await a.signIn('li')
    const { items } = (await (await li.get('/api/v1/console/queue')).json()) as {
      items: { conversationId: string; urgency: string }[]
    }
    expect(items).toEqual([
      expect.objectContaining({ conversationId: await ref(USER), urgency: 'emergency' }),
    ])
  })

  it('pages on-call when a waiting item becomes an emergency, once', async () => {
    await queuedUser()
    expect(a.alerts).toEqual([])
    await a.chat(USER, '他又在打孩子了，孩子在哭喊救命')
    await a.chat(USER, '还在打，孩子在哭喊救命')
    expect(a.alerts).toEqual([
      expect.objectContaining({ urgency: 'emergency', reason: 'user_asked' }),
    ])
  })
})

describe('one owner, messages both ways', () => {
  it('two operators claiming at once: one gets it, the other is told who has it (409)', async () => {
    const conversation = await queuedUser()
    const [li, wang] = await Promise.all([a.signIn('li'), a.signIn('wang')])
    const [x, y] = await Promise.all([
      li.post(`/api/v1/console/conversations/${conversation}/claim`),
      wang.post(`/api/v1/console/conversations/${conversation}/claim`),
    ])
    expect([x.status, y.status].sort()).toEqual([200, 409])
    const refused = (await (x.status === 409 ? x : y).json()) as { claimedBy: string }
    expect(['li', 'wang']).toContain(refused.claimedBy)
  })

  it("an operator's message reaches the web user through updates; the user's reply reaches the console", async () => {
    const conversation = await queuedUser()
    const li = await a.signIn('li')
    const updates = async (after?: number) =>
      (await (
        await a.app.request(
          `/api/v1/chat/updates?userId=${USER}${after === undefined ? '' : `&after=${after}`}`,
        )
      ).json()) as { replies: { text: string; from?: string }[]; mode: string; cursor: number }
    const start = await updates()
    await li.post(`/api/v1/console/conversations/${conversation}/claim`)
    const claimed = await updates(start.cursor)
    expect(claimed.replies.map((r) => r.text)).toEqual([t(a, 'handoff.claimed')])
    expect(claimed.mode).toBe('operator')
    // A long poll that is waiting is woken by the message.
    const waiting = updates(claimed.cursor)
    const sent = await li.post(`/api/v1/console/conversations/${conversation}/messages`, {
      text: '您好，我在听。',
    })
    expect(sent.status).toBe(200)
    expect((await waiting).replies).toEqual([{ text: '您好，我在听。', from: 'operator' }])
    // The user writes; the bot stays quiet; the console sees it.
    const view = (await (await li.get(`/api/v1/console/conversations/${conversation}`)).json()) as {
      cursor: number
    }
    expect((await a.chat(USER, '我孙子这两天没去上学')).replies).toEqual([])
    const seen = (await (
      await li.get(`/api/v1/console/conversations/${conversation}/updates?after=${view.cursor}`)
    ).json()) as {
      transcript: { from: string; text: string }[]
    }
    expect(seen.transcript).toEqual([
      expect.objectContaining({ from: 'user', text: '我孙子这两天没去上学' }),
    ])
  })

  it('only the owner may write; a supervisor takes over only by asking to (recorded)', async () => {
    const conversation = await queuedUser()
    const [li, wang, zhang] = await Promise.all([
      a.signIn('li'),
      a.signIn('wang'),
      a.signIn('zhang'),
    ])
    const c = `/api/v1/console/conversations/${conversation}`
    await li.post(`${c}/claim`)
    expect((await wang.post(`${c}/messages`, { text: 'x' })).status).toBe(409)
    // A supervisor's plain claim or message follows the same rule as anyone's…
    expect((await zhang.post(`${c}/claim`)).status).toBe(409)
    expect((await zhang.post(`${c}/messages`, { text: '我是主管' })).status).toBe(409)
    // …an operator may not take over…
    expect((await wang.post(`${c}/take-over`)).status).toBe(403)
    // …and a take-over is explicit, and in the audit.
    expect((await zhang.post(`${c}/take-over`)).status).toBe(200)
    expect((await zhang.post(`${c}/messages`, { text: '我是主管' })).status).toBe(200)
    expect((await li.post(`${c}/messages`, { text: 'x' })).status).toBe(409)
    const actions = (await a.deps.console.audit.about(conversation)).map((e) => [e.actor, e.action])
    expect(actions).toContainEqual(['zhang', 'take_over'])
  })

  it('an operator can only claim what is in the queue (not open any chat to see who reported)', async () => {
    await a.chat(USER, '你好')
    const li = await a.signIn('li')
    const res = await li.post(`/api/v1/console/conversations/${await ref(USER)}/claim`)
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_queued')
  })

  it('a user whose operator has gone is told so at once, with 110 and 12355', async () => {
    const conversation = await queuedUser()
    const li = await a.signIn('li')
    await li.post(`/api/v1/console/conversations/${conversation}/claim`)
    expect((await a.chat(USER, '您好')).replies).toEqual([])
    await li.post('/api/v1/console/logout')
    const alone = await a.chat(USER, '还在吗')
    expect(alone.replies[0]?.text).toBe(t(a, 'handoff.owner_away'))
    expect(alone.replies[0]?.contacts?.map((c) => c.phone)).toEqual(['110', '12355'])
  })

  it('transfer, release to the queue and back to the bot: the bot answers again', async () => {
    const conversation = await queuedUser()
    const [li, wang] = await Promise.all([a.signIn('li'), a.signIn('wang')])
    const c = `/api/v1/console/conversations/${conversation}`
    await li.post(`${c}/claim`)
    expect((await li.post(`${c}/transfer`, { to: 'nobody' })).status).toBe(400)
    expect((await li.post(`${c}/transfer`, { to: 'wang', note: '她需要低保的信息' })).status).toBe(
      200,
    )
    expect((await li.post(`${c}/messages`, { text: 'x' })).status).toBe(409)
    expect((await wang.post(`${c}/release`, { to: 'queue' })).status).toBe(200)
    const queue = (await (await wang.get('/api/v1/console/queue')).json()) as {
      items: { claimedBy?: string }[]
    }
    expect(queue.items[0]?.claimedBy).toBeUndefined()
    await wang.post(`${c}/claim`)
    expect((await wang.post(`${c}/release`, { to: 'bot' })).status).toBe(200)
    const again = await a.chat(USER, '2')
    expect(again.state).toMatchObject({ mode: 'bot', flow: 'screen' })
    const view = (await (await wang.get(c)).json()) as { notes: { author: string; text: string }[] }
    expect(view.notes).toEqual([
      expect.objectContaining({ author: 'li', text: '她需要低保的信息' }),
    ])
  })

  it('release into the report flow; the user ending the talk is shown to the operator', async () => {
    const conversation = await queuedUser()
    const li = await a.signIn('li')
    const c = `/api/v1/console/conversations/${conversation}`
    await li.post(`${c}/claim`)
    expect((await li.post(`${c}/release`, { to: 'bot', flow: 'nosuch' })).status).toBe(400)
    await li.post(`${c}/release`, { to: 'bot', flow: 'report' })
    expect((await a.chat(USER, '没有')).state.flow).toBe('report')
    // Released, it is out of the queue: asking again puts it back.
    expect((await li.post(`${c}/claim`)).status).toBe(409)
    await a.chat(USER, '人工')
    expect((await li.post(`${c}/claim`)).status).toBe(200)
    const ended = await a.chat(USER, '结束人工')
    expect(ended.replies[0]?.text).toBe(t(a, 'handoff.user_ended'))
    const view = (await (await li.get(c)).json()) as {
      mode: string
      transcript: { text: string }[]
    }
    expect(view.mode).toBe('bot')
    expect(view.transcript.map((e) => e.text)).toContain(t(a, 'handoff.user_ended'))
  })
})

describe('the hand-off packet, identity and the audit', () => {
  it('gives what the bot learned, with the case number, and never the reporter identity', async () => {
    const user = 'u-report-0123456789abcdef0123456789'
    let last
    for (const s of REPORT_STEPS) last = await a.chat(user, s)
    const caseNumber = /TH-\d{4}-[A-Z0-9]{6}-[A-Z0-9]/.exec(
      last!.replies.map((r) => r.text).join('\n'),
    )?.[0]
    expect(caseNumber).toBeDefined()
    await a.chat(user, '人工')
    const li = await a.signIn('li')
    const conversation = await ref(user)
    const view = (await (await li.get(`/api/v1/console/conversations/${conversation}`)).json()) as {
      packet: {
        reports: { caseNumber: string; what: string; identityKept: boolean }[]
        region: {
          name: string
          duty: { mandated: boolean; citations: unknown[] } | null
          contacts: unknown[]
        } | null
        queue: { urgency: string }
      }
      transcript: { from: string; text: string }[]
    }
    expect(view.packet.reports[0]).toMatchObject({ caseNumber, identityKept: true })
    expect(view.packet.reports[0]?.what).toContain('被打')
    expect(view.packet.region?.name).toBe('重庆')
    expect(view.packet.region?.duty?.mandated).toBe(true)
    expect(view.packet.region?.duty?.citations.length).toBeGreaterThan(0)
    expect(JSON.stringify(view)).not.toContain('13800000000')
    // The operator who does not own it may not see the reporter; a supervisor may, with a reason.
    const reveal = `/api/v1/console/cases/${caseNumber}/reveal`
    expect((await li.post(reveal, { reason: '需要回电核实情况' })).status).toBe(403)
    const zhang = await a.signIn('zhang')
    const shown = (await (await zhang.post(reveal, { reason: '需要回电核实情况' })).json()) as {
      contact: string
    }
    expect(shown.contact).toBe('13800000000')
    const audit = await a.deps.console.audit.about(caseNumber!)
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ['li', 'reveal_refused'],
      ['zhang', 'reveal'],
    ])
    expect((await a.deps.console.audit.about(conversation)).map((e) => e.action)).toEqual(['view'])
  })

  it('the audit cannot be changed or deleted', async () => {
    await a.signIn('li')
    await expect(
      a.driver.write([{ sql: "UPDATE audit_log SET actor = 'x'", args: [] }]),
    ).rejects.toThrow()
    await expect(a.driver.write([{ sql: 'DELETE FROM audit_log', args: [] }])).rejects.toThrow()
    const [row] = await a.driver.read({ sql: 'SELECT count(*) AS n FROM audit_log', args: [] })
    expect(Number(row?.['n'])).toBe(1)
  })

  it('a role may only do what the permission table allows (the team view is for supervisors)', async () => {
    const [li, zhang] = await Promise.all([a.signIn('li'), a.signIn('zhang')])
    expect((await li.get('/api/v1/console/team')).status).toBe(403)
    const team = (await (await zhang.get('/api/v1/console/team')).json()) as {
      online: { name: string }[]
    }
    expect(team.online.map((o) => o.name)).toEqual(['li', 'zhang'])
  })
})
