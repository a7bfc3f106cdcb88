/**
 * Cases in the console through the real app and a real libsql file: reports filed through
 * POST /api/v1/reports, then listed, opened, moved on, assigned, noted, revealed and referred by an
 * operator and a supervisor; what the reporter's 查询进度 shows after; every case route for each
 * role; and the migration of old in_progress cases.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { CONSOLE_ROUTES } from '../../src/console/api.js'
import { CASE_ROUTES } from '../../src/console/case-routes.js'
import { migrations } from '../../src/generated/migrations.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { migrate } from '../../src/store/migrate.js'
import { submit } from '../reports/support.js'
import { consoleApp, type ConsoleApp, type Operator } from './support.js'

const CONTACT = '13900000000'
const CASES = '/api/v1/console/cases'

let a: ConsoleApp
beforeEach(async () => {
  a = await consoleApp()
  await a.addOperator('li')
  await a.addOperator('wang')
  await a.addOperator('zhang', 'supervisor')
})

/** A teacher's report of a child beaten now in Chongqing, with a contact. */
const beaten = {
  what: '学生说爸爸昨晚用皮带打他，<script>alert(1)</script>身上有伤',
  age: 9,
  region: 'chongqing',
  place: '渝北区某小学',
  hurt: true,
  reporterRole: 'teacher',
  contact: CONTACT,
  name: '陈老师',
}
/** A neighbour's anonymous report from Qinzhou: a child often alone at home. */
const alone = {
  what: '邻居家的孩子经常一个人在家，没人做饭',
  age: 6,
  region: 'qinzhou',
  anonymous: true,
}

async function file(body: object): Promise<{ caseNumber: string; pin: string }> {
  const r = await submit(a, body)
  expect(r.status).toBe(200)
  return { caseNumber: String(r.body['caseNumber']), pin: String(r.body['pin']) }
}

async function json<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T
}

interface Detail {
  status: string
  closeReason: string | null
  urgency: string
  what: string
  age: number
  region: { name: string }
  duty: { mandated: boolean; citations: { doc: string }[] } | null
  contacts: { id: string; name: string; role: string; phone?: string; referable: boolean }[]
  assignedTo: string | null
  notes: { author: string; text: string }[]
  history: {
    actor: string
    kind: string
    from: string | null
    to: string | null
    reason: string | null
  }[]
  referrals: { to: string; by: string }[]
  next: string[]
  may: Record<string, boolean>
}

const detail = (op: Operator, n: string): Promise<Detail> => json(op.get(`${CASES}/${n}`))

/** 查询进度 through the API, as the reporter would. */
async function progress(n: string, pin: string): Promise<Record<string, string>> {
  const res = await a.app.request(`/api/v1/reports/${n}`, { headers: { 'x-report-pin': pin } })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, string>
}

describe('the case list', () => {
  it('most urgent first, then newest; filters by status, urgency, region, channel and date; no identity', async () => {
    const first = await file(alone)
    a.clock.advance(60_000)
    const second = await file({ ...alone, what: '孩子总是一个人在村口，没人管' })
    a.clock.advance(60_000)
    const urgent = await file(beaten)
    const li = await a.signIn('li')
    const all = await json<{ items: Record<string, unknown>[] }>(li.get(CASES))
    expect(all.items.map((i) => i.caseNumber)).toEqual([
      urgent.caseNumber,
      second.caseNumber,
      first.caseNumber,
    ])
    expect(all.items[0]).toEqual({
      caseNumber: urgent.caseNumber,
      status: 'received',
      urgency: 'urgent',
      region: 'chongqing',
      channel: 'api',
      createdAt: '2026-03-02T01:02:00.000Z',
    })
    expect(JSON.stringify(all)).not.toContain(CONTACT)
    expect(JSON.stringify(all)).not.toContain('陈老师')
    const only = async (query: string): Promise<string[]> =>
      (await json<{ items: { caseNumber: string }[] }>(li.get(`${CASES}?${query}`))).items.map(
        (i) => i.caseNumber,
      )
    expect(await only('urgency=urgent')).toEqual([urgent.caseNumber])
    expect(await only('region=钦州')).toEqual([second.caseNumber, first.caseNumber])
    expect(await only('region=qinzhou&status=received')).toHaveLength(2)
    expect(await only('status=closed')).toEqual([])
    expect(await only('channel=web')).toEqual([])
    expect(await only('channel=api')).toHaveLength(3)
    expect(await only('from=2026-03-02&to=2026-03-02')).toHaveLength(3)
    expect(await only('from=2026-03-03')).toEqual([])
    expect(await only('to=2026-03-01')).toEqual([])
    for (const bad of ['status=in_progress', 'region=火星', 'from=2026-02-30', 'colour=red'])
      expect((await li.get(`${CASES}?${bad}`)).status, bad).toBe(400)
  })
})

