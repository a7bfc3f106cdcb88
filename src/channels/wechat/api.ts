/**
 * @module channels/wechat/api
 * The Official Account's API with plain fetch (the same on Node and in workerd): the access token,
 * customer-service messages (客服消息, how answers that missed the passive reply are sent), and the
 * custom menu.
 *
 * The token comes from `cgi-bin/stable_token` (a caller asking for it does not invalidate the one
 * other callers hold, unlike `cgi-bin/token`), is kept in the database for every instance, and is
 * refreshed by one instance at a time (a lease in the database) five minutes before it expires;
 * the others keep the old one meanwhile, or wait for the new one. A send refused for the token
 * (40001, 42001, 40014) forces one refresh and is tried again once.
 */
import { z } from 'zod'
import type { CompiledContent } from '../../engine/types.js'
import type { TokenStore } from '../../store/tokens.js'
import type { PushChannel, SendResult } from '../channel.js'
import { renderWechat, WECHAT_CAPABILITIES, type WechatText } from './render.js'

export const WECHAT_API = 'https://api.weixin.qq.com'

export interface WechatApiConfig {
  appId: string
  appSecret: string
  /** WECHAT_API_BASE_URL (tests point it at a local fake). */
  baseURL?: string | undefined
  tokens: TokenStore
  clock(): Date
}

/** Refreshed this long before it expires. */
const EARLY_MS = 5 * 60_000
/** How long one instance may take to refresh before another may try. */
const LEASE_MS = 15_000
/** Waiting for another instance's refresh: this often, at most this many times. */
const POLL_MS = 100
const POLLS = 50

const TOKEN_ERRORS = new Set([40001, 42001, 40014])
/** Busy (-1) or over the daily quota (45009): try again later. */
const LATER = new Set([-1, 45009])

const answer = z.looseObject({ errcode: z.number().optional(), errmsg: z.string().optional() })
const tokenAnswer = z.looseObject({
  access_token: z.string().min(1).max(1000),
  expires_in: z.number().positive(),
})

export class WechatApiError extends Error {
  override readonly name = 'WechatApiError'
  constructor(readonly errcode: number) {
    super(`WeChat API error ${errcode}`)
  }
}

export interface WechatApi {
  /** A valid token; `stale` (one that was refused) forces a new one. */
  token(stale?: string): Promise<string>
  /** POSTs JSON to an API path with the token; resolves WeChat's errcode (0: done). */
  call(path: string, body: unknown): Promise<number>
}

export function wechatApi(config: WechatApiConfig): WechatApi {
  const base = config.baseURL || WECHAT_API
  const id = `wechat:${config.appId}`
  const { tokens } = config

  async function refresh(force: boolean): Promise<string> {
    try {
      const res = await fetch(`${base}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: config.appId,
          secret: config.appSecret,
          force_refresh: force,
        }),
      })
      const json: unknown = await res.json()
      const got = tokenAnswer.safeParse(json)
      if (!got.success) throw new WechatApiError(answer.parse(json).errcode ?? res.status)
      const expires = config.clock().getTime() + got.data.expires_in * 1000
      await tokens.save(id, got.data.access_token, new Date(expires).toISOString())
      return got.data.access_token
    } catch (e) {
      await tokens.unlease(id)
      throw e
    }
  }

  async function token(stale?: string): Promise<string> {
    for (let poll = 0; poll < POLLS; poll++) {
      const now = config.clock()
      const row = await tokens.get(id)
      const left = row?.expiresAt ? Date.parse(row.expiresAt) - now.getTime() : 0
      const usable = row?.token && row.token !== stale && left > 0 ? row.token : undefined
      if (usable && left > EARLY_MS) return usable
      const until = new Date(now.getTime() + LEASE_MS).toISOString()
      if (await tokens.lease(id, until, now.toISOString()))
        return refresh(stale !== undefined && row?.token === stale)
      // Another instance is refreshing: the old token still works meanwhile.
      if (usable) return usable
      await new Promise((r) => setTimeout(r, POLL_MS))
    }
    throw new WechatApiError(-1)
  }

  async function call(path: string, body: unknown): Promise<number> {
    let used = await token()
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${base}${path}?access_token=${encodeURIComponent(used)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (!res.ok) {
        await res.arrayBuffer()
        return -1
      }
      const errcode = answer.parse(await res.json()).errcode ?? 0
      if (!TOKEN_ERRORS.has(errcode) || attempt > 0) return errcode
      used = await token(used)
    }
  }

  return { token, call }
}

/** What WeChat's errcode means for the outbox's next try. */
export function wechatResult(errcode: number): SendResult {
  if (errcode === 0) return { ok: true }
  if (LATER.has(errcode) || TOKEN_ERRORS.has(errcode)) return { ok: false, status: errcode }
  // Others will not get better by trying again: 45015 (the user has not written for 48 hours),
  // 45047 (too many messages since the user last wrote), a request WeChat refuses.
  return { ok: false, status: errcode, permanent: errcode > 0 }
}

/**
 * The WeChat channel's sending side: customer-service text messages, one per call. WeChat has no
 * retry key: a send repeated after a crash (sent, not yet marked delivered) is shown twice.
 */
export function wechatChannel(
  api: WechatApi,
  texts: CompiledContent['texts'],
): PushChannel<WechatText> {
  return {
    capabilities: WECHAT_CAPABILITIES,
    render: (replies, lang) => renderWechat(replies, texts[lang]),
    async send(to, messages) {
      for (const m of messages) {
        try {
          const errcode = await api.call('/cgi-bin/message/custom/send', {
            touser: to,
            msgtype: 'text',
            text: { content: m.text },
          })
          if (errcode !== 0) return wechatResult(errcode)
        } catch (e) {
          return e instanceof WechatApiError ? wechatResult(e.errcode) : { ok: false }
        }
      }
      return { ok: true }
    },
  }
}
