/**
 * The WeChat Official Account end to end, on a real libsql file: messages and events pushed as
 * WeChat pushes them (signed with node:crypto, sealed in 安全模式 with node-webot's wechat-crypto),
 * the passive reply read back (and opened with wechat-crypto), and what goes out as customer-
 * service messages to a local fake of WeChat's API. A turn done in time is answered in the
 * response; a late one with `success` and then one customer-service message per part, once; the
 * retries of a message start no second turn; the access token is shared by instances.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { wechatChannel } from '../../src/channels/wechat/api.js'
import { MAX_TEXT_BYTES, renderWechat, utf8Bytes } from '../../src/channels/wechat/render.js'
import { wechatApp, type WechatApp } from './support.js'
import { storedId } from '../support/users.js'
import { postWechat, sha1, wechatXml, WECHAT, type Delivered } from './wechat-client.js'

const USER = 'oUser0123456789abcdefghijklm'

let w: WechatApp
const apps: WechatApp[] = []
async function start(options: Parameters<typeof wechatApp>[0] = {}): Promise<WechatApp> {
  w = await wechatApp(options)
  apps.push(w)
  return w
}
afterEach(async () => {
  for (const a of apps.splice(0))
    if (!apps.some((b) => b.wechat === a.wechat)) await a.wechat.close()
})

const texts = () => w.a.deps.content.texts['zh-Hans']
const now = () => w.a.clock.now()
const text = (content: string, fields: Record<string, string> = {}) =>
  wechatXml(USER, now(), { MsgType: 'text', Content: content, ...fields })
const event = (name: string, key?: string) =>
  wechatXml(USER, now(), { MsgType: 'event', Event: name, ...(key && { EventKey: key }) })
const post = (xml: string, options: Partial<Parameters<typeof postWechat>[2]> = {}) =>
  postWechat(w.app, xml, { at: now(), ...options })

async function count(sql: string, ...args: string[]): Promise<number> {
  const [row] = await w.a.driver.read({ sql, args })
  return Number(Object.values(row ?? {})[0])
}
const stored = () => count('SELECT count(*) FROM inbound_messages')
const turns = async () =>
  count(
    'SELECT coalesce(sum(seq), 0) FROM conversations WHERE id = ?',
    await storedId(w.a.deps, 'wechat', USER),
  )

/** Waits until what was delivered has been worked out and what the outbox holds has been sent. */
async function settle(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 10))
    await w.outbox.idle()
    const waiting = await count(
      `SELECT (SELECT count(*) FROM inbound_messages WHERE status = 'pending') +
              (SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND attempts < 8
                 AND lease_until IS NOT NULL)`,
    )
    if (waiting === 0) break
  }
  w.outbox.kick()
  await w.outbox.idle()
}

/** Turns take `ms` longer to commit (a slow database). */
function slowCommits(ms: number): void {
  const store = w.a.deps.store
  const commit = store.commitTurn.bind(store)
  store.commitTurn = async (turn) => {
    await new Promise((r) => setTimeout(r, ms))
    return commit(turn)
  }
}

describe('WeChat server verification (GET)', () => {
  it('echoes echostr when the signature matches, and refuses it otherwise', async () => {
    await start()
    const sign = (token: string) => sha1(token, '1700000000', 'nonce1')
    const get = (signature: string) =>
      w.app.request(
        `/webhooks/wechat?signature=${signature}&timestamp=1700000000&nonce=nonce1&echostr=e-123`,
      )
    const good = await get(sign(WECHAT.token))
    expect(good.status).toBe(200)
    expect(await good.text()).toBe('e-123')
    const bad = await get(sign('not-the-token'))
    expect(bad.status).toBe(401)
    expect(await bad.text()).not.toContain('e-123')
  })
})

