/**
 * The channel contract (contract.ts) for the web chat, LINE, the WeChat Official Account and
 * personal WeChat (wechaty).
 */
import { createHmac } from 'node:crypto'
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe } from 'vitest'
import type { OutboxDeliverer } from '../../src/chat/outbox.js'
import type { ConsoleApp } from '../console/support.js'
import type { FakeLine } from './fake-line.js'
import { lineApp, wechatApp, type WechatApp } from './support.js'
import { postWechat, wechatXml } from './wechat-client.js'
import { MAX_TEXT_BYTES, utf8Bytes } from '../../src/channels/wechat/render.js'
import type { Reply } from '../../src/engine/types.js'
import type { AppDeps } from '../../src/app.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { channelContract } from './contract.js'
import { types } from 'wechaty'
import { silentLogger } from '../../src/chat/log.js'
import { nodeDeps } from '../../src/node-deps.js'
import { storedId } from '../support/users.js'
import { wechatyWorld, type MockUser, type WechatyWorld } from './wechaty-support.js'

let a: ConsoleApp
let line: FakeLine
let app: Hono
let outbox: OutboxDeliverer
let w: WechatApp
const SECRET = 'contract-secret'

beforeAll(async () => {
  ;({ a, line, outbox, app } = await lineApp(SECRET))
  // Every turn answered in time, however slow the machine: the passive reply is what the golden
  // conversation records (a late turn's 客服消息 are tested in wechat.test.ts).
  w = await wechatApp({ budgetMs: 60_000 })
})
afterAll(async () => {
  await line.close()
  await w.wechat.close()
})

/** An app on a database: its driver, and its keys (for the stored ids, src/chat/ids.ts). */
type Host = { driver: SqlDriver; deps: Pick<AppDeps, 'reports'> }

const texts = (): Record<string, string> => a.deps.content.texts['zh-Hans']

/**
 * The choices of the conversation's last reply (its outbox row), as its numbered lines were shown
 * in `last`: WeChat has no buttons, the user writes the choice's number.
 */
async function numbered(
  host: Host,
  channel: string,
  user: string,
  last: string,
): Promise<string[]> {
  const [row] = await host.driver.read({
    sql: 'SELECT reply FROM outbox WHERE conversation_id = ? ORDER BY id DESC LIMIT 1',
    args: [await storedId(host.deps, channel, user)],
  })
  if (!row) return []
  const reply = JSON.parse(await host.deps.reports!.keys.open(String(row['reply']))) as Reply
  return (reply.choices ?? [])
    .filter((c, i) => last.includes(`${i + 1}. ${c.label}`))
    .map((c) => c.id)
}

/** What a WeChat user writes to pick `choice` from those offered. */
function numberOf(offered: string[], choice: string): string {
  const i = offered.indexOf(choice)
  if (i < 0) throw new Error(`${choice} is not offered (${offered.join(', ')})`)
  return String(i + 1)
}

async function stored(channel: string, user: string, host: Host = a): Promise<number> {
  const [row] = await host.driver.read({
    sql: 'SELECT count(*) AS n FROM inbound_messages WHERE conversation_id = ?',
    args: [await storedId(host.deps, channel, user)],
  })
  return Number(row?.['n'])
}

describe('the web chat', () => {
  const seen = new Map<string, Reply[]>()
  const sentIds = new Set<string>()
  const post = async (user: string, body: Record<string, string>): Promise<void> => {
    const res = await app.request('/api/v1/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: user, ...body }),
    })
    const { replies } = (await res.json()) as { replies: Reply[] }
    // A retry with the same message id gets the first answer back: the page shows it once.
    const id = body['messageId'] && `${user}#${body['messageId']}`
    if (id && sentIds.has(id)) return
    if (id) sentIds.add(id)
    seen.set(user, [...(seen.get(user) ?? []), ...replies])
  }
  channelContract(() => ({
    name: 'web',
    texts: texts(),
    send: (user, text, id) => post(user, { text, ...(id && { messageId: id }) }),
    press: (user, choice) => post(user, { choice }),
    shown: async (user) => (seen.get(user) ?? []).map((r) => r.text),
    rendered: async (user) => seen.get(user) ?? [],
    buttons: async (user) => (seen.get(user) ?? []).at(-1)?.choices?.map((c) => c.id) ?? [],
    stored: (user) => stored('web', user),
  }))
})

