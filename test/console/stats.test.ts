/**
 * The supervisor's figures checked against what was driven through the real API on a real libsql
 * file: chats on the web, a hand-off an operator claims after 4 minutes and answers after 6, a
 * danger message, a screening to its end, reports of known urgency; then GET /stats must say
 * exactly that. Also the CSV export with its suppression, the audit route, and who may see them.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { refOf, webUser } from '../support/users.js'
import type { StatsFigures } from '../../src/console/stats.js'
import { consoleApp, type ConsoleApp, type Operator } from './support.js'

const MINUTE = 60_000
const DAY = '2026-03-02' // the frozen clock's Beijing day
const A = 'u-a-0123456789abcdef0123456789abcdef'
const B = 'u-b-0123456789abcdef0123456789abcdef'
const C = 'u-c-0123456789abcdef0123456789abcdef'
const S = 'u-s-0123456789abcdef0123456789abcdef'
const DANGER = '隔壁又在打孩子了，孩子一直在哭喊救命'
const ref = (userId: string): Promise<string> => refOf(a.deps, 'web', webUser(userId))

let a: ConsoleApp
let zhang: Operator
beforeEach(async () => {
  a = await consoleApp()
  await a.addOperator('li')
  await a.addOperator('zhang', 'supervisor')
  zhang = await a.signIn('zhang')
})

async function report(body: object): Promise<string> {
  const res = await a.app.request('/api/v1/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return ((await res.json()) as { urgency: string }).urgency
}

async function stats(query = `?from=${DAY}&to=${DAY}`): Promise<StatsFigures> {
  const res = await zhang.get(`/api/v1/console/stats${query}`)
  expect(res.status).toBe(200)
  return (await res.json()) as StatsFigures
}

/** A's hand-off claimed after 4 minutes and answered after 6; B's emergency; C at the menu; S screened. */
async function drive(): Promise<void> {
  await a.chat(A, '你好')
  await a.chat(A, '人工')
  await a.chat(B, DANGER)
  await a.chat(C, '你好')
  for (const text of ['你好', '看看孩子能领什么', '重庆']) await a.chat(S, text)
  for (let i = 0; i < 30; i++) if ((await a.chat(S, '1')).state.node === 'why') break
  expect(
    await report({ what: '孩子被打得满身是血，现在还在打', inDanger: true, region: 'chongqing' }),
  ).toBe('emergency')
  expect(await report({ what: '邻居家孩子常常一个人在家，没人做饭', region: 'wenling' })).toBe(
    'standard',
  )
  a.clock.advance(4 * MINUTE)
  const li = await a.signIn('li')
  const conversation = await ref(A)
  expect((await li.post(`/api/v1/console/conversations/${conversation}/claim`)).status).toBe(200)
  a.clock.advance(2 * MINUTE)
  const said = await li.post(`/api/v1/console/conversations/${conversation}/messages`, {
    text: '您好，我是热线的李老师。',
  })
  expect(said.status).toBe(200)
}

