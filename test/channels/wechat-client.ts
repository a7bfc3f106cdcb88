/**
 * WeChat's side of the webhook, for the tests: messages and events as the Official Account
 * platform pushes them (XML), signed with node:crypto's SHA-1 and, in 安全模式, sealed and opened
 * with node-webot's wechat-crypto — implementations independent of the app's. The same client
 * drives the app on Node and the worker inside workerd (test/workers/wechat.test.ts).
 */
import { createHash, randomBytes } from 'node:crypto'
import WXBizMsgCrypt from 'wechat-crypto'
import { XMLParser } from 'fast-xml-parser'

/** The account's settings in the tests (vitest.workers.config.ts gives the worker the same). */
export const WECHAT = {
  token: 'test-wechat-token',
  appId: 'wx0123456789abcdef',
  appSecret: 'secret',
}
export const ACCOUNT = 'gh_0123456789ab'
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'

/** The webhook's host: the app (Hono's `request`) or, in workerd, the worker's fetch. */
export interface WebhookHost {
  request(path: string, init?: RequestInit): Response | Promise<Response>
}

/** WeChat's signature: hex SHA-1 of the parts sorted and joined. */
export const sha1 = (...parts: string[]): string =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex')

let ids = 7_000_000_000_000_000

/** A message or event from `user` (fields as WeChat names them), as XML. */
export function wechatXml(user: string, at: Date, fields: Record<string, string>): string {
  const all: Record<string, string> = {
    ToUserName: ACCOUNT,
    FromUserName: user,
    CreateTime: String(Math.floor(at.getTime() / 1000)),
    ...fields,
  }
  if (all['MsgType'] !== 'event' && all['MsgId'] === undefined) all['MsgId'] = String(++ids)
  const body = Object.entries(all)
    .map(([k, v]) => (k === 'CreateTime' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('')
  return `<xml>${body}</xml>`
}

export interface Delivered {
  status: number
  /** The response body as sent. */
  body: string
  /** The passive reply's text, opened in 安全模式; undefined for `success` or an error. */
  text?: string
}

const parser = new XMLParser({ parseTagValue: false, processEntities: false })

/** POSTs a message as WeChat does (signed; sealed when `aes`), and reads the answer back. */
export async function postWechat(
  app: WebhookHost,
  xml: string,
  options: { at: Date; aes?: boolean; token?: string; appId?: string; timestamp?: number } = {
    at: new Date(),
  },
): Promise<Delivered> {
  const token = options.token ?? WECHAT.token
  const timestamp = String(options.timestamp ?? Math.floor(options.at.getTime() / 1000))
  const nonce = randomBytes(6).toString('hex')
  const q = new URLSearchParams({ signature: sha1(token, timestamp, nonce), timestamp, nonce })
  let body = xml
  const aes = options.aes ? new WXBizMsgCrypt(token, AES_KEY, options.appId ?? WECHAT.appId) : null
  if (aes) {
    const encrypt = aes.encrypt(xml)
    q.set('encrypt_type', 'aes')
    q.set('msg_signature', aes.getSignature(timestamp, nonce, encrypt))
    body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`
  }
  const res = await app.request(`/webhooks/wechat?${q}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
  })
  const answer = await res.text()
  if (res.status !== 200 || answer === 'success') return { status: res.status, body: answer }
  let reply = (parser.parse(answer) as { xml: Record<string, string> }).xml
  if (aes) {
    const sealed = reply['Encrypt']!
    const ok =
      aes.getSignature(reply['TimeStamp']!, reply['Nonce']!, sealed) === reply['MsgSignature']
    if (!ok) throw new Error('the reply is not signed as 安全模式 requires')
    const opened = aes.decrypt(sealed)
    if (opened.id !== WECHAT.appId) throw new Error('the reply is sealed for another account')
    reply = (parser.parse(opened.message) as { xml: Record<string, string> }).xml
  }
  return { status: res.status, body: answer, text: reply['Content'] }
}
