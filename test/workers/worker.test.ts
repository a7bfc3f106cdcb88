/**
 * @module test/workers/worker
 * The deployed shape: requests go through src/worker.ts's fetch handler, inside workerd, on D1.
 */
import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { ChatResponse } from '../../src/chat/handle-message.js'
import { d1Driver } from '../../src/store/d1.js'
import { loadKeyring } from '../../src/reports/keyring.js'
import { storedId } from '../support/users.js'

const BASE = 'http://tonghu.test'

function chat(body: unknown): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function answer(body: unknown): Promise<ChatResponse> {
  const res = await chat(body)
  expect(res.status).toBe(200)
  return (await res.json()) as ChatResponse
}

async function turnCount(conversationId: string): Promise<number> {
  const rows = await d1Driver(env.DB).read({
    sql: 'SELECT count(seq) AS n FROM inbound_messages WHERE conversation_id = ?',
    args: [conversationId],
  })
  return Number(rows[0]?.['n'])
}

const newUser = (): string => `w-${crypto.randomUUID()}`

describe('the worker on D1', () => {
  it('greets a new user with the main menu', async () => {
    const body = await answer({ userId: newUser(), text: '你好' })
    expect(body.state).toEqual({ flow: 'main', node: 'menu', mode: 'bot', lang: 'zh-Hans' })
    expect(body.replies[0]?.choices?.map((c) => c.label)).toEqual([
      '了解福利政策',
      '看看孩子能领什么',
      '举报或求助',
      '转人工',
      '查询举报进度',
    ])
  })

  it('puts 110 in the very first reply when a child is in danger', async () => {
    const body = await answer({ userId: newUser(), text: '隔壁又在打孩子了，孩子一直在哭喊救命' })
    const first = body.replies[0]
    expect(first?.urgent).toBe(true)
    expect(first?.contacts?.map((c) => c.phone)).toContain('110')
    expect(first?.text).toContain('110')
  })

  it('answers a case number that cannot exist with 404, not a database error', async () => {
    const res = await exports.default.fetch(`${BASE}/api/v1/reports/TH-2026-ABCDEF-X`, {
      headers: { 'x-report-pin': '123456' },
    })
    expect(res.status).toBe(404)
  })

  it('remembers where the user is between requests', async () => {
    const userId = newUser()
    await answer({ userId, text: '你好' })
    const body = await answer({ userId, choice: 'human' })
    expect(body.state.mode).toBe('queued')
  })

  it('a repeated messageId gets the identical answer and adds no turn', async () => {
    const userId = newUser()
    await answer({ userId, text: '你好', messageId: 'm1' })
    const first = await answer({ userId, text: '3', messageId: 'm2' })
    const again = await answer({ userId, text: '3', messageId: 'm2' })
    expect(again).toEqual(first)
    expect(await turnCount(first.conversationId)).toBe(2)
  })

  it('malformed JSON is a 400 that says so, and stores nothing', async () => {
    const userId = newUser()
    const res = await chat(`{"userId": "${userId}", text`)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'malformed_json' } })
    const keys = await loadKeyring(env.REPORT_KEY ?? '')
    expect(await turnCount(await storedId({ reports: { keys } }, 'web', userId))).toBe(0)
  })

  it('GET /healthz answers 200 once D1 answers; GET /readyz once D1 takes a write', async () => {
    const res = await exports.default.fetch(`${BASE}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    const ready = await exports.default.fetch(`${BASE}/readyz`)
    expect(ready.status).toBe(200)
  })

  it('serves the chat page', async () => {
    const res = await exports.default.fetch(`${BASE}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('童护')
  })
})

describe('the worker without Node APIs (bundled as wrangler would, no nodejs_compat)', () => {
  it('answers a chat turn on the same D1', async () => {
    const userId = newUser()
    const res = await env.BARE.fetch(`${BASE}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text: '孩子一直在哭喊救命' }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as ChatResponse
    expect(body.replies[0]?.contacts?.[0]?.phone).toBe('110')
    expect(await turnCount(body.conversationId)).toBe(1)
  })
})
