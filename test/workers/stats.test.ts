/**
 * @module test/workers/stats
 * The supervisor's routes inside workerd, on D1, through src/worker.ts's fetch handler: the
 * figures (their SQL — json_extract, json_each — on D1) change by exactly what was driven through
 * the chat API, the CSV export, the audit log paged and filtered, both refused to an operator;
 * 删除我的记录 erasing a conversation on D1; and the cron's retention run (the worker's own
 * scheduled handler, called with a context whose retention promise the test awaits).
 */
import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Role } from '../../src/console/accounts.js'
import { OperatorStore } from '../../src/console/accounts.js'
import { nobleScrypt } from '../../src/console/noble-scrypt.js'
import { Passwords } from '../../src/console/password.js'
import type { StatsFigures } from '../../src/console/stats.js'
import { d1Driver } from '../../src/store/d1.js'
import { loadKeyring } from '../../src/reports/keyring.js'
import worker from '../../src/worker.js'
import { refOf, storedId } from '../support/users.js'

/** The worker's keyring: stored conversation ids are keyed hashes under it. */
const withKeys = async () => ({ reports: { keys: await loadKeyring(env.REPORT_KEY ?? '') } })

const BASE = 'http://tonghu.test'
const PASSWORD = 'correct horse battery staple'
const json = { 'content-type': 'application/json' }
const call = (path: string, init: RequestInit = {}): Promise<Response> =>
  exports.default.fetch(`${BASE}${path}`, init)

/** A new account signed in: a GET with its cookie. */
async function signedIn(
  role: Role,
): Promise<{ name: string; get(path: string): Promise<Response> }> {
  const name = `${role}-${crypto.randomUUID().slice(0, 8)}`
  const passwords = new Passwords(nobleScrypt, { log2N: 10, r: 8, p: 1 })
  await new OperatorStore(d1Driver(env.DB)).add({
    id: name,
    name,
    role,
    passwordHash: await passwords.hash(PASSWORD),
    at: new Date().toISOString(),
  })
  const login = await call('/api/v1/console/login', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ name, password: PASSWORD }),
  })
  expect(login.status).toBe(200)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
  return { name, get: (path) => call(path, { headers: { cookie } }) }
}

async function chat(
  userId: string,
  text: string,
): Promise<{ state: { flow: string | null; node: string | null } }> {
  const res = await call('/api/v1/chat', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ userId, text }),
  })
  expect(res.status).toBe(200)
  return res.json()
}