describe('a long case list', () => {
  it('shows at most 500 and says when the filter matches more', async () => {
    const rows = Array.from({ length: 501 }, (_, i) => ({
      sql: `INSERT INTO cases (case_number, submission_key, source, status, urgency, concerns, what,
              anonymous, pin_sealed, key_id, created_at, updated_at)
            VALUES (?, ?, 'api', 'received', 'standard', '[]', 'x', 1, 'p', 'k', ?, ?)`,
      args: [
        `TH-2026-${String(i).padStart(6, '0')}-A`,
        `bulk-${i}`,
        `2026-03-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
        '2026-03-01T00:00:00.000Z',
      ],
    }))
    await a.driver.write(rows)
    const li = await a.signIn('li')
    const all = await json<{ items: unknown[]; more?: boolean }>(li.get(CASES))
    expect(all.items).toHaveLength(500)
    expect(all.more).toBe(true)
    const none = await json<{ items: unknown[]; more?: boolean }>(li.get(`${CASES}?status=closed`))
    expect(none).toEqual({ items: [] })
  })
})

describe('one case, from received to closed', () => {
  it('shows what was reported and the duty with its clauses, never who reported it', async () => {
    const { caseNumber } = await file(beaten)
    const li = await a.signIn('li')
    const d = await detail(li, caseNumber)
    expect(d).toMatchObject({
      status: 'received',
      urgency: 'urgent',
      age: 9,
      region: { name: '重庆' },
      assignedTo: null,
      next: ['assessing', 'referred', 'closed'],
    })
    expect(d.what).toContain('皮带')
    expect(d.duty?.mandated).toBe(true)
    expect(d.duty?.citations.length).toBeGreaterThan(0)
    // Routed as the reporter was told: 110 first, then the local offices.
    expect(d.contacts[0]?.phone).toBe('110')
    expect(d.contacts.map((c) => c.role)).toContain('child_director')
    expect(JSON.stringify(d)).not.toContain(CONTACT)
    expect(JSON.stringify(d)).not.toContain('陈老师')
    expect(d.may).toMatchObject({ status: false, refer: false, assign: true, reveal: false })
    const audit = await a.deps.console.audit.about(caseNumber)
    expect(audit.map((e) => [e.actor, e.action])).toEqual([['li', 'case_view']])
  })

  it('an operator takes it, moves it on and closes it with a reason; the reporter sees only the status and date', async () => {
    const { caseNumber, pin } = await file(beaten)
    let li = await a.signIn('li')
    const url = `${CASES}/${caseNumber}`
    // Not theirs yet: refused, and nothing changes.
    const early = await li.post(`${url}/status`, { status: 'assessing' })
    expect(early.status).toBe(403)
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('not_assigned')
    expect((await li.post(`${url}/assign`, { operator: 'wang' })).status).toBe(403)
    expect((await li.post(`${url}/assign`, { operator: 'nobody' })).status).toBe(400)
    expect((await li.post(`${url}/assign`, { operator: 'li' })).status).toBe(200)
    a.clock.advance(86_400_000)
    li = await a.signIn('li') // a day later: a new session
    expect(
      (await li.post(`${url}/status`, { status: 'assessing', note: '已联系学校老师核实' })).status,
    ).toBe(200)
    expect((await li.post(`${url}/notes`, { text: '孩子今天正常到校' })).status).toBe(200)
    expect((await li.post(`${url}/notes`, { text: '   ' })).status).toBe(400)
    // Closing needs a reason, and only closing takes one.
    expect((await li.post(`${url}/status`, { status: 'closed' })).status).toBe(400)
    expect(
      (await li.post(`${url}/status`, { status: 'referred', reason: 'resolved' })).status,
    ).toBe(400)
    expect((await li.post(`${url}/status`, { status: 'received' })).status).toBe(409)
    a.clock.advance(86_400_000)
    li = await a.signIn('li')
    expect((await li.post(`${url}/status`, { status: 'closed', reason: 'resolved' })).status).toBe(
      200,
    )

    const d = await detail(li, caseNumber)
    expect(d).toMatchObject({
      status: 'closed',
      closeReason: 'resolved',
      assignedTo: 'li',
      next: ['assessing'],
    })
    expect(d.history.map((h) => [h.actor, h.kind, h.from, h.to, h.reason])).toEqual([
      ['li', 'assign', null, 'li', null],
      ['li', 'status', 'received', 'assessing', null],
      ['li', 'note', null, null, null],
      ['li', 'status', 'assessing', 'closed', 'resolved'],
    ])
    expect(d.notes.map((n) => n.text)).toEqual(['已联系学校老师核实', '孩子今天正常到校'])
    // Notes are sealed at rest.
    const raw = await a.driver.read({
      sql: 'SELECT note FROM case_events WHERE note IS NOT NULL',
      args: [],
    })
    expect(JSON.stringify(raw)).not.toContain('孩子今天正常到校')
    expect((await a.deps.console.audit.about(caseNumber)).map((e) => e.action)).toEqual([
      'case_status_refused',
      'case_assign_refused',
      'case_assign',
      'case_status',
      'case_note',
      'case_status',
      'case_view',
    ])

    const seen = await progress(caseNumber, pin)
    expect(seen).toEqual({
      caseNumber,
      status: 'closed',
      statusText: '您的举报已经处理完毕。\n最近一次更新：2026-03-04',
      updatedOn: '2026-03-04',
    })
    expect(JSON.stringify(seen)).not.toMatch(/li|正常到校|resolved/)
    const en = await a.app.request(`/api/v1/reports/${caseNumber}?lang=en`, {
      headers: { 'x-report-pin': pin },
    })
    expect(((await en.json()) as { statusText: string }).statusText).toBe(
      'Your report has been fully handled.\nLast updated: 2026-03-04',
    )
  })

  it('the chat’s 查询进度 shows the new status in plain words with its date', async () => {
    const { caseNumber, pin } = await file(beaten)
    a.clock.advance(86_400_000)
    const zhang = await a.signIn('zhang')
    expect(
      (await zhang.post(`${CASES}/${caseNumber}/status`, { status: 'assessing', note: '内部备注' }))
        .status,
    ).toBe(200)
    const user = 'u-followup-0123456789abcdef01234567'
    await a.chat(user, '查询进度')
    await a.chat(user, caseNumber)
    const answer = await a.chat(user, pin)
    const text = answer.replies.map((r) => r.text).join('\n')
    expect(text).toContain('工作人员已经在了解和评估您反映的情况。\n最近一次更新：2026-03-03')
    expect(text).not.toContain('内部备注')
    expect(text).not.toContain('zhang')
  })

  it('a supervisor reassigns; then the first operator may no longer change it; a change from a stale state is refused', async () => {
    const { caseNumber } = await file(beaten)
    const [li, wang, zhang] = await Promise.all([
      a.signIn('li'),
      a.signIn('wang'),
      a.signIn('zhang'),
    ])
    const url = `${CASES}/${caseNumber}`
    expect((await li.post(`${url}/assign`, { operator: 'li' })).status).toBe(200)
    // Taken: another operator cannot take it over.
    expect((await wang.post(`${url}/assign`, { operator: 'wang' })).status).toBe(403)
    expect((await zhang.post(`${url}/assign`, { operator: 'wang' })).status).toBe(200)
    expect((await li.post(`${url}/status`, { status: 'assessing' })).status).toBe(403)
    expect((await wang.post(`${url}/status`, { status: 'assessing' })).status).toBe(200)
    // A change made from what someone saw before another's change lands is refused, not merged.
    const stale = {
      caseNumber,
      from: 'received' as const,
      to: 'closed' as const,
      reason: 'duplicate' as const,
      noteSealed: null,
      actor: 'zhang',
      at: a.clock.now().toISOString(),
    }
    expect(await a.deps.console.caseWork.changeStatus(stale)).toBe(false)
    expect(
      await a.deps.console.caseWork.assign({
        caseNumber,
        from: 'li',
        to: 'zhang',
        actor: 'zhang',
        at: stale.at,
      }),
    ).toBe(false)
    const d = await detail(zhang, caseNumber)
    expect(d.history.filter((h) => h.kind === 'status')).toHaveLength(1)
    expect(d.history[1]).toMatchObject({ actor: 'zhang', kind: 'assign', from: 'li', to: 'wang' })
  })
})

describe('revealing who reported', () => {
  it('for a supervisor or the assigned operator only, with a reason; refusals recorded too', async () => {
    const { caseNumber } = await file(beaten)
    const [li, wang] = await Promise.all([a.signIn('li'), a.signIn('wang')])
    const reveal = `${CASES}/${caseNumber}/reveal`
    expect((await li.post(reveal, { reason: '需要回电核实情况' })).status).toBe(403)
    await li.post(`${CASES}/${caseNumber}/assign`, { operator: 'li' })
    expect((await li.post(reveal, { reason: '短' })).status).toBe(400)
    const shown = await json<{ contact: string; name: string }>(
      li.post(reveal, { reason: '需要回电核实情况' }),
    )
    expect(shown).toMatchObject({ contact: CONTACT, name: '陈老师' })
    expect((await wang.post(reveal, { reason: '需要回电核实情况' })).status).toBe(403)
    const audit = await a.deps.console.audit.about(caseNumber)
    expect(
      audit.filter((e) => e.action.startsWith('reveal')).map((e) => [e.actor, e.action]),
    ).toEqual([
      ['li', 'reveal_refused'],
      ['li', 'reveal'],
      ['wang', 'reveal_refused'],
    ])
  })
})

describe('the referral (转介单)', () => {
  it('a printable page for a routed agency; recorded once, moves the case to referred, never the reporter’s identity', async () => {
    const { caseNumber } = await file(beaten)
    let li = await a.signIn('li')
    const url = `${CASES}/${caseNumber}`
    await li.post(`${url}/assign`, { operator: 'li' })
    expect((await li.get(`${url}/referral?to=no_such_contact`)).status).toBe(400)
    // A contact of another region is not one this case is routed to; 110 is called, not sent a form.
    expect((await li.get(`${url}/referral?to=child_director_wenling`)).status).toBe(400)
    expect((await li.get(`${url}/referral?to=police`)).status).toBe(400)
    const res = await li.get(`${url}/referral?to=child_director_chongqing`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await res.text()
    expect(html).toContain(caseNumber)
    expect(html).toContain('未成年人保护转介单')
    expect(html).toContain('年龄：9岁')
    expect(html).toContain('重庆 渝北区某小学')
    expect(html).toContain('有强制报告义务')
    expect(html).toContain('@media print')
    // What the reporter wrote is text, never markup.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>alert(1)')
    // The reporter agreed to the hotline's staff seeing their contact, not to passing it on.
    expect(html).not.toContain(CONTACT)
    expect(html).not.toContain('陈老师')
    expect(html).toContain('不随本单转出')
    // The directory has no local number for this office: the page says so, and invents none.
    expect(html).toContain('资料里没有这个单位的电话')
    expect(html).toMatch(/转介人<\/th><td>li</)

    a.clock.advance(3_600_000)
    li = await a.signIn('li')
    const again = await (await li.get(`${url}/referral?to=child_director_chongqing`)).text()
    expect(again).toBe(html)
    const d = await detail(li, caseNumber)
    expect(d.status).toBe('referred')
    expect(d.referrals).toEqual([
      {
        to: 'child_director_chongqing',
        name: d.contacts.find((c) => c.id === 'child_director_chongqing')!.name,
        at: '2026-03-02T01:00:00.000Z',
        by: 'li',
      },
    ])
    expect(d.history.map((h) => [h.kind, h.from, h.to])).toEqual([
      ['assign', null, 'li'],
      ['status', 'received', 'referred'],
      ['referral', null, 'child_director_chongqing'],
    ])
    const audit = (await a.deps.console.audit.about(caseNumber)).map((e) => e.action)
    expect(audit.filter((x) => x === 'referral')).toHaveLength(2)
  })

  it('an anonymous report says so; a closed case is not referred', async () => {
    const { caseNumber } = await file(alone)
    const zhang = await a.signIn('zhang')
    const d = await detail(zhang, caseNumber)
    const to = d.contacts.find((c) => c.referable)!.id
    const html = await (await zhang.get(`${CASES}/${caseNumber}/referral?to=${to}`)).text()
    expect(html).toContain('报告人选择匿名')
    await zhang.post(`${CASES}/${caseNumber}/status`, {
      status: 'closed',
      reason: 'referred_elsewhere',
    })
    expect((await zhang.get(`${CASES}/${caseNumber}/referral?to=${to}`)).status).toBe(409)
  })
})

describe('permissions: every case route, for each role', () => {
  /** What each role gets on a fresh, unassigned case (the table is role × action). */
  const expected: Record<
    string,
    { operator: number; supervisor: number; body?: object; query?: string }
  > = {
    [`GET ${CASES}`]: { operator: 200, supervisor: 200 },
    [`GET ${CASES}/:caseNumber`]: { operator: 200, supervisor: 200 },
    [`POST ${CASES}/:caseNumber/status`]: {
      operator: 403,
      supervisor: 200,
      body: { status: 'assessing' },
    },
    [`POST ${CASES}/:caseNumber/assign`]: {
      operator: 200,
      supervisor: 200,
      body: { operator: 'self' },
    },
    [`POST ${CASES}/:caseNumber/notes`]: { operator: 200, supervisor: 200, body: { text: '备注' } },
    [`GET ${CASES}/:caseNumber/referral`]: {
      operator: 403,
      supervisor: 200,
      query: '?to=child_director_chongqing',
    },
    [`POST ${CASES}/:caseNumber/reveal`]: {
      operator: 403,
      supervisor: 200,
      body: { reason: '需要回电核实情况' },
    },
  }

  it('covers every case route of the table', () => {
    const routes = CONSOLE_ROUTES.filter((r) => r.path.startsWith(CASES)).map(
      (r) => `${r.method.toUpperCase()} ${r.path}`,
    )
    expect(routes.sort()).toEqual(Object.keys(expected).sort())
    expect(CASE_ROUTES.every((r) => CONSOLE_ROUTES.includes(r))).toBe(true)
  })

  for (const role of ['operator', 'supervisor'] as const)
    it(`as ${role}`, async () => {
      const name = role === 'operator' ? 'li' : 'zhang'
      const op = await a.signIn(name)
      for (const [route, want] of Object.entries(expected)) {
        const { caseNumber } = await file(beaten)
        const [method, path] = route.split(' ') as [string, string]
        const at = path.replace(':caseNumber', caseNumber) + (want.query ?? '')
        const body = want.body && 'operator' in want.body ? { operator: name } : want.body
        const res = method === 'GET' ? await op.get(at) : await op.post(at, body)
        expect(res.status, `${role} ${route}`).toBe(want[role])
      }
    })

  it('is in the OpenAPI document', async () => {
    const doc = await json<{
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>
    }>(a.app.request('/docs/openapi.json'))
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        CASES,
        `${CASES}/{caseNumber}`,
        `${CASES}/{caseNumber}/status`,
        `${CASES}/{caseNumber}/assign`,
        `${CASES}/{caseNumber}/notes`,
        `${CASES}/{caseNumber}/reveal`,
        `${CASES}/{caseNumber}/referral`,
      ]),
    )
    expect(doc.paths[CASES]?.['get']?.parameters?.map((p) => p.name)).toEqual([
      'status',
      'urgency',
      'region',
      'channel',
      'from',
      'to',
    ])
  })
})

describe('the migration', () => {
  it('turns an old in_progress case into assessing, and keeps the history append-only', async () => {
    const driver = openLibsqlFile(join(mkdtempSync(join(tmpdir(), 'tonghu-mig-')), 'm.db'))
    const at = migrations.findIndex((m) => m.name.includes('case_work'))
    await migrate(driver, migrations.slice(0, at))
    await driver.write([
      {
        sql: `INSERT INTO cases (case_number, submission_key, source, status, urgency, concerns, what,
                anonymous, pin_sealed, key_id, created_at, updated_at)
              VALUES ('TH-2026-AAAAAA-A', 'k', 'api', 'in_progress', 'standard', '[]', 'x', 1, 'p', 'k',
                '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
        args: [],
      },
    ])
    await migrate(driver, migrations)
    const [row] = await driver.read({ sql: 'SELECT status, assigned_to FROM cases', args: [] })
    expect(row).toEqual({ status: 'assessing', assigned_to: null })
    await driver.write([
      {
        sql: `INSERT INTO case_events (case_number, at, actor, kind) VALUES ('TH-2026-AAAAAA-A', 'x', 'li', 'note')`,
        args: [],
      },
    ])
    await expect(driver.write([{ sql: 'DELETE FROM case_events', args: [] }])).rejects.toThrow()
    await expect(
      driver.write([{ sql: "UPDATE case_events SET actor = 'x'", args: [] }]),
    ).rejects.toThrow()
    await driver.close()
  })
})