describe('the dashboard figures match what happened', () => {
  it('counts conversations, hand-offs, reports, cases, screenings and emergencies exactly', async () => {
    await drive()
    const f = await stats()
    expect(f.period).toEqual({ from: DAY, to: DAY, timeZone: 'Asia/Shanghai' })
    expect(f.live).toEqual({
      waiting: { emergency: 2, urgent: 0, standard: 0 },
      longestWaitMinutes: 6,
      online: [
        { name: 'li', role: 'operator', owns: 1 },
        { name: 'zhang', role: 'supervisor', owns: 0 },
      ].sort((x, y) => x.name.localeCompare(y.name)),
    })
    expect(f.conversations).toEqual({
      total: 4,
      byDay: { [DAY]: 4 },
      byChannel: { web: 4 },
      byRegion: { unknown: 3, chongqing: 1 },
      byUrgency: { standard: 1, emergency: 1, none: 2 },
    })
    expect(f.handoffs).toMatchObject({
      total: 3,
      byDay: { [DAY]: 3 },
      byChannel: { web: 2, api: 1 },
      byUrgency: { standard: 1, emergency: 2 },
      byRegion: { unknown: 2, chongqing: 1 },
      claimed: 1,
      medianMinutesToClaim: 4,
      replied: 1,
      medianMinutesToFirstReply: 6,
    })
    expect(f.reports).toEqual({
      total: 2,
      byDay: { [DAY]: 2 },
      byChannel: { api: 2 },
      byRegion: { chongqing: 1, wenling: 1 },
      byUrgency: { emergency: 1, standard: 1 },
      byStatus: { received: 2 },
    })
    expect(f.cases).toEqual({
      total: 2,
      byStatus: { received: 2 },
      openByAgeDays: { '0-1': 2, '1-7': 0, '7-30': 0, '30+': 0 },
    })
    // The screening stopped at its first result (after four answers) with 4 likely measures in
    // 重庆 (its summary said so): the same 4.
    expect(f.screening).toHaveLength(1)
    expect(f.screening[0]).toMatchObject({ region: 'chongqing', name: '重庆', conversations: 1 })
    expect(f.screening[0]?.likely).toHaveLength(4)
    expect(f.screening[0]?.likely.map((m) => m.entitlement)).toContain('dibao_child_uplift')
    expect(f.emergencies).toEqual([
      {
        conversationId: await ref(B),
        at: '2026-03-02T01:00:00.000Z',
        botAnsweredSeconds: 0,
        claimedAfterMinutes: null,
        firstReplyAfterMinutes: null,
      },
    ])
    // Nothing a user or an operator wrote is in the figures.
    const json = JSON.stringify(f)
    for (const words of ['打孩子', '满身是血', '李老师', '没人做饭'])
      expect(json).not.toContain(words)
  })

  it('where people give up: who reached each question, and who left there after a day of silence', async () => {
    await drive()
    const at = (f: StatsFigures, flow: string, node: string) =>
      f.dropOff.find((x) => x.flow === flow)?.nodes.find((n) => n.node === node)
    const now = await stats()
    expect(at(now, 'main', 'menu')).toMatchObject({ question: true, entered: 3, left: 0 })
    expect(at(now, 'danger', 'offer')).toMatchObject({ entered: 1, left: 0 })
    expect(at(now, 'screen', 'region')).toMatchObject({ entered: 1, left: 0 })
    expect(at(now, 'screen', 'why')).toMatchObject({ entered: 1, left: 0 })
    a.clock.advance(25 * 60 * MINUTE)
    zhang = await a.signIn('zhang')
    const later = await stats()
    // C stayed at the menu, B at the danger offer, S at the results; A is with an operator.
    expect(at(later, 'main', 'menu')).toMatchObject({ entered: 3, left: 1 })
    expect(at(later, 'danger', 'offer')).toMatchObject({ entered: 1, left: 1 })
    expect(at(later, 'screen', 'why')).toMatchObject({ entered: 1, left: 1 })
    expect(at(later, 'screen', 'questions')).toMatchObject({ entered: 1, left: 0 })
  })

  it('a period without anything is all zeros, and every day of it is there', async () => {
    await drive()
    const f = await stats('?from=2026-02-01&to=2026-02-03')
    expect(f.conversations).toMatchObject({
      total: 0,
      byDay: { '2026-02-01': 0, '2026-02-02': 0, '2026-02-03': 0 },
    })
    expect(f.handoffs).toMatchObject({ total: 0, medianMinutesToClaim: null })
    expect(f.emergencies).toEqual([])
  })

  it('bad dates are a 400 naming the field', async () => {
    for (const [query, field] of [
      ['?from=2026-13-01', 'from'],
      ['?from=yesterday', 'from'],
      ['?from=2026-03-05&to=2026-03-01', 'to'],
      ['?from=2024-01-01&to=2026-03-01', 'to'],
      ['?since=2026-03-01', 'since'],
    ] as const) {
      const res = await zhang.get(`/api/v1/console/stats${query}`)
      expect(res.status, query).toBe(400)
      const body = (await res.json()) as { error: { message: string } }
      expect(body.error.message, query).toContain(field)
    }
  })
})

