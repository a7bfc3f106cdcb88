/**
 * Hostile input at the API's door (issue 15): too large, not JSON, from another site's page,
 * the wrong method, fields the API does not know, ill-formed Unicode. Each gets a clear 4xx that
 * names what is wrong — and changes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { MAX_API_BODY } from '../../src/http/guards.js'
import { reportApp, type ReportApp } from '../reports/support.js'
import { webUser } from '../support/users.js'

let t: ReportApp
beforeEach(async () => {
  t = await reportApp()
})

const JSON_HEADERS = { 'content-type': 'application/json' }
const REPORT = { what: '隔壁正在打孩子，孩子在喊救命', inDanger: true }

async function count(table: string): Promise<number> {
  const [row] = await t.driver.read({ sql: `SELECT count(*) AS n FROM ${table}`, args: [] })
  return Number(row?.['n'])
}

async function post(path: string, body: string, headers: Record<string, string> = JSON_HEADERS) {
  return t.app.request(path, { method: 'POST', headers, body })
}

const chatBody = (userId: string, text: string): string =>
  JSON.stringify({ userId: webUser(userId), text })

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

describe('the API refuses hostile input and changes nothing', () => {
  it('a body over 64 KB: 413, by its length and while it streams', async () => {
    const big = JSON.stringify({ ...REPORT, what: 'x'.repeat(MAX_API_BODY) })
    const declared = await post('/api/v1/reports', big, {
      ...JSON_HEADERS,
      'content-length': String(big.length),
    })
    expect(declared.status).toBe(413)
    expect((await errorOf(declared)).code).toBe('too_large')
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      },
    })
    const streamed = await t.app.request('/api/v1/reports', {
      method: 'POST',
      headers: JSON_HEADERS,
      body,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect(await count('cases')).toBe(0)
  })

  it('not JSON: 415 — a cross-site text/plain form cannot file a report', async () => {
    const form = await post('/api/v1/reports', JSON.stringify(REPORT), {
      'content-type': 'text/plain',
    })
    expect(form.status).toBe(415)
    expect((await errorOf(form)).code).toBe('unsupported_media_type')
    const none = await post('/api/v1/chat', chatBody('u-guard-1', '你好'), {})
    expect(none.status).toBe(415)
    expect(await count('cases')).toBe(0)
    expect(await count('inbound_messages')).toBe(0)
  })

  it("another site's page: 403 (Sec-Fetch-Site, Origin); the same site and API clients are served", async () => {
    const cross = await post('/api/v1/reports', JSON.stringify(REPORT), {
      ...JSON_HEADERS,
      'sec-fetch-site': 'cross-site',
    })
    const foreign = await post('/api/v1/reports', JSON.stringify(REPORT), {
      ...JSON_HEADERS,
      origin: 'https://evil.example',
    })
    expect([cross.status, foreign.status]).toEqual([403, 403])
    expect(await count('cases')).toBe(0)
    const same = await post('/api/v1/reports', JSON.stringify(REPORT), {
      ...JSON_HEADERS,
      origin: 'http://localhost',
      'sec-fetch-site': 'same-origin',
    })
    const client = await post('/api/v1/reports', JSON.stringify(REPORT))
    expect([same.status, client.status]).toEqual([200, 200])
  })

  it('a wrong method on a known path: 405 with Allow; an unknown path stays 404', async () => {
    const res = await t.app.request('/api/v1/chat', { method: 'GET' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect((await errorOf(res)).code).toBe('method_not_allowed')
    expect((await t.app.request('/api/v1/reports', { method: 'PUT' })).status).toBe(405)
    expect((await t.app.request('/api/v1/nothing')).status).toBe(404)
  })

  it('a field the API does not know: 400 naming it', async () => {
    const chat = await post(
      '/api/v1/chat',
      JSON.stringify({ userId: webUser('u-guard-2'), txt: '你好' }),
    )
    expect(chat.status).toBe(400)
    expect((await errorOf(chat)).message).toContain('txt')
    const report = await post('/api/v1/reports', JSON.stringify({ ...REPORT, urgent: true }))
    expect(report.status).toBe(400)
    expect((await errorOf(report)).message).toContain('urgent')
    expect(await count('cases')).toBe(0)
  })

  it('a lone surrogate or NUL in a string: 400 naming the field, never two ids stored as one', async () => {
    const surrogate = await post(
      '/api/v1/chat',
      `{"userId":"${webUser('u-guard-3')}","text":"你好","messageId":"m\\ud800"}`,
    )
    expect(surrogate.status).toBe(400)
    expect((await errorOf(surrogate)).message).toContain('messageId')
    const nul = await post('/api/v1/chat', chatBody('u-guard-3', 'a\u0000b'))
    expect(nul.status).toBe(400)
    expect((await errorOf(nul)).message).toContain('text')
    expect(await count('inbound_messages')).toBe(0)
  })

  it('a NUL in a query: 400 naming the field, not 500', async () => {
    const res = await t.app.request('/api/v1/chat/updates?userId=a%00b')
    expect(res.status).toBe(400)
    expect((await errorOf(res)).message).toContain('userId')
  })
})
