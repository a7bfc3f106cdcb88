/**
 * @module test/workers/line
 * LINE inside workerd, through src/worker.ts's fetch handler on D1: a signed webhook is stored and
 * acknowledged, and the answer goes to LINE's API (a stand-in in the test's Node side, see
 * vitest.workers.config.ts) with the reply token; a forged one is refused.
 */
import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'

const BASE = 'http://tonghu.test'
const SECRET = 'test-line-secret'

async function sign(body: string, secret = SECRET): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))
  return btoa(String.fromCharCode(...new Uint8Array(mac)))
}

interface Call {
  path: string
  body: { replyToken?: string; messages: { text?: string }[] }
}

async function calls(): Promise<Call[]> {
  return (await (await fetch('http://fake-line.test/_calls')).json()) as Call[]
}

describe('LINE in workerd', () => {
  it('stores, acknowledges, and answers a signed message through the reply API', async () => {
    const id = crypto.randomUUID()
    const body = JSON.stringify({
      destination: 'Ubot',
      events: [
        {
          type: 'message',
          webhookEventId: `ev-${id}`,
          timestamp: Date.now(),
          source: { type: 'user', userId: `U${id.replaceAll('-', '')}` },
          replyToken: `rt-${id}`,
          deliveryContext: { isRedelivery: false },
          message: { type: 'text', id: 'm1', text: '隔壁又在打孩子了，孩子一直在哭喊救命' },
        },
      ],
    })
    const forged = await exports.default.fetch(`${BASE}/webhooks/line`, {
      method: 'POST',
      headers: { 'x-line-signature': await sign(body, 'wrong') },
      body,
    })
    expect(forged.status).toBe(401)
    const res = await exports.default.fetch(`${BASE}/webhooks/line`, {
      method: 'POST',
      headers: { 'x-line-signature': await sign(body) },
      body,
    })
    expect(res.status).toBe(200)
    // The answer is sent in the request's waitUntil; look until it has arrived.
    let mine: Call | undefined
    for (let i = 0; i < 100 && !mine; i++) {
      mine = (await calls()).find((c) => c.body.replyToken === `rt-${id}`)
      if (!mine) await new Promise((r) => setTimeout(r, 20))
    }
    expect(mine?.path).toBe('/v2/bot/message/reply')
    expect(mine?.body.messages[0]?.text).toContain('110')
  })
})
