/**
 * @module test/workers/wechat
 * The WeChat Official Account inside workerd, through src/worker.ts's fetch handler on D1, driven
 * by the same client as on Node (test/channels/wechat-client.ts: signed with node:crypto, sealed
 * with node-webot's wechat-crypto): the server check, a text answered with a passive reply, a
 * forged delivery refused; 安全模式 on the bare worker (no Node built-ins: the app's WebCrypto).
 *
 * A late turn (`success`, then 客服消息) is tested on Node only (test/channels/wechat.test.ts): the
 * worker gives a turn 4 s, and nothing from outside makes one slower without racing that clock.
 */
import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { d1Driver } from '../../src/store/d1.js'
import { loadKeyring } from '../../src/reports/keyring.js'
import { storedId } from '../support/users.js'
import { postWechat, sha1, wechatXml, WECHAT, type WebhookHost } from '../channels/wechat-client.js'

const BASE = 'http://tonghu.test'
const worker: WebhookHost = { request: (path, init) => exports.default.fetch(BASE + path, init) }
const bare: WebhookHost = { request: (path, init) => env.BARE.fetch(BASE + path, init) }

const newUser = (): string => `o${crypto.randomUUID().replaceAll('-', '')}`
const hello = (user: string) => wechatXml(user, new Date(), { MsgType: 'text', Content: '你好' })

async function stored(user: string): Promise<number> {
  const rows = await d1Driver(env.DB).read({
    sql: 'SELECT count(*) AS n FROM inbound_messages WHERE conversation_id = ?',
    args: [
      await storedId(
        { reports: { keys: await loadKeyring(env.REPORT_KEY ?? '') } },
        'wechat',
        user,
      ),
    ],
  })
  return Number(rows[0]?.['n'])
}

describe('the WeChat Official Account in workerd', () => {
  it('echoes echostr when the signature matches, and refuses it otherwise', async () => {
    const get = (token: string) =>
      worker.request(
        `/webhooks/wechat?signature=${sha1(token, '1700000000', 'n1')}` +
          '&timestamp=1700000000&nonce=n1&echostr=e-123',
      )
    const good = await get(WECHAT.token)
    expect(good.status).toBe(200)
    expect(await good.text()).toBe('e-123')
    const bad = await get('not-the-token')
    expect(bad.status).toBe(401)
    expect(await bad.text()).not.toContain('e-123')
  })

  it('answers a signed text with a passive reply: the menu as numbered lines', async () => {
    const user = newUser()
    const res = await postWechat(worker, hello(user), { at: new Date() })
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<ToUserName><![CDATA[${user}]]></ToUserName>`)
    expect(res.body).toContain('<MsgType><![CDATA[text]]></MsgType>')
    expect(res.text).toContain('您好，这里是童护')
    expect(res.text).toContain('2. 看看孩子能领什么')
    expect(await stored(user)).toBe(1)
  })

  it('refuses a forged delivery and stores nothing', async () => {
    const user = newUser()
    const res = await postWechat(worker, hello(user), { at: new Date(), token: 'forged' })
    expect(res.status).toBe(401)
    expect(await stored(user)).toBe(0)
  })

  it('安全模式 without Node built-ins: the message opened, the reply sealed and signed', async () => {
    const user = newUser()
    const res = await postWechat(bare, hello(user), { at: new Date(), aes: true })
    expect(res.status).toBe(200)
    expect(res.body).toContain('<Encrypt>')
    expect(res.body).not.toContain('您好')
    expect(res.text).toContain('2. 看看孩子能领什么')
    // Sealed for another account: refused, nothing stored.
    const other = newUser()
    const forged = await postWechat(bare, hello(other), {
      at: new Date(),
      aes: true,
      appId: 'wxsomeoneelse00000',
    })
    expect(forged.status).toBe(401)
    expect(await stored(other)).toBe(0)
  })
})