describe('the CSV export', () => {
  it('has aggregates only, writes every count below 5 as <5, and is recorded', async () => {
    await drive()
    // Five more chats at the menu: a count that is shown as it is.
    for (let i = 0; i < 5; i++) await a.chat(`u-m${i}-0123456789abcdef0123456789abcdef`, '你好')
    const res = await zhang.get(`/api/v1/console/stats.csv?from=${DAY}&to=${DAY}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toContain(`tonghu-stats-${DAY}-${DAY}.csv`)
    const lines = (await res.text()).trim().split('\r\n')
    expect(lines[0]).toBe('measure,dimension,key,value')
    expect(lines).toContain('conversations,total,,9')
    expect(lines).toContain('conversations,channel,web,9')
    expect(lines).toContain('entered,main,menu,8')
    expect(lines).toContain('handoffs,total,,<5')
    expect(lines).toContain('reports,urgency,emergency,<5')
    expect(lines).toContain('handoffs,median_minutes_to_claim,,<5')
    expect(lines).toContain('emergencies,total,,<5')
    // Every value is a count of 5 or more, <5, or the period's dates.
    for (const line of lines.slice(1)) expect(line).toMatch(/,(<5|[5-9]|\d{2,}|\d{4}-\d\d-\d\d)$/)
    const text = lines.join('\n')
    expect(text).not.toContain(await ref(B))
    expect(text).not.toMatch(/(^|,)(li|zhang)(,|$)/m)
    const audit = await a.deps.console.audit.list({ action: 'export', limit: 10 })
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'zhang',
        action: 'export',
        detail: { from: DAY, to: DAY, timeZone: 'Asia/Shanghai', format: 'csv' },
      }),
    ])
  })
})

describe('supervisors only', () => {
  it('operators get 403 for the figures, the export and the audit (and the refusal is recorded)', async () => {
    const li = await a.signIn('li')
    for (const path of ['/stats', '/stats.csv', '/audit'])
      expect((await li.get(`/api/v1/console${path}`)).status, path).toBe(403)
    const refused = await a.deps.console.audit.list({ actor: 'li', action: 'forbidden', limit: 10 })
    expect(refused).toHaveLength(3)
  })
})

describe('the dashboard page', () => {
  it('has a word for every key it shows, in both scripts, and names every flow', async () => {
    await drive()
    for (const lang of ['zh-Hans', 'zh-Hant']) {
      const res = await zhang.get(`/console/dashboard?lang=${lang}&from=${DAY}&to=${DAY}`)
      expect(res.status, lang).toBe(200)
      // What is shown: the page without its script (whose config names the keys it reads).
      const html = (await res.text()).replace(/<script>[\s\S]*<\/script>/, '')
      expect(html).toContain('<svg')
      // A key without its word would be shown as the key itself.
      expect(html.match(/\b(dash|flow|status|urgency|channel)\.[a-z_0-9]+/g), lang).toBeNull()
      for (const flow of Object.keys(a.deps.content.flows))
        expect(a.deps.content.console.texts[lang as 'zh-Hans']![`flow.${flow}`], flow).toBeTruthy()
    }
    expect((await zhang.get('/console/dashboard?from=2026-02-31')).status).toBe(400)
    const li = await a.signIn('li')
    const refused = await li.get('/console/dashboard')
    expect(refused.status).toBe(403)
    expect(await refused.text()).not.toContain('<svg')
  })
})

describe('the OpenAPI document', () => {
  it('documents the new routes with their query fields', async () => {
    const doc = (await (await a.app.request('/docs/openapi.json')).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>
    }
    const names = (path: string): string[] =>
      (doc.paths[path]?.get?.parameters ?? []).map((p) => p.name)
    expect(names('/api/v1/console/stats')).toEqual(['from', 'to'])
    expect(names('/api/v1/console/stats.csv')).toEqual(['from', 'to'])
    expect(names('/api/v1/console/audit')).toEqual([
      'actor',
      'action',
      'from',
      'to',
      'before',
      'limit',
    ])
    expect(names('/api/v1/console/conversations/{conversationId}/updates')).toEqual(['after'])
  })
})

describe('the audit route', () => {
  it('pages newest first and filters by actor, action and day', async () => {
    const li = await a.signIn('li')
    await a.chat(A, '你好')
    await a.chat(A, '人工')
    const conversation = await ref(A)
    for (let i = 0; i < 3; i++) await li.get(`/api/v1/console/conversations/${conversation}`)
    await li.post(`/api/v1/console/conversations/${conversation}/claim`)
    type Page = {
      items: { id: number; actor: string; action: string; target: string | null; at: string }[]
      next: number | null
    }
    const page = async (query: string): Promise<Page> => {
      const res = await zhang.get(`/api/v1/console/audit${query}`)
      expect(res.status, query).toBe(200)
      return (await res.json()) as Page
    }
    const all = await page('')
    // zhang's sign-in, li's sign-in, three views, the claim: newest first.
    expect(all.items.map((e) => `${e.actor}:${e.action}`)).toEqual([
      'li:claim',
      'li:view',
      'li:view',
      'li:view',
      'li:login',
      'zhang:login',
    ])
    expect(all.next).toBeNull()
    const first = await page('?actor=li&limit=2')
    expect(first.items.map((e) => e.action)).toEqual(['claim', 'view'])
    expect(first.next).toBe(first.items[1]!.id)
    const second = await page(`?actor=li&limit=2&before=${first.next}`)
    expect(second.items.map((e) => e.action)).toEqual(['view', 'view'])
    expect((await page('?action=view')).items).toHaveLength(3)
    expect((await page(`?from=${DAY}&to=${DAY}`)).items.length).toBeGreaterThanOrEqual(6)
    expect((await page('?from=2026-03-03')).items).toEqual([])
    // Reading the audit is itself recorded.
    expect((await page('?action=audit_view')).items.length).toBeGreaterThan(0)
    expect((await zhang.get('/api/v1/console/audit?limit=0')).status).toBe(400)
    expect((await zhang.get('/api/v1/console/audit?action=DROP%20TABLE')).status).toBe(400)
  })
})
