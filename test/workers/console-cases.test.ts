/**
 * @module test/workers/console-cases
 * The console's cases inside workerd, on D1, through src/worker.ts's fetch handler: a report filed
 * through POST /api/v1/reports is in the case list, its detail has the duty and the routed
 * contacts and no contact of the reporter, a supervisor moves it on and makes a referral, and the
 * reporter's 查询进度 shows the new status.
 */
import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { OperatorStore } from '../../src/console/accounts.js'
import { nobleScrypt } from '../../src/console/noble-scrypt.js'
import { Passwords } from '../../src/console/password.js'
import { d1Driver } from '../../src/store/d1.js'

const BASE = 'http://tonghu.test'
const PASSWORD = 'correct horse battery staple'
const CONTACT = '13700000000'
const json = { 'content-type': 'application/json' }

function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, init)
}

describe('cases in the console, in workerd', () => {
  it('list, detail, status change and referral', async () => {
    const name = `sup-${crypto.randomUUID().slice(0, 8)}`
    const passwords = new Passwords(nobleScrypt, { log2N: 10, r: 8, p: 1 })
    await new OperatorStore(d1Driver(env.DB)).add({
      id: name,
      name,
      role: 'supervisor',
      passwordHash: await passwords.hash(PASSWORD),
      at: new Date().toISOString(),
    })
    const filed = await call('/api/v1/reports', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        what: '孩子经常一个人在家，晚上也没有大人',
        age: 7,
        region: 'wenling',
        reporterRole: 'doctor',
        contact: CONTACT,
      }),
    })
    expect(filed.status).toBe(200)
    const { caseNumber, pin } = (await filed.json()) as { caseNumber: string; pin: string }

    expect((await call('/api/v1/console/cases')).status).toBe(401)
    const login = await call('/api/v1/console/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name, password: PASSWORD }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const get = (path: string) => call(path, { headers: { cookie } })
    const post = (path: string, body: unknown) =>
      call(path, {
        method: 'POST',
        headers: { ...json, cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify(body),
      })

    const list = (await (await get('/api/v1/console/cases?region=wenling')).json()) as {
      items: { caseNumber: string; status: string; region: string }[]
    }
    expect(list.items.find((i) => i.caseNumber === caseNumber)).toMatchObject({
      status: 'received',
      region: 'wenling',
    })
    expect(JSON.stringify(list)).not.toContain(CONTACT)

    const url = `/api/v1/console/cases/${caseNumber}`
    const detail = (await (await get(url)).json()) as {
      what: string
      region: { name: string }
      duty: { citations: unknown[] } | null
      contacts: { id: string; referable: boolean }[]
    }
    expect(detail.what).toContain('一个人在家')
    expect(detail.region.name).toBe('温岭')
    expect(detail.duty?.citations.length).toBeGreaterThan(0)
    expect(JSON.stringify(detail)).not.toContain(CONTACT)

    expect((await post(`${url}/status`, { status: 'closed' })).status).toBe(400)
    expect((await post(`${url}/status`, { status: 'assessing', note: '已回电' })).status).toBe(200)
    const to = detail.contacts.find((c) => c.referable)!.id
    const sheet = await get(`${url}/referral?to=${encodeURIComponent(to)}`)
    expect(sheet.headers.get('content-type')).toContain('text/html')
    const html = await sheet.text()
    expect(html).toContain(caseNumber)
    expect(html).not.toContain(CONTACT)
    const after = (await (await get(url)).json()) as { status: string; history: { kind: string }[] }
    expect(after.status).toBe('referred')
    expect(after.history.map((h) => h.kind)).toEqual(['status', 'status', 'referral'])

    const progress = await call(`/api/v1/reports/${caseNumber}`, {
      headers: { 'x-report-pin': pin },
    })
    const seen = (await progress.json()) as { status: string; statusText: string }
    expect(seen.status).toBe('referred')
    expect(seen.statusText).not.toContain('已回电')
  })
})