describe('the supervisor routes in workerd', () => {
  it('the figures move by exactly what happened; CSV; operators are refused', async () => {
    const boss = await signedIn('supervisor')
    const figures = async (): Promise<StatsFigures> => {
      const res = await boss.get('/api/v1/console/stats')
      expect(res.status).toBe(200)
      return res.json()
    }
    const before = await figures()
    const users = [1, 2, 3].map(() => `w-${crypto.randomUUID()}`)
    for (const u of users) await chat(u, '你好')
    await chat(users[0]!, '人工')
    await chat(users[1]!, '隔壁又在打孩子了，孩子一直在哭喊救命')
    const after = await figures()
    expect(after.conversations.total - before.conversations.total).toBe(3)
    expect(after.handoffs.total - before.handoffs.total).toBe(2)
    expect(
      (after.handoffs.byUrgency['emergency'] ?? 0) - (before.handoffs.byUrgency['emergency'] ?? 0),
    ).toBe(1)
    expect(after.emergencies.map((e) => e.conversationId)).toContain(
      await refOf(await withKeys(), 'web', users[1]!),
    )
    const menu = (f: StatsFigures) =>
      f.dropOff.find((x) => x.flow === 'main')?.nodes.find((n) => n.node === 'menu')?.entered ?? 0
    expect(menu(after) - menu(before)).toBe(3)
    expect((await boss.get('/api/v1/console/stats?from=2026-02-30')).status).toBe(400)
    const csv = await boss.get('/api/v1/console/stats.csv')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect((await csv.text()).split('\r\n')[0]).toBe('measure,dimension,key,value')
    const page = await boss.get('/console/dashboard')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<svg')

    const operator = await signedIn('operator')
    for (const path of [
      '/api/v1/console/stats',
      '/api/v1/console/stats.csv',
      '/api/v1/console/audit',
    ])
      expect((await operator.get(path)).status, path).toBe(403)
    expect((await operator.get('/console/dashboard')).status).toBe(403)
  })

  it('the audit log: newest first, by actor and action, paged', async () => {
    const boss = await signedIn('supervisor')
    await boss.get('/api/v1/console/stats')
    await boss.get('/api/v1/console/stats.csv')
    type Page = { items: { id: number; actor: string; action: string }[]; next: number | null }
    const page = async (q: string): Promise<Page> => {
      const res = await boss.get(`/api/v1/console/audit${q}`)
      expect(res.status, q).toBe(200)
      return res.json()
    }
    const mine = await page(`?actor=${boss.name}`)
    expect(mine.items.map((e) => e.action)).toEqual(['export', 'stats_view', 'login'])
    const first = await page(`?actor=${boss.name}&limit=1`)
    expect(first.items.map((e) => e.action)).toEqual(['audit_view'])
    // Reading the audit is recorded too: the first page was the read before; then the export.
    const second = await page(`?actor=${boss.name}&limit=1&before=${first.next}`)
    expect(second.items.map((e) => e.action)).toEqual(['export'])
    expect((await page(`?actor=${boss.name}&action=export`)).items).toHaveLength(1)
    expect((await boss.get('/api/v1/console/audit?limit=500')).status).toBe(400)
  })

  it('删除我的记录 erases the conversation on D1, and the cron runs retention', async () => {
    const user = `w-${crypto.randomUUID()}`
    await chat(user, '你好')
    await chat(user, '看看孩子能领什么')
    expect((await chat(user, '删除我的记录')).state).toMatchObject({
      flow: 'erase',
      node: 'confirm',
    })
    await chat(user, '是')
    const rows = await env.DB.prepare(
      'SELECT count(*) AS n FROM inbound_messages WHERE conversation_id = ?',
    )
      .bind(await storedId(await withKeys(), 'web', user))
      .first<{ n: number }>()
    expect(rows?.n).toBe(1)
    // A conversation silent for years, written as an old turn would have left it.
    const old = `web:w-${crypto.randomUUID()}`
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO conversations (id, channel, user_key, seq, mode, state, updated_at)
         VALUES (?, 'web', 'x', 1, 'bot', '{}', '2020-01-01T00:00:00.000Z')`,
      ).bind(old),
      env.DB.prepare(
        `INSERT INTO inbound_messages (id, conversation_id, payload, received_at, status)
         VALUES (?, ?, 'sealed', '2020-01-01T00:00:00.000Z', 'processed')`,
      ).bind(`m-${old}`, old),
    ])
    // The cron on the hour: retention deletes the old one and keeps the one just erased.
    const controller = { scheduledTime: Date.parse('2026-12-07T10:00:00Z'), cron: '* * * * *' }
    const waits: Promise<unknown>[] = []
    const ctx = {
      waitUntil: (p: Promise<unknown>) => void waits.push(p),
      passThroughOnException() {},
    }
    await worker.scheduled(controller, env, ctx as never)
    // The handler's last waitUntil is retention's (the first is the outbox's, not part of this).
    expect(waits).toHaveLength(2)
    await waits.at(-1)
    const still = await env.DB.prepare('SELECT count(*) AS n FROM conversations WHERE id = ?')
      .bind(await storedId(await withKeys(), 'web', user))
      .first<{ n: number }>()
    expect(still?.n).toBe(1)
    const gone = await env.DB.prepare(
      'SELECT (SELECT count(*) FROM conversations WHERE id = ?1) + (SELECT count(*) FROM inbound_messages WHERE conversation_id = ?1) AS n',
    )
      .bind(old)
      .first<{ n: number }>()
    expect(gone?.n).toBe(0)
  })
})
