/**
 * @module node-line
 * The LINE channel's sending side on Node, through the official SDK (@line/bot-sdk's Messaging API
 * client): the reply API with the reply token, else a push with `X-Line-Retry-Key`. Settings
 * LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL (tests point it at a local
 * fake). LINE's answers are read by `lineResult` (src/channels/line/api.ts), as in workerd.
 */
import type { CompiledContent } from './engine/types.js'
import { HTTPFetchError, messagingApi } from '@line/bot-sdk'
import type { PushChannel, SendResult } from './channels/channel.js'
import { LOADING_SECONDS, lineResult } from './channels/line/api.js'
import { LINE_CAPABILITIES, renderLine, type LineMessage } from './channels/line/render.js'

export function lineChannel(config: {
  channelAccessToken: string
  baseURL?: string | undefined
  /** The content's texts (the words above the call buttons). */
  texts: CompiledContent['texts']
}): PushChannel<LineMessage> {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: config.channelAccessToken,
    ...(config.baseURL && { baseURL: config.baseURL }),
  })
  return {
    capabilities: LINE_CAPABILITIES,
    render: (replies, lang) => renderLine(replies, config.texts[lang]),
    async send(to, messages, { replyToken, retryKey }): Promise<SendResult> {
      const sdkMessages = messages as messagingApi.Message[]
      try {
        if (replyToken) await client.replyMessage({ replyToken, messages: sdkMessages })
        else await client.pushMessage({ to, messages: sdkMessages }, retryKey)
        return { ok: true }
      } catch (e) {
        if (!(e instanceof HTTPFetchError)) return { ok: false }
        return lineResult(e.status, e.headers.get('retry-after'), replyToken !== undefined)
      }
    },
    async busy(chatId) {
      await client.showLoadingAnimation({ chatId, loadingSeconds: LOADING_SECONDS })
    },
  }
}
