/** POST /api/v1/chat and the service routes, on the real app and a real libsql file. */
import { describe, expect, it } from 'vitest'
import {
  PENDING_MAX_AGE_MS,
  recoverPending,
  type ChatResponse,
} from '../../src/chat/handle-message.js'
import { testApp } from '../support/app.js'
import { createApp } from '../../src/app.js'
import { StoreError, type SqlDriver } from '../../src/store/driver.js'
import { databaseChecks } from '../../src/store/health.js'
import { webUser } from '../support/users.js'

async function turns(
  t: Awaited<ReturnType<typeof testApp>>,
  conversationId: string,
): Promise<number[]> {
  const rows = await t.driver.read({
    sql: 'SELECT seq FROM inbound_messages WHERE conversation_id = ? AND seq IS NOT NULL ORDER BY seq',
    args: [conversationId],
  })
  return rows.map((r) => Number(r['seq']))
}

describe('POST /api/v1/chat', () => {
  it('answers with the docs/design.md shape', async () => {
    const t = await testApp()
    const res = await t.post({ userId: webUser('u1'), text: '你好' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as ChatResponse
    expect(body).toMatchObject({
      conversationId: `web:${webUser('u1')}`,
      state: { flow: 'main', node: 'menu', mode: 'bot' },
    })
    expect(body.replies[0]?.choices).toHaveLength(5)
  })

  it('a pressed button is a choice', async () => {
    const t = await testApp()
    await t.post({ userId: webUser('u1'), text: '' })
    const body = (await (
      await t.post({ userId: webUser('u1'), choice: 'human' })
    ).json()) as ChatResponse
    expect(body.state.mode).toBe('queued')
  })

  it('a userId under 128 bits (shorter than 22 characters) is a 400 naming userId, here and on /updates', async () => {
    const t = await testApp()
    for (const userId of ['u1', 'a'.repeat(21), '0123456789abcdef']) {
      const res = await t.post({ userId, text: '你好' })
      expect(res.status).toBe(400)
      const body = (await res.json()) as { error: { fields: { path: string }[] } }
      expect(body.error.fields.map((f) => f.path)).toEqual(['userId'])
      const updates = await t.app.request(`/api/v1/chat/updates?userId=${userId}`)
      expect(updates.status).toBe(400)
      expect(await updates.text()).toContain('userId')
    }
    expect((await t.post({ userId: 'a'.repeat(22), text: '你好' })).status).toBe(200)
    expect((await t.post({ userId: crypto.randomUUID(), text: '你好' })).status).toBe(200)
  })

  it('malformed JSON is a 400 that says so', async () => {
    const t = await testApp()
    const res = await t.post(`{"userId": "${webUser('u1')}", text`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
    })
  })

  it('a missing or wrong field is a 400 naming the field', async () => {
    const t = await testApp()
    const res = await t.post({ text: '你好' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { fields: { path: string }[] } }
    expect(body.error.fields.map((f) => f.path)).toEqual(['userId'])
  })

  it('text over 2,000 characters gets a clear error and stores nothing', async () => {
    const t = await testApp()
    const res = await t.post({ userId: webUser('u1'), text: '字'.repeat(2001) })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('longer than 2000 characters')
    expect(await t.driver.read({ sql: 'SELECT id FROM inbound_messages', args: [] })).toEqual([])
  })

  it('a message id sent again with other words is 409, and changes nothing', async () => {
    const t = await testApp()
    await t.post({ userId: webUser('u1'), text: '你好', messageId: 'a' })
    const reused = await t.post({ userId: webUser('u1'), text: '我要举报', messageId: 'a' })
    expect(reused.status).toBe(409)
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe(
      'message_id_reused',
    )
    expect(await turns(t, `web:${webUser('u1')}`)).toEqual([1])
    // The same words again are a retry: the first answer.
    expect((await t.post({ userId: webUser('u1'), text: '你好', messageId: 'a' })).status).toBe(200)
  })

  it('a duplicate delivery returns the first answer and changes nothing', async () => {
    const t = await testApp()
    await t.post({ userId: webUser('u1'), text: '你好', messageId: 'a' })
    const first = await (await t.post({ userId: webUser('u1'), text: '3', messageId: 'b' })).json()
    const again = await (await t.post({ userId: webUser('u1'), text: '3', messageId: 'b' })).json()
    expect(again).toEqual(first)
    expect(await turns(t, `web:${webUser('u1')}`)).toEqual([1, 2])
    // Redelivered after the conversation moved on: still the first answer, and the conversation
    // goes on from where it is, not from where that message left it.
    const third = (await (
      await t.post({ userId: webUser('u1'), text: '菜单', messageId: 'c' })
    ).json()) as ChatResponse
    expect(
      await (await t.post({ userId: webUser('u1'), text: '3', messageId: 'b' })).json(),
    ).toEqual(first)
    const fourth = (await (
      await t.post({ userId: webUser('u1'), text: '4', messageId: 'd' })
    ).json()) as ChatResponse
    expect(third.state.node).toBe('menu')
    expect(fourth.state.mode).toBe('queued')
    expect(await turns(t, `web:${webUser('u1')}`)).toEqual([1, 2, 3, 4])
    expect(t.deps.metrics.render()).toMatch(/^tonghu_duplicates_total 2$/m)
  })

  it('a message whose turn fails is kept pending; a start that cannot answer it still starts', async () => {
    const t = await testApp()
    await t.post({ userId: webUser('u7'), text: '查询进度', messageId: 'a' })
    await t.post({ userId: webUser('u7'), text: 'TH-2026-ABCDEF-G', messageId: 'b' })
    // This app has no report services: a case check cannot run, so the turn fails.
    const failed = await t.post({ userId: webUser('u7'), text: '000000', messageId: 'c' })
    expect(failed.status).toBe(500)
    expect(await t.deps.store.inboundStatus(`web:${webUser('u7')}:c`)).toMatchObject({
      status: 'pending',
    })
    expect((await t.deps.store.pendingInbound()).map((m) => m.id)).toEqual([
      `web:${webUser('u7')}:c`,
    ])
    expect(await turns(t, `web:${webUser('u7')}`)).toEqual([1, 2])
    expect(await recoverPending(t.deps)).toBe(0)
    expect(t.logs.join('\n')).toContain('"event":"pending_message_failed"')
    expect(t.logs.join('\n')).not.toContain('000000')
    expect((await t.deps.store.pendingInbound()).map((m) => m.id)).toEqual([
      `web:${webUser('u7')}:c`,
    ])
  })

  it('a repeat of an answered message gets its first answer even where running it again fails', async () => {
    const t = await testApp()
    const first = await (
      await t.post({ userId: webUser('u8'), text: '000000', messageId: 'x' })
    ).json()
    await t.post({ userId: webUser('u8'), text: '查询进度', messageId: 'a' })
    await t.post({ userId: webUser('u8'), text: 'TH-2026-ABCDEF-G', messageId: 'b' })
    // At the PIN question, "000000" would check a case, which this app cannot do.
    const again = await t.post({ userId: webUser('u8'), text: '000000', messageId: 'x' })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual(first)
    expect(await turns(t, `web:${webUser('u8')}`)).toEqual([1, 2, 3])
  })

  it('another user sending the same message id gets a turn of their own', async () => {
    const t = await testApp()
    await t.post({ userId: webUser('alice'), text: '你好', messageId: 'same' })
    const alice = (await (
      await t.post({ userId: webUser('alice'), text: '3', messageId: 'same:2' })
    ).json()) as ChatResponse
    const bob = (await (
      await t.post({ userId: webUser('bob'), text: '你好', messageId: 'same:2' })
    ).json()) as ChatResponse
    // A user key with a ":" cannot make its id read as another user's.
    const mallory = (await (
      await t.post({ userId: webUser('alice:same'), text: '你好', messageId: '2' })
    ).json()) as ChatResponse
    expect(alice.state.flow).toBe('report')
    expect(bob.conversationId).toBe(`web:${webUser('bob')}`)
    expect(bob.state.node).toBe('menu')
    expect(mallory.conversationId).toBe(`web:${webUser('alice:same')}`)
  })

  it('two users never see each other’s conversation', async () => {
    const t = await testApp()
    await t.post({ userId: webUser('a'), text: '你好' })
    await t.post({ userId: webUser('a'), text: '3' })
    const b = (await (await t.post({ userId: webUser('b'), text: '你好' })).json()) as ChatResponse
    expect(b.state.node).toBe('menu')
  })

  it('messages from one user arriving at once are all answered, none lost, none interleaved', async () => {
    const t = await testApp()
    const bodies = Array.from({ length: 25 }, (_, i) => ({
      userId: webUser('busy'),
      text: i % 2 ? '返回' : '3',
      messageId: `m${i}`,
    }))
    const responses = await Promise.all(bodies.map((b) => t.post(b)))
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 200))
    expect(await turns(t, `web:${webUser('busy')}`)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    )
    const inbound = await t.driver.read({
      sql: `SELECT count(*) AS n FROM inbound_messages WHERE status = 'processed'`,
      args: [],
    })
    expect(inbound[0]?.['n']).toBe(25)
  })

  it('a database that is down gives 503 and a clear message, not a stack trace', async () => {
    const t = await testApp()
    await t.post({ userId: webUser('u1'), text: '你好' })
    await t.driver.close()
    const res = await t.post({ userId: webUser('u1'), text: '3' })
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable')
    expect((await t.app.request('/healthz')).status).toBe(503)
  })

  it('/readyz proves a write: a database that reads but cannot write is not ready, though healthy', async () => {
    const t = await testApp()
    expect((await t.app.request('/readyz')).status).toBe(200)
    const [row] = await t.driver.read({ sql: 'SELECT checked_at FROM readiness', args: [] })
    expect(row?.['checked_at']).toBe(t.deps.clock().toISOString())
    // A full disk: every write fails, reads go on.
    const fullDisk: SqlDriver = {
      read: (stmt) => t.driver.read(stmt),
      write: () => Promise.reject(new StoreError('the disk is full')),
      exec: () => Promise.reject(new StoreError('the disk is full')),
      close: () => t.driver.close(),
    }
    const app = createApp({ ...t.deps, ...databaseChecks(fullDisk, t.deps.clock) })
    expect((await app.request('/healthz')).status).toBe(200)
    const res = await app.request('/readyz')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ ok: false })
  })

  it('a message stored but never answered (a crash) is answered on restart', async () => {
    const t = await testApp()
    await t.deps.store.recordInbound({
      id: `web:${webUser('u9')}:lost`,
      conversationId: `web:${webUser('u9')}`,
      payload: JSON.stringify({
        channel: 'web',
        userKey: webUser('u9'),
        input: { kind: 'text', text: '你好' },
      }),
      receivedAt: '2026-03-02T01:00:00.000Z',
    })
    expect(await recoverPending(t.deps)).toBe(1)
    const status = await t.deps.store.inboundStatus(`web:${webUser('u9')}:lost`)
    expect(status).toMatchObject({ status: 'processed' })
    const retried = (await (
      await t.post({ userId: webUser('u9'), text: '你好', messageId: 'lost' })
    ).json()) as ChatResponse
    expect(retried.state.node).toBe('menu')
    expect(await turns(t, `web:${webUser('u9')}`)).toEqual([1])
  })

  it('a message left pending for more than 72 hours is given up at a restart, and said so', async () => {
    const t = await testApp()
    const lost = (id: string, receivedAt: string) =>
      t.deps.store.recordInbound({
        id: `web:${webUser('u8')}:${id}`,
        conversationId: `web:${webUser('u8')}`,
        payload: JSON.stringify({
          channel: 'web',
          userKey: webUser('u8'),
          input: { kind: 'text', text: '你好' },
        }),
        receivedAt,
      })
    const now = t.deps.clock().getTime()
    await lost('old', new Date(now - PENDING_MAX_AGE_MS - 60_000).toISOString())
    await lost('recent', new Date(now - PENDING_MAX_AGE_MS + 60_000).toISOString())
    expect(await recoverPending(t.deps)).toBe(1)
    expect(await t.deps.store.inboundStatus(`web:${webUser('u8')}:recent`)).toMatchObject({
      status: 'processed',
    })
    expect((await t.deps.store.pendingInbound()).map((m) => m.id)).toEqual([])
    expect(t.deps.metrics.render()).toContain('pending_expired_total 1')
    expect(t.logs.join('\n')).toContain('pending_message_expired')
    // Not again at the next start.
    expect(await recoverPending(t.deps)).toBe(0)
    expect(t.deps.metrics.render()).toContain('pending_expired_total 1')
  })

  it('never logs what a user wrote', async () => {
    const t = await testApp()
    await t.post({ userId: webUser('u1'), text: '我的电话是13800000000，孩子在打' })
    expect(t.logs.join('\n')).not.toContain('13800000000')
  })
})

