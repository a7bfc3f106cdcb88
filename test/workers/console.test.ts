/**
 * @module test/workers/console
 * The operators' console inside workerd, on D1, through src/worker.ts's fetch handler: an account
 * (hashed with @noble/hashes' scrypt here; Node's node:crypto gives the same bytes), sign-in,
 * the route guard, the queue, a claim and a message that reaches the web user by polling.
 */
import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { conversationRef } from '../../src/store/ref.js'
import { OperatorStore } from '../../src/console/accounts.js'
import { nobleScrypt } from '../../src/console/noble-scrypt.js'
import { Passwords } from '../../src/console/password.js'
import { d1Driver } from '../../src/store/d1.js'

const BASE = 'http://tonghu.test'
const PASSWORD = 'correct horse battery staple'

function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, init)
}
const json = { 'content-type': 'application/json' }

describe('the console in workerd', () => {
  it('signs in, sees the queue, claims, and its message reaches the web user', async () => {
    const name = `op-${crypto.randomUUID().slice(0, 8)}`
    const passwords = new Passwords(nobleScrypt, { log2N: 10, r: 8, p: 1 })
    await new OperatorStore(d1Driver(env.DB)).add({
      id: name,
      name,
      role: 'operator',
      passwordHash: await passwords.hash(PASSWORD),
      at: new Date().toISOString(),
    })
    expect((await call('/api/v1/console/queue')).status).toBe(401)
    const bad = await call('/api/v1/console/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name, password: 'wrong password!!' }),
    })
    expect(bad.status).toBe(401)
    const login = await call('/api/v1/console/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name, password: PASSWORD }),
    })
    expect(login.status).toBe(200)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    const { csrfToken } = (await login.json()) as { csrfToken: string }

    const userId = `w-${crypto.randomUUID()}`
    let answer: { conversationId: string } | undefined
    for (const text of ['你好', '人工'])
      answer = (await (
        await call('/api/v1/chat', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ userId, text }),
        })
      ).json()) as { conversationId: string }
    const ref = await conversationRef(answer!.conversationId)
    const queue = (await (await call('/api/v1/console/queue', { headers: { cookie } })).json()) as {
      items: { conversationId: string }[]
    }
    expect(queue.items.map((i) => i.conversationId)).toContain(ref)

    const post = (path: string, body?: unknown, token = csrfToken) =>
      call(path, {
        method: 'POST',
        headers: { ...json, cookie, 'x-csrf-token': token },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    expect(
      (await post(`/api/v1/console/conversations/${ref}/claim`, undefined, 'forged')).status,
    ).toBe(403)
    const start = (await (await call(`/api/v1/chat/updates?userId=${userId}`)).json()) as {
      cursor: number
    }
    expect((await post(`/api/v1/console/conversations/${ref}/claim`)).status).toBe(200)
    expect(
      (await post(`/api/v1/console/conversations/${ref}/messages`, { text: '您好，我在。' }))
        .status,
    ).toBe(200)
    const got = (await (
      await call(`/api/v1/chat/updates?userId=${userId}&after=${start.cursor}`)
    ).json()) as {
      replies: { text: string; from?: string }[]
      mode: string
    }
    expect(got.replies.at(-1)).toEqual({ text: '您好，我在。', from: 'operator' })
    expect(got.mode).toBe('operator')
  })

  it('runs in the worker bundled without Node built-ins (the console guard answers)', async () => {
    const res = await env.BARE.fetch(`${BASE}/api/v1/console/queue`)
    expect(res.status).toBe(401)
    const page = await env.BARE.fetch(`${BASE}/console/login`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const queue = await env.BARE.fetch(`${BASE}/console`, { redirect: 'manual' })
    expect(queue.status).toBe(302)
  })
})
