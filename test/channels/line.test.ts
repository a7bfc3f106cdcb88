/**
 * LINE end to end, on a real libsql file: webhooks signed the way LINE signs them (checked with the
 * SDK's own validateSignature), the app's answer, and what the real SDK then sends to a local
 * fake of LINE's API. Forged and duplicate deliveries change nothing; 110 comes first as a
 * tap-to-call; choices are quick replies; stickers get a kind answer; failed sends are retried
 * with the same retry key and never shown twice; an operator's words reach a LINE user.
 */
import { createHmac } from 'node:crypto'
import type { Hono } from 'hono'
import { validateSignature } from '@line/bot-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acceptMessage, recoverPending } from '../../src/chat/handle-message.js'
import type { OutboxDeliverer } from '../../src/chat/outbox.js'
import type { ConsoleApp } from '../console/support.js'
import type { FakeLine } from './fake-line.js'
import { lineApp, lineDeliverer } from './support.js'
import { createApp } from '../../src/app.js'
import { lineChannel } from '../../src/node-line.js'
import { refOf } from '../support/users.js'

const SECRET = 'test-channel-secret'
const USER = 'U0123456789abcdef0123456789abcdef'

let a: ConsoleApp
let line: FakeLine
let outbox: OutboxDeliverer
let app: Hono
let n = 0

beforeEach(async () => {
  ;({ a, line, outbox, app } = await lineApp(SECRET))
})
afterEach(async () => {
  await line.close()
})

function sign(body: string, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64')
}

function event(fields: Record<string, unknown>): Record<string, unknown> {
  n++
  return {
    webhookEventId: `01HEVENT${String(n).padStart(18, '0')}`,
    timestamp: a.clock.now().getTime(),
    mode: 'active',
    source: { type: 'user', userId: USER },
    replyToken: `reply-token-${n}`,
    deliveryContext: { isRedelivery: false },
    ...fields,
  }
}
const text = (t: string) =>
  event({ type: 'message', message: { type: 'text', id: `m${n}`, text: t } })

async function deliver(events: Record<string, unknown>[], secret = SECRET): Promise<Response> {
  const body = JSON.stringify({ destination: 'Ubot', events })
  const signature = sign(body, secret)
  // The SDK's own check agrees with what LINE would send.
  if (secret === SECRET) expect(validateSignature(body, SECRET, signature)).toBe(true)
  return app.request('/webhooks/line', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signature },
    body,
  })
}