describe('WeChat messages (POST)', () => {
  it('answers a text in time with one passive reply: the menu as numbered lines', async () => {
    await start()
    const res = await post(text('你好'))
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<ToUserName><![CDATA[${USER}]]></ToUserName>`)
    expect(res.body).toContain('<MsgType><![CDATA[text]]></MsgType>')
    expect(res.text).toContain(texts()['main.menu'])
    expect(res.text).toContain(`2. ${texts()['main.screen']}`)
    await settle()
    // Answered once: nothing more goes out as a customer-service message.
    expect(w.wechat.sent()).toEqual([])
    // The number is read as that choice.
    const next = await post(text('2'))
    expect(next.text).toContain(texts()['screen.ask_region'])
  })

  it('a late turn: `success` at once, then its replies as customer-service messages, once', async () => {
    await start({ budgetMs: 5 })
    slowCommits(100)
    const res = await post(text('你好'))
    expect(res.body).toBe('success')
    await settle()
    const sent = w.wechat.sent()
    expect(sent.map((m) => m.to)).toEqual([USER])
    expect(sent[0]?.text).toContain(texts()['main.menu'])
    w.outbox.kick()
    await w.outbox.idle()
    expect(w.wechat.sent()).toHaveLength(1)
  })

  it("WeChat's three retries of one MsgId: one turn, one answer", async () => {
    await start()
    const xml = text('你好', { MsgId: '6000000000000000001' })
    const answers: Delivered[] = []
    for (let i = 0; i < 4; i++) answers.push(await post(xml))
    expect(answers[0]?.text).toContain(texts()['main.menu'])
    expect(answers.slice(1).map((a) => a.body)).toEqual(['success', 'success', 'success'])
    await settle()
    expect(w.wechat.sent()).toEqual([])
    expect(await turns()).toBe(1)
    expect(await stored()).toBe(1)
  })

  it('retries of a message whose turn is late: one turn, its answer sent once', async () => {
    await start({ budgetMs: 5 })
    slowCommits(100)
    const xml = text('你好', { MsgId: '6000000000000000002' })
    const answers = await Promise.all([post(xml), post(xml), post(xml)])
    expect(answers.map((a) => a.body)).toEqual(['success', 'success', 'success'])
    await settle()
    expect(w.wechat.sent()).toHaveLength(1)
    expect(await turns()).toBe(1)
  })

  it('安全模式: a sealed message is opened, and the reply sealed and signed (wechat-crypto)', async () => {
    await start({ encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' })
    const res = await post(text('你好'), { aes: true })
    expect(res.status).toBe(200)
    expect(res.body).toContain('<Encrypt>')
    expect(res.body).not.toContain(texts()['main.menu'])
    expect(res.text).toContain(texts()['main.menu'])
  })

  it('安全模式: sealed for another AppId, or a plain body, is refused and stores nothing', async () => {
    await start({ encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' })
    expect((await post(text('你好'), { aes: true, appId: 'wxsomeoneelse00000' })).status).toBe(401)
    expect((await post(text('你好'))).status).toBe(400)
    expect(await stored()).toBe(0)
  })

  it('refuses forged, stale, oversized and malformed deliveries, and stores nothing', async () => {
    await start()
    const at = Math.floor(now().getTime() / 1000)
    expect((await post(text('你好'), { token: 'forged' })).status).toBe(401)
    expect((await post(text('你好'), { timestamp: at - 600 })).status).toBe(401)
    expect((await post(text('你好'), { timestamp: at + 600 })).status).toBe(401)
    expect((await post(text('很长'.repeat(40_000)))).status).toBe(413)
    expect((await post('<xml><ToUserName>gh</FromUserName></xml>')).status).toBe(400)
    expect((await post('<xml><MsgType>text</MsgType></xml>')).status).toBe(400)
    expect((await post('not xml at all')).status).toBe(400)
    expect(await stored()).toBe(0)
  })

  it('紧急求助 on the menu: the 110 card first, with its tel: link, even mid-conversation', async () => {
    await start()
    await post(text('你好'))
    await post(text('2'))
    const res = await post(event('CLICK', 'emergency'))
    expect(res.text?.startsWith(texts()['report.call_110']!)).toBe(true)
    expect(res.text).toContain('<a href="tel:110">110</a>')
    expect(res.text).toContain(texts()['danger.offer'])
  })

  it('a menu item pressed anywhere follows that choice', async () => {
    await start()
    await post(text('你好'))
    await post(text('1'))
    const res = await post(event('CLICK', 'screen'))
    expect(res.text).toContain(texts()['screen.ask_region'])
  })

  it('subscribe greets with the menu; unsubscribe is acknowledged and stores nothing', async () => {
    await start()
    const hello = await post(event('subscribe'))
    expect(hello.text).toContain(texts()['main.menu'])
    const bye = await post(event('unsubscribe'))
    expect(bye.body).toBe('success')
    expect(await stored()).toBe(1)
  })

  it('a photo, voice, location… gets the kind word', async () => {
    await start()
    for (const type of ['image', 'voice', 'location', 'video', 'link']) {
      const res = await post(wechatXml(USER, now(), { MsgType: type, MediaId: 'm' }))
      expect(res.text).toContain(texts()['channel.unsupported'])
    }
  })
})

describe('customer-service messages and the access token', () => {
  it('two instances on one database share one token (neither invalidates the other)', async () => {
    const first = await start()
    const second = await start({ of: first })
    const send = (x: WechatApp, to: string) =>
      wechatChannel(x.api, x.a.deps.content.texts).send(to, [{ text: '你好' }], { retryKey: 'k' })
    const results = await Promise.all([send(first, 'oA'), send(second, 'oB'), send(first, 'oC')])
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }])
    expect(first.wechat.tokenCalls()).toBe(1)
    expect(
      first.wechat
        .sent()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['oA', 'oB', 'oC'])
  })

  it('a refused token (40001) is refreshed once and the message sent again', async () => {
    await start()
    const channel = wechatChannel(w.api, w.a.deps.content.texts)
    expect(await channel.send('oA', [{ text: '一' }], { retryKey: 'k' })).toEqual({ ok: true })
    w.wechat.revokeTokens()
    expect(await channel.send('oA', [{ text: '二' }], { retryKey: 'k' })).toEqual({ ok: true })
    expect(w.wechat.tokenCalls()).toBe(2)
    expect(w.wechat.sent().map((m) => m.text)).toEqual(['一', '二'])
  })

  it('45015 (the user has not written for 48 hours) is given up, not retried', async () => {
    await start({ budgetMs: 5 })
    slowCommits(100)
    w.wechat.fail(45015)
    expect((await post(text('你好'))).body).toBe('success')
    await settle()
    expect(w.wechat.sent()).toEqual([])
    expect(await count('SELECT max(attempts) FROM outbox WHERE channel = ?', 'wechat')).toBe(8)
    w.outbox.kick()
    await w.outbox.idle()
    expect(w.wechat.sent()).toEqual([])
  })

  it('busy (-1) is tried again later', async () => {
    await start()
    const channel = wechatChannel(w.api, w.a.deps.content.texts)
    w.wechat.fail(-1)
    const result = await channel.send('oA', [{ text: '一' }], { retryKey: 'k' })
    expect(result).toEqual({ ok: false, status: -1 })
  })
})

describe('WeChat rendering', () => {
  it('splits a long reply into messages within 2048 bytes, and keeps every character', () => {
    const long = '孩子的权益受到法律保护。\n'.repeat(300) + '😀'.repeat(700)
    const messages = renderWechat([{ text: long }], {})
    expect(messages.length).toBeGreaterThan(1)
    for (const m of messages) expect(utf8Bytes(m.text)).toBeLessThanOrEqual(MAX_TEXT_BYTES)
    expect(
      messages
        .map((m) => m.text)
        .join('')
        .replace(/\n/g, ''),
    ).toBe(long.replace(/\n/g, ''))
  })
})
