/**
 * @module channels/wechat/webhook
 * The Official Account's webhook. GET /webhooks/wechat is WeChat's server check (the signature of
 * token, timestamp and nonce; `echostr` echoed). POST /webhooks/wechat carries a message or event
 * as XML (sealed in 安全模式 when WECHAT_ENCODING_AES_KEY is set): the signature and timestamp are
 * checked before the body is read (401, nothing stored), then the message is stored and its turn
 * run for up to `budgetMs`. WeChat waits 5 s and then sends the same message again (three tries
 * in all): a turn done in time is answered in the response (one passive text reply with all its
 * replies); a turn that is late, or too long for one message, is answered `success` and its
 * replies go out as customer-service messages from the outbox. A message already stored (WeChat's
 * retry, same MsgId) never starts a second turn and is never answered twice.
 */
import { Hono, type Context } from 'hono'
import { acceptMessage, type ChatDeps, type InboundMessage } from '../../chat/handle-message.js'
import { conversationId } from '../../chat/ids.js'
import { MENU_PREFIX } from '../../engine/commands.js'
import type { Reply } from '../../engine/types.js'
import { apiError } from '../../http/errors.js'
import type { OutboxStore } from '../../store/outbox.js'
import { toHex } from '../../bytes.js'
import { afterResponse } from '../after-response.js'
import { passiveText } from './render.js'
import {
  validWechatSignature,
  wechatCipher,
  wechatSignature,
  type WechatCipher,
} from './signature.js'
import {
  envelopeXml,
  parseEnvelope,
  parseMessage,
  textReplyXml,
  type WechatMessage,
} from './xml.js'

/** WeChat's messages are a few KB; anything larger is not WeChat. */
const MAX_BODY = 64 * 1024
/** A request signed longer ago (or further ahead) than this is refused: a replay. */
const MAX_SKEW_S = 300
/** WeChat gives up on a response after 5 s; the turn gets this long. */
const BUDGET_MS = 4_000
/** How long the turn's replies wait for the webhook (which takes or releases them well before). */
const HOLD_MS = 60_000
/** The webhook's claim on a finished turn's replies, while it renders them. */
const TAKE_MS = 30_000

export interface WechatConfig {
  /** WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_ENCODING_AES_KEY (安全模式, optional). */
  token: string
  appId: string
  encodingAesKey?: string | undefined
  /** The outbox, from which a finished turn's replies are taken for the passive reply. */
  outbox: OutboxStore
  /** How long a turn may take to be answered passively (tests make it short). */
  budgetMs?: number
}

/** The message as input for the host, or nothing to answer. */
function toMessage(m: WechatMessage): InboundMessage | undefined {
  const base = { channel: 'wechat', userKey: m.FromUserName }
  if (m.MsgType === 'event') {
    const event = (m.Event ?? '').toLowerCase()
    const messageId = `event:${m.CreateTime}:${event}:${m.EventKey ?? ''}`
    // A new follower: the greeting and the menu.
    if (event === 'subscribe') return { ...base, messageId, input: { kind: 'text', text: '' } }
    // A press on the custom menu: its choice (or the emergency flow) wherever the user is.
    if (event === 'click' && m.EventKey)
      return { ...base, messageId, input: { kind: 'choice', id: MENU_PREFIX + m.EventKey } }
    // Unsubscribe (no one to write to any more), a menu link opened, a scan: nothing to answer.
    return undefined
  }
  const messageId = m.MsgId ?? `${m.MsgType}:${m.CreateTime}`
  if (m.MsgType === 'text' && m.Content !== undefined)
    return { ...base, messageId, input: { kind: 'text', text: m.Content } }
  // A photo, voice, video, location, link or file: said kindly that only words are read.
  return { ...base, messageId, input: { kind: 'text', text: '', unsupported: true } }
}

const sleep = (ms: number) => new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))