/** Waits until the answers of what was delivered have been worked out and sent. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 10))
    await outbox.idle()
    const [row] = await a.driver.read({
      sql: `SELECT count(*) AS n FROM inbound_messages WHERE status = 'pending'`,
      args: [],
    })
    if (Number(row?.['n']) === 0) break
  }
  outbox.kick()
  await outbox.idle()
}

const texts = (call: { body: { messages: Record<string, unknown>[] } }): string[] =>
  call.body.messages.map((m) => String(m['text'] ?? ''))

describe('LINE webhook', () => {
  it('refuses a forged signature with 401 and stores nothing', async () => {
    const res = await deliver([text('你好')], 'not-the-secret')
    expect(res.status).toBe(401)
    const [row] = await a.driver.read({
      sql: 'SELECT count(*) AS n FROM inbound_messages',
      args: [],
    })
    expect(Number(row?.['n'])).toBe(0)
  })

  it("answers LINE's verify request (no events) with 200, and malformed JSON with 400", async () => {
    expect((await deliver([])).status).toBe(200)
    const body = '{"events": [nope'
    const res = await app.request('/webhooks/line', {
      method: 'POST',
      headers: { 'x-line-signature': sign(body) },
      body,
    })
    expect(res.status).toBe(400)
  })

  it('greets a new friend with the menu as quick replies, through the reply token', async () => {
    expect((await deliver([event({ type: 'follow' })])).status).toBe(200)
    await settle()
    expect(line.calls).toHaveLength(1)
    const [call] = line.calls
    expect(call?.path).toBe('/v2/bot/message/reply')
    expect(call?.authorization).toBe('Bearer test-token')
    expect(call?.body.replyToken).toBe(`reply-token-${n}`)
    const items = (
      call?.body.messages[0]?.['quickReply'] as { items: { action: { label: string } }[] }
    ).items
    expect(items.map((i) => i.action.label)).toEqual([
      '了解福利政策',
      '看看孩子能领什么',
      '举报或求助',
      '转人工',
      '查询举报进度',
    ])
    expect(items.every((i) => [...i.action.label].length <= 20)).toBe(true)
  })

  it('puts 110 first, with a tap-to-call button, when a child is in danger', async () => {
    await deliver([text('隔壁又在打孩子了，孩子一直在哭喊救命')])
    await settle()
    const messages = line.calls[0]!.body.messages
    expect(String(messages[0]?.['text'])).toContain('110')
    const template = messages[1] as { type: string; template: { actions: { uri: string }[] } }
    expect(template.type).toBe('template')
    expect(template.template.actions[0]?.uri).toBe('tel:110')
  })

  it('a slow turn shows the loading animation first; a quick one does not', async () => {
    const channel = lineChannel({
      channelAccessToken: 'test-token',
      baseURL: line.url,
      texts: a.deps.content.texts,
    })
    // The turn cannot commit until the animation was asked for: slow, without a clock in the test.
    let shown!: () => void
    const asked = new Promise<void>((resolve) => (shown = resolve))
    const store = new Proxy(a.deps.store, {
      get: (target, key, receiver) =>
        key === 'commitTurn'
          ? async (...args: Parameters<typeof target.commitTurn>) => {
              await asked
              return target.commitTurn(...args)
            }
          : Reflect.get(target, key, receiver),
    })
    const busy = async (user: string) => {
      await channel.busy!(user)
      shown()
    }
    app = createApp({
      ...a.deps,
      store,
      outbox,
      line: { channelSecret: SECRET, busy, busyAfterMs: 0 },
    })
    await deliver([text('你好')])
    await settle()
    expect(line.calls.map((c) => c.path)).toEqual([
      '/v2/bot/chat/loading/start',
      '/v2/bot/message/reply',
    ])
    expect(line.calls[0]?.body).toEqual({ chatId: USER, loadingSeconds: 20 })

    line.calls.length = 0
    app = createApp({
      ...a.deps,
      outbox,
      line: { channelSecret: SECRET, busy, busyAfterMs: 60_000 },
    })
    await deliver([text('菜单')])
    await settle()
    expect(line.calls.map((c) => c.path)).toEqual(['/v2/bot/message/reply'])
  })

  it('a user writing Traditional characters is answered in Traditional (Taiwan, Hong Kong)', async () => {
    await deliver([text('請問孩子能領什麼補貼')])
    await settle()
    expect(texts(line.calls[0]!).join('\n')).toContain('孩子的戶口在哪裡')
  })

  it('a redelivered event is not answered twice', async () => {
    const e = text('你好')
    await deliver([e])
    await settle()
    const again = { ...e, deliveryContext: { isRedelivery: true } }
    expect((await deliver([again])).status).toBe(200)
    await settle()
    expect(line.calls).toHaveLength(1)
  })

  it('a sticker gets a kind word that only text is read, and the question again', async () => {
    await deliver([
      event({
        type: 'message',
        message: { type: 'sticker', id: 's1', packageId: '1', stickerId: '1' },
      }),
    ])
    await settle()
    expect(texts(line.calls[0]!)[0]).toBe(a.deps.content.texts['zh-Hans']['channel.unsupported'])
  })

  it('a quick-reply tap (postback) picks the choice', async () => {
    await deliver([event({ type: 'follow' })])
    await deliver([event({ type: 'postback', postback: { data: 'screen' } })])
    await settle()
    const last = line.calls.at(-1)!
    expect(texts(last).join('\n')).toContain(a.deps.content.texts['zh-Hans']['screen.ask_region'])
  })

  it('a rich-menu tap (menu:screen) leaves a report half-way and starts the screening', async () => {
    await deliver([text('我要举报')])
    await deliver([event({ type: 'postback', postback: { data: 'menu:screen' } })])
    await settle()
    const shown = texts(line.calls.at(-1)!).join('\n')
    expect(shown).toContain(a.deps.content.texts['zh-Hans']['screen.ask_region'])
    expect(shown).not.toContain(a.deps.content.texts['zh-Hans']['main.menu'])
  })

  it('after the reply token is spent or stale, pushes; a 429 is retried with the same retry key, once shown', async () => {
    await deliver([text('你好')])
    // The answer waits past the reply token's life (the deliverer was down): a push it is.
    a.clock.advance(60_000)
    line.fail(429)
    await settle()
    expect(line.calls.map((c) => c.path)).toEqual(['/v2/bot/message/push'])
    expect(line.calls[0]?.body.to).toBe(USER)
    const key = line.calls[0]?.retryKey
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/)
    await settle() // still backing off: nothing sent
    expect(line.calls).toHaveLength(1)
    a.clock.advance(2_000)
    await settle()
    expect(line.calls.map((c) => c.retryKey)).toEqual([key, key])
    a.clock.advance(60_000)
    await settle()
    expect(line.calls).toHaveLength(2)
  })

  it('a message stored before a crash is answered at the restart, and sent once', async () => {
    // The process took the event and died before the turn ran: it is stored as pending.
    const taken = await acceptMessage(a.deps, {
      channel: 'line',
      userKey: USER,
      messageId: 'ev-before-crash',
      input: { kind: 'text', text: '你好' },
    })
    expect(taken).toBeDefined()
    expect(line.calls).toHaveLength(0)
    // The restart answers what is pending (src/node.ts) and the outbox sends it.
    expect(await recoverPending({ ...a.deps, outbox })).toBe(1)
    await settle()
    expect(line.calls.map((c) => c.path)).toEqual(['/v2/bot/message/push'])
    expect(texts(line.calls[0]!).join('\n')).toContain(a.deps.content.texts['zh-Hans']['main.menu'])
    // LINE redelivers the same event after the restart: not answered again.
    await deliver([text('你好')].map((e) => ({ ...e, webhookEventId: 'ev-before-crash' })))
    await settle()
    expect(line.calls).toHaveLength(1)
  })

  it('a reply committed but not sent before a crash is sent by the next process, once', async () => {
    line.fail(500)
    await deliver([text('你好')])
    await settle()
    expect(line.calls).toHaveLength(1) // the try that failed
    // A new process: a new deliverer over the same database, after the back-off.
    const restarted = lineDeliverer(a, line)
    a.clock.advance(5_000)
    restarted.kick()
    await restarted.idle()
    restarted.kick()
    await restarted.idle()
    expect(line.calls.map((c) => c.path)).toEqual(['/v2/bot/message/reply', '/v2/bot/message/push'])
    expect(texts(line.calls[1]!).join('\n')).toContain(a.deps.content.texts['zh-Hans']['main.menu'])
  })

  it("an operator's message reaches a LINE user by push", async () => {
    await deliver([text('你好')])
    await deliver([text('人工')])
    await settle()
    await a.addOperator('li')
    const li = await a.signIn('li')
    const c = `/api/v1/console/conversations/${await refOf(a.deps, 'line', USER)}`
    // The console's requests go to the same app as the webhook.
    const post = (path: string, body?: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { cookie: li.cookie, 'x-csrf-token': li.csrf, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    expect((await post(`${c}/claim`)).status).toBe(200)
    expect((await post(`${c}/messages`, { text: '您好，我是热线工作人员。' })).status).toBe(200)
    await settle()
    const pushed = line.calls.filter((x) => x.path === '/v2/bot/message/push')
    expect(pushed.flatMap(texts)).toContain('您好，我是热线工作人员。')
  })
})