describe('service routes', () => {
  it('/healthz, /docs, /docs/openapi.json, /', async () => {
    const t = await testApp()
    expect(await (await t.app.request('/healthz')).json()).toEqual({ ok: true })
    expect((await t.app.request('/docs')).status).toBe(200)
    const doc = (await (await t.app.request('/docs/openapi.json')).json()) as {
      paths: Record<string, unknown>
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/chat',
        '/api/v1/triage',
        '/api/v1/reports',
        '/api/v1/reports/{caseNumber}',
      ]),
    )
    expect((await t.app.request('/')).headers.get('content-type')).toContain('text/html')
    expect((await t.app.request('/nope')).status).toBe(404)
  })
})

describe('POST /api/v1/triage (mounted)', () => {
  it('puts 110 first for a child being beaten now, and names a teacher’s duty in Qinzhou', async () => {
    const t = await testApp()
    const res = await t.app.request('/api/v1/triage', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: '隔壁又在打孩子了，孩子一直在哭喊救命',
        region: 'qinzhou',
        reporterRole: 'teacher',
      }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      urgency: string
      firstAction: { contacts: { phone?: string }[] }
      mandatedReporter: boolean
    }
    expect(body.urgency).toBe('emergency')
    expect(body.firstAction.contacts[0]?.phone).toBe('110')
    expect(body.mandatedReporter).toBe(true)
  })
})

describe('policy routes (mounted; their behaviour is in test/policy)', () => {
  it('lists what a region offers, and names a bad region field', async () => {
    const t = await testApp()
    expect((await t.app.request('/api/v1/entitlements?region=wenling')).status).toBe(200)
    const bad = await t.app.request('/api/v1/screen', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ facts: {} }),
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await bad.json())).toContain('region')
  })
})