export function wechatWebhook(deps: ChatDeps, config: WechatConfig): Hono {
  const app = new Hono()
  const cipher: Promise<WechatCipher> | undefined = config.encodingAesKey
    ? wechatCipher(config.encodingAesKey, config.appId)
    : undefined
  const budget = config.budgetMs ?? BUDGET_MS
  const open = (sealed: string) => (deps.reports ? deps.reports.keys.open(sealed) : sealed)

  const refused = (c: Context, message: string) => {
    deps.metrics.inc('webhook_refused_total')
    return apiError(c, 401, 'bad_signature', message)
  }

  app.get('/', async (c) => {
    const q = c.req.query()
    const ok = await validWechatSignature(
      q['signature'] ?? '',
      config.token,
      q['timestamp'] ?? '',
      q['nonce'] ?? '',
    )
    if (!ok) return refused(c, 'The signature does not match.')
    return c.text(q['echostr'] ?? '')
  })

  /** The turn's replies as one passive reply, taken from the outbox; undefined if not possible. */
  async function takePassive(
    turnId: string,
    hold: string,
    user: string,
  ): Promise<string | undefined> {
    const now = deps.clock()
    const until = new Date(now.getTime() + TAKE_MS).toISOString()
    const rows = await config.outbox.claimHeld(turnId, hold, until, now.toISOString())
    if (rows.length === 0) return undefined
    const replies = await Promise.all(
      rows.map(async (r) => JSON.parse(await open(r.reply)) as Reply),
    )
    const conversation = await deps.store.load(
      await conversationId(deps.reports?.keys, 'wechat', user),
    )
    const lang = conversation?.state?.lang ?? 'zh-Hans'
    const text = passiveText(replies, deps.content.texts[lang])
    if (text === undefined) {
      await config.outbox.release(turnId, until)
      return undefined
    }
    await config.outbox.delivered(
      rows.map((r) => r.id),
      deps.clock().toISOString(),
    )
    return text
  }

  /** The reply as WeChat expects it: plain, or sealed in 安全模式. */
  async function reply(c: Context, xml: string): Promise<Response> {
    if (!cipher) return c.body(xml, 200, { 'content-type': 'application/xml; charset=utf-8' })
    const encrypt = await (await cipher).encrypt(xml)
    const timestamp = String(Math.floor(deps.clock().getTime() / 1000))
    const nonce = toHex(crypto.getRandomValues(new Uint8Array(8)))
    const signature = await wechatSignature(config.token, timestamp, nonce, encrypt)
    return c.body(envelopeXml(encrypt, signature, timestamp, nonce), 200, {
      'content-type': 'application/xml; charset=utf-8',
    })
  }

  app.post('/', async (c) => {
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY)
      return apiError(c, 413, 'too_large', 'The body is too large.')
    const q = c.req.query()
    const timestamp = q['timestamp'] ?? ''
    const nonce = q['nonce'] ?? ''
    if (!(await validWechatSignature(q['signature'] ?? '', config.token, timestamp, nonce)))
      return refused(c, 'The signature does not match.')
    const skew = Math.abs(deps.clock().getTime() / 1000 - Number(timestamp))
    if (!/^\d{1,12}$/.test(timestamp) || skew > MAX_SKEW_S)
      return refused(c, 'The timestamp is too old or in the future.')
    const raw = await c.req.text()
    if (new TextEncoder().encode(raw).length > MAX_BODY)
      return apiError(c, 413, 'too_large', 'The body is too large.')
    let message: WechatMessage
    try {
      if (cipher) {
        const sealed = parseEnvelope(raw)
        const signed = await validWechatSignature(
          q['msg_signature'] ?? '',
          config.token,
          timestamp,
          nonce,
          sealed.Encrypt,
        )
        if (!signed) return refused(c, 'The msg_signature does not match.')
        const opened = await (await cipher).decrypt(sealed.Encrypt).catch(() => undefined)
        if (opened?.appId !== config.appId) return refused(c, 'Not sealed for this account.')
        message = parseMessage(opened.xml)
        if (sealed.ToUserName !== undefined && sealed.ToUserName !== message.ToUserName)
          return refused(c, 'Not sent to this account.')
      } else message = parseMessage(raw)
    } catch {
      return apiError(c, 400, 'invalid_request', 'The body is not a WeChat message.')
    }

    const msg = toMessage(message)
    if (!msg) return c.text('success')
    const hold = new Date(deps.clock().getTime() + HOLD_MS).toISOString()
    const accepted = await acceptMessage(deps, { ...msg, hold })
    if (!accepted) return c.text('success') // answered already: WeChat's retry
    const turn = accepted.answer().then(
      () => true,
      (e: unknown) => {
        deps.log.error('wechat_turn_failed', { kind: e instanceof Error ? e.name : 'unknown' })
        return false
      },
    )
    if (await Promise.race([turn, sleep(budget)])) {
      const text = await takePassive(accepted.turnId, hold, message.FromUserName)
      if (text !== undefined)
        return reply(c, textReplyXml(message.FromUserName, message.ToUserName, text, deps.clock()))
    }
    // Late, failed, or too long for one message: the deliverer sends what the turn said.
    const work = (async () => {
      await turn
      await config.outbox.release(accepted.turnId, hold)
      deps.outbox?.kick()
      await deps.outbox?.idle()
    })()
    afterResponse(c, work)
    return c.text('success')
  })
  return app
}