describe('LINE', () => {
  let n = 0
  const deliver = async (
    user: string,
    e: Record<string, unknown>,
    secret = SECRET,
  ): Promise<number> => {
    n++
    const body = JSON.stringify({
      destination: 'Ubot',
      events: [
        {
          webhookEventId: `ev-${n}`,
          timestamp: Date.now(),
          source: { type: 'user', userId: user },
          replyToken: `rt-${n}`,
          deliveryContext: { isRedelivery: false },
          ...e,
        },
      ],
    })
    const res = await app.request('/webhooks/line', {
      method: 'POST',
      headers: { 'x-line-signature': createHmac('sha256', secret).update(body).digest('base64') },
      body,
    })
    // Let the answer be worked out and sent.
    for (let i = 0; i < 100 && (await pending()) > 0; i++)
      await new Promise((r) => setTimeout(r, 5))
    outbox.kick()
    await outbox.idle()
    return res.status
  }
  const pending = async (): Promise<number> => {
    const [row] = await a.driver.read({
      sql: `SELECT count(*) AS n FROM inbound_messages WHERE status = 'pending'`,
      args: [],
    })
    return Number(row?.['n'])
  }
  const calls = (user: string) =>
    line.calls.filter(
      (c) => c.body.to === user || calls.tokens.get(c.body.replyToken ?? '') === user,
    )
  calls.tokens = new Map<string, string>()
  const event = async (user: string, e: Record<string, unknown>): Promise<void> => {
    calls.tokens.set(`rt-${n + 1}`, user)
    await deliver(user, e)
  }
  channelContract(() => ({
    name: 'line',
    texts: texts(),
    send: (user, text, id) =>
      event(user, {
        type: 'message',
        message: { type: 'text', id: 'm', text },
        ...(id && { webhookEventId: id }),
      }),
    press: (user, choice) => event(user, { type: 'postback', postback: { data: choice } }),
    forged: (user, text) =>
      deliver(user, { type: 'message', message: { type: 'text', id: 'm', text } }, 'wrong'),
    follow: (user) => event(user, { type: 'follow' }),
    sticker: (user) =>
      event(user, {
        type: 'message',
        message: { type: 'sticker', id: 's', stickerId: '1', packageId: '1' },
      }),
    shown: async (user) =>
      calls(user).flatMap((c) =>
        c.body.messages.map((m) =>
          String(m['text'] ?? (m['template'] as { text?: string } | undefined)?.text ?? ''),
        ),
      ),
    rendered: async (user) => calls(user).flatMap((c) => c.body.messages),
    buttons: async (user) => {
      const last = calls(user).at(-1)?.body.messages.at(-1)
      const items = (last?.['quickReply'] as { items: { action: { data: string } }[] } | undefined)
        ?.items
      return items?.map((i) => i.action.data) ?? []
    },
    stored: (user) => stored('line', user),
  }))
})

describe('personal WeChat (wechaty)', () => {
  let w: WechatyWorld
  let host: Awaited<ReturnType<typeof nodeDeps>>
  beforeAll(async () => {
    w = await wechatyWorld()
    host = await nodeDeps(w.env, silentLogger)
  })
  afterAll(async () => {
    await w.close()
    await host.driver.close()
  })
  const users = new Map<string, MockUser>()
  const as = (user: string): MockUser => {
    const known = users.get(user) ?? w.user(user)
    users.set(user, known)
    return known
  }
  const offered = async (user: string) =>
    numbered(host, 'wechaty', user, as(user).shown.at(-1) ?? '')
  channelContract(() => ({
    name: 'wechaty',
    texts: texts(),
    send: (user, text, id) => w.deliver(as(user), { text, ...(id && { id }) }),
    // A choice is picked by writing its number.
    press: async (user, choice) =>
      w.deliver(as(user), { text: numberOf(await offered(user), choice) }),
    follow: (user) => w.befriend(as(user)),
    sticker: (user) => w.deliver(as(user), { type: types.Message.Emoticon }),
    shown: async (user) => as(user).shown,
    rendered: async (user) => as(user).shown,
    buttons: offered,
    stored: (user) => stored('wechaty', user, host),
  }))
})

describe('the WeChat Official Account', () => {
  const seen = new Map<string, string[]>()
  /** The same as WeChat received it: the passive reply's XML, the 客服消息 calls' bodies. */
  const raw = new Map<string, unknown[]>()
  const at = () => w.a.clock.now()
  /** What the user saw since the last delivery: the passive reply, then any 客服消息. */
  let read = 0
  const deliver = async (user: string, fields: Record<string, string>, token?: string) => {
    const res = await postWechat(w.app, wechatXml(user, at(), fields), {
      at: at(),
      ...(token && { token }),
    })
    w.outbox.kick()
    await w.outbox.idle()
    const shown = seen.get(user) ?? []
    const messages = raw.get(user) ?? []
    if (res.text !== undefined) {
      shown.push(res.text)
      messages.push(res.body.replace(/<CreateTime>\d+</, '<CreateTime>(time)<'))
    }
    const sent = w.wechat.sent()
    for (const m of sent.slice(read))
      if (m.to === user) {
        shown.push(m.text)
        messages.push(m.body)
      }
    read = sent.length
    seen.set(user, shown)
    raw.set(user, messages)
    return res.status
  }
  const offered = (user: string) => numbered(w.a, 'wechat', user, seen.get(user)?.at(-1) ?? '')
  const text = (content: string, id?: string) => ({
    MsgType: 'text',
    Content: content,
    ...(id && { MsgId: String(9_000_000 + [...id].reduce((n, c) => n + c.charCodeAt(0), 0)) }),
  })
  channelContract(() => ({
    name: 'wechat',
    texts: texts(),
    send: async (user, content, id) => void (await deliver(user, text(content, id))),
    // A passive reply has no buttons: the user writes the choice's number.
    press: async (user, choice) =>
      void (await deliver(user, text(numberOf(await offered(user), choice)))),
    forged: (user, content) => deliver(user, text(content), 'not-the-token'),
    follow: async (user) => void (await deliver(user, { MsgType: 'event', Event: 'subscribe' })),
    unfollow: async (user) =>
      void (await deliver(user, { MsgType: 'event', Event: 'unsubscribe' })),
    sticker: async (user) => void (await deliver(user, { MsgType: 'image', MediaId: 'm' })),
    shown: async (user) => seen.get(user) ?? [],
    rendered: async (user) => raw.get(user) ?? [],
    buttons: offered,
    stored: (user) => stored('wechat', user, w.a),
    fits: (message) => utf8Bytes(message) <= MAX_TEXT_BYTES,
  }))
})
