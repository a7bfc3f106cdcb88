/**
 * @module channels/wechat/settings
 * The WeChat Official Account from its settings, the same on Node (environment) and in workerd
 * (bindings of the same names): on when WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET are
 * set; WECHAT_ENCODING_AES_KEY turns on 安全模式; WECHAT_API_BASE_URL is for tests.
 */
import type { CompiledContent } from '../../engine/types.js'
import type { SqlDriver } from '../../store/driver.js'
import type { OutboxStore } from '../../store/outbox.js'
import { TokenStore } from '../../store/tokens.js'
import type { PushChannel } from '../channel.js'
import { wechatApi, wechatChannel, type WechatApi } from './api.js'
import type { WechatConfig } from './webhook.js'

export interface WechatSettings {
  WECHAT_TOKEN?: string | undefined
  WECHAT_APP_ID?: string | undefined
  WECHAT_APP_SECRET?: string | undefined
  WECHAT_ENCODING_AES_KEY?: string | undefined
  WECHAT_API_BASE_URL?: string | undefined
}

export interface Wechat {
  api: WechatApi
  channel: PushChannel
  config: WechatConfig
}

export function wechatFromSettings(
  env: WechatSettings,
  db: { driver: SqlDriver; outbox: OutboxStore },
  texts: CompiledContent['texts'],
): Wechat | undefined {
  const { WECHAT_TOKEN: token, WECHAT_APP_ID: appId, WECHAT_APP_SECRET: appSecret } = env
  if (!token || !appId || !appSecret) return undefined
  const aesKey = env.WECHAT_ENCODING_AES_KEY || undefined
  if (aesKey !== undefined && !/^[A-Za-z0-9+/]{43}$/.test(aesKey))
    throw new Error('WECHAT_ENCODING_AES_KEY must be the 43 characters WeChat shows')
  const api = wechatApi({
    appId,
    appSecret,
    baseURL: env.WECHAT_API_BASE_URL,
    tokens: new TokenStore(db.driver),
    clock: () => new Date(),
  })
  return {
    api,
    channel: wechatChannel(api, texts),
    config: {
      token,
      appId,
      encodingAesKey: aesKey,
      outbox: db.outbox,
    },
  }
}
