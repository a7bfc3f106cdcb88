/**
 * Limits per client (issue 15): one client cannot flood the service with messages, new
 * conversations or reports. Over a limit the answer is 429 with Retry-After and nothing is stored;
 * other clients, and a true retry of a report, are still served.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { Context } from 'hono'
import {
  clientLimits,
  forwardedAddress,
  RateLimiter,
  type ClientLimits,
  type Limits,
} from '../../src/http/rate-limit.js'
import { realContent } from '../support/content.js'
import { webUser } from '../support/users.js'
import { reportApp, submit, type ReportApp } from '../reports/support.js'

const SMALL: Limits = {
  chatPerUser: { max: 3, perSeconds: 60 },
  chatPerAddress: { max: 10, perSeconds: 60 },
  usersPerAddress: { max: 4, perSeconds: 600 },
  reportsPerAddress: { max: 2, perSeconds: 3600 },
  resultsPerAddress: { max: 3, perSeconds: 600 },
}

describe('RateLimiter', () => {
  it('allows max at once, then tells how long until the next one, and refills evenly', () => {
    const l = new RateLimiter(SMALL)
    expect([0, 0, 0].map(() => l.take('chatPerUser', 'u', 0))).toEqual([
      undefined,
      undefined,
      undefined,
    ])
    expect(l.take('chatPerUser', 'u', 0)).toBe(20) // 3 a minute: one every 20 s
    expect(l.take('chatPerUser', 'other', 0)).toBeUndefined()
    expect(l.take('chatPerUser', 'u', 19_000)).toBe(1)
    expect(l.take('chatPerUser', 'u', 20_000)).toBeUndefined()
  })

  it('gives each of several instances its share of a limit', () => {
    const l = new RateLimiter(SMALL, 2)
    expect(l.take('reportsPerAddress', 'a', 0)).toBeUndefined()
    expect(l.take('reportsPerAddress', 'a', 0)).toBe(3600)
  })

  it('counts a user new to an address once per window', () => {
    const l = new RateLimiter(SMALL)
    for (const u of ['a', 'b', 'c', 'd']) expect(l.newUser('ip', u, 0)).toBeUndefined()
    expect(l.newUser('ip', 'a', 1000)).toBeUndefined()
    expect(l.newUser('ip', 'e', 1000)).toBeGreaterThan(0)
    expect(l.newUser('other-ip', 'e', 1000)).toBeUndefined()
  })

  it('forgets the least recently used buckets past its bound', () => {
    const l = new RateLimiter(SMALL, 1, 2)
    for (let i = 0; i < 3; i++) l.take('chatPerUser', 'u', 0)
    expect(l.take('chatPerUser', 'u', 0)).toBe(20)
    l.take('chatPerUser', 'v', 0)
    l.take('chatPerUser', 'w', 0) // 'u' is now the oldest of three: forgotten
    expect(l.take('chatPerUser', 'u', 0)).toBeUndefined()
  })

  it('lets go of users and buckets whose window has passed', () => {
    const l = new RateLimiter({
      ...SMALL,
      chatPerAddress: { max: 1200, perSeconds: 60 },
      usersPerAddress: { max: 1000, perSeconds: 600 },
    })
    // 10,000 users from one address, one a second: each window ends long before the last user.
    for (let i = 0; i < 10_000; i++) {
      expect(l.newUser('ip', `u${i}`, i * 1000)).toBeUndefined()
      expect(l.take('chatPerUser', `u${i}`, i * 1000)).toBeUndefined()
      expect(l.take('chatPerAddress', 'ip', i * 1000)).toBeUndefined()
    }
    // Kept: the users of the last 600 s, the chat buckets of the last 60 s, the address's two.
    expect(l.size).toBeLessThanOrEqual(601 + 60 + 2)
    // Forgotten is the same as full again: the first user may send three at once once more.
    const later = 10_000 * 1000
    expect([0, 0, 0, 0].map(() => l.take('chatPerUser', 'u0', later))).toEqual([
      undefined,
      undefined,
      undefined,
      20,
    ])
  })
})

describe('settings', () => {
  const socket = (): string => '10.0.0.9'
  const ctx = (xff?: string): Context =>
    ({
      req: { header: (n: string) => (n === 'x-forwarded-for' ? xff : undefined) },
    }) as unknown as Context

  it('RATE_LIMITS=off turns them off; a bad number stops the start', () => {
    expect(clientLimits({ RATE_LIMITS: 'off' }, SMALL, socket)).toBeUndefined()
    expect(() => clientLimits({ RATE_LIMIT_INSTANCES: '0' }, SMALL, socket)).toThrow(
      /RATE_LIMIT_INSTANCES/,
    )
    expect(() => clientLimits({ TRUST_PROXY: 'yes' }, SMALL, socket)).toThrow(/TRUST_PROXY/)
  })

  it('X-Forwarded-For counts only behind a trusted proxy, and only the hop it saw', () => {
    expect(forwardedAddress(ctx('1.1.1.1, 2.2.2.2'), '10.0.0.9', 0)).toBe('10.0.0.9')
    expect(forwardedAddress(ctx('1.1.1.1, 2.2.2.2'), '10.0.0.9', 1)).toBe('2.2.2.2')
    expect(forwardedAddress(ctx('1.1.1.1, 2.2.2.2'), '10.0.0.9', 2)).toBe('1.1.1.1')
    expect(forwardedAddress(ctx(undefined), '10.0.0.9', 1)).toBe('10.0.0.9')
    const limits = clientLimits({ TRUST_PROXY: '1' }, SMALL, socket)!
    expect(limits.address(ctx('6.6.6.6, 7.7.7.7'))).toBe('7.7.7.7')
  })

  it('the content gives generous limits per address and strict ones for reports', () => {
    const { limits } = realContent()
    expect(limits.chatPerAddress.max / limits.chatPerAddress.perSeconds).toBeGreaterThan(
      limits.chatPerUser.max / limits.chatPerUser.perSeconds,
    )
    expect(limits.reportsPerAddress.max).toBeLessThanOrEqual(50)
    // Result codes are claim tickets: an address may open a few pages, never try thousands.
    expect(limits.resultsPerAddress.max / limits.resultsPerAddress.perSeconds).toBeLessThan(1)
  })
})

describe('over a limit: 429 with Retry-After, and nothing stored', () => {
  let t: ReportApp
  let address = '203.0.113.7'
  let now = 0
  beforeEach(async () => {
    address = '203.0.113.7'
    now = 0
    const limits: ClientLimits = {
      limiter: new RateLimiter(SMALL),
      address: () => address,
      now: () => now,
    }
    t = await reportApp({ limits })
  })

  const chat = (userId: string, text: string) =>
    t.app.request('/api/v1/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: webUser(userId), text }),
    })
  const count = async (sql: string): Promise<number> =>
    Number((await t.driver.read({ sql, args: [] }))[0]?.['n'])

  it('a user sending faster than the limit is told when to try again; others are served', async () => {
    for (let i = 0; i < 3; i++) expect((await chat('flooder', `你好${i}`)).status).toBe(200)
    const stored = await count('SELECT count(*) AS n FROM inbound_messages')
    const refused = await chat('flooder', '还有一条')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('20')
    const body = (await refused.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('rate_limited')
    expect(body.error.message).toContain('110')
    expect(await count('SELECT count(*) AS n FROM inbound_messages')).toBe(stored)
    expect((await chat('neighbour', '你好')).status).toBe(200)
    now = 20_000
    expect((await chat('flooder', '还有一条')).status).toBe(200)
  })

  it('an address starting more conversations than the limit is refused the next new one', async () => {
    for (const u of ['u1', 'u2', 'u3', 'u4']) expect((await chat(u, '你好')).status).toBe(200)
    const conversations = await count('SELECT count(*) AS n FROM conversations')
    expect((await chat('u5', '你好')).status).toBe(429)
    expect(await count('SELECT count(*) AS n FROM conversations')).toBe(conversations)
    expect((await chat('u1', '菜单')).status).toBe(200) // someone already talking goes on
    address = '198.51.100.1'
    expect((await chat('u5', '你好')).status).toBe(200)
  })

  it('reports: the third from one address is refused and makes no case; a retry still gets its receipt', async () => {
    const report = { what: '邻居家的孩子经常被锁在家里，没人管', inDanger: false }
    const first = await submit(t, report, { 'idempotency-key': 'retry-key-0001' })
    expect(first.status).toBe(200)
    expect((await submit(t, { ...report, what: '另一件事：孩子没人管' })).status).toBe(200)
    const third = await submit(t, { ...report, what: '第三件事' })
    expect(third.status).toBe(429)
    expect(await count('SELECT count(*) AS n FROM cases')).toBe(2)
    const retry = await submit(t, report, { 'idempotency-key': 'retry-key-0001' })
    expect(retry.status).toBe(200)
    expect(retry.body['caseNumber']).toBe(first.body['caseNumber'])
  })

  it('result pages: an address trying codes is refused the fourth, in words, found or not', async () => {
    const page = (code: string) => t.app.request(`/r/${code}`)
    for (const code of ['AAAA-AAAA-A', 'K7M4-QX9R-C', 'x'])
      expect((await page(code)).status).toBe(404)
    const refused = await page('BAGX-VN5M-Z')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('200') // 3 in 10 minutes: one every 200 s
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/)
    expect(refused.headers.get('cache-control')).toBe('no-store')
    const html = await refused.text()
    expect(html).toContain('请 200 秒后再打开')
    expect(html).toContain('110')
    address = '198.51.100.1'
    expect((await page('AAAA-AAAA-A')).status).toBe(404)
    address = '203.0.113.7'
    now = 200_000
    expect((await page('AAAA-AAAA-A')).status).toBe(404)
  })
})
