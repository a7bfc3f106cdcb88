/**
 * @module node-line
 * The LINE channel's sending side on Node, through the official SDK (@line/bot-sdk's Messaging API
 * client): the reply API with the reply token, else a push with `X-Line-Retry-Key`. Settings
 * LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL (tests point it at a local
 * fake). What LINE's answers mean for a retry: 429 and 5xx wait and try again; 409 on a push is
 * "this retry key was accepted already" (sent); 400 on a reply is a spent token (the next try
 * pushes); other 4xx will not get better.
 */
import { HTTPFetchError, messagingApi } from '@line/bot-sdk'
import type { PushChannel, SendResult } from './channels/channel.js'
import { LINE_CAPABILITIES, renderLine, type LineMessage } from './channels/line/render.js'

export function lineChannel(config: {
  channelAccessToken: string
  baseURL?: string | undefined
}): PushChannel<LineMessage> {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: config.channelAccessToken,
    ...(config.baseURL && { baseURL: config.baseURL }),
  })
  return {
    name: 'line',
    capabilities: LINE_CAPABILITIES,
    render: renderLine,
    async send(to, messages, { replyToken, retryKey }): Promise<SendResult> {
      const sdkMessages = messages as messagingApi.Message[]
      try {
        if (replyToken) await client.replyMessage({ replyToken, messages: sdkMessages })
        else await client.pushMessage({ to, messages: sdkMessages }, retryKey)
        return { ok: true }
      } catch (e) {
        if (!(e instanceof HTTPFetchError)) return { ok: false }
        const status = e.status
        if (status === 409 && !replyToken) return { ok: true }
        if (status === 429 || status >= 500) {
          const after = Number(e.headers.get('retry-after'))
          return { ok: false, status, ...(after > 0 && { retryAfterMs: after * 1000 }) }
        }
        if (status === 400 && replyToken) return { ok: false, status }
        return { ok: false, status, permanent: true }
      }
    },
  }
}
