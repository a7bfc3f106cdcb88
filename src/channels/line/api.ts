/**
 * @module channels/line/api
 * Sending to LINE's Messaging API with plain fetch — for workerd, where the official SDK (which
 * needs Node built-ins) does not run; Node sends through the SDK (src/node-line.ts). Both read
 * LINE's answers the same way (`lineResult`).
 */
import type { CompiledContent } from '../../engine/types.js'
import type { PushChannel, SendResult } from '../channel.js'
import { LINE_CAPABILITIES, renderLine, type LineMessage } from './render.js'

const OFFICIAL = 'https://api.line.me'
/** LINE's loading animation lasts until a message comes, or this long (5–60, in fives). */
export const LOADING_SECONDS = 20

/**
 * What a LINE answer means for the next try: 429 and 5xx wait and try again (Retry-After when
 * given); 409 on a push is "this retry key was accepted already" (sent); 400 on a reply is a spent
 * or stale token (the next try pushes); other 4xx will not get better.
 */
export function lineResult(
  status: number,
  retryAfter: string | null,
  usedReplyToken: boolean,
): SendResult {
  if (status >= 200 && status < 300) return { ok: true }
  if (status === 409 && !usedReplyToken) return { ok: true }
  if (status === 429 || status >= 500) {
    const after = Number(retryAfter)
    return { ok: false, status, ...(after > 0 && { retryAfterMs: after * 1000 }) }
  }
  if (status === 400 && usedReplyToken) return { ok: false, status }
  return { ok: false, status, permanent: true }
}

export function lineFetchChannel(config: {
  channelAccessToken: string
  baseURL?: string | undefined
  /** The content's texts (the words above the call buttons). */
  texts: CompiledContent['texts']
}): PushChannel<LineMessage> {
  const base = config.baseURL || OFFICIAL
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${config.channelAccessToken}`,
        ...headers,
      },
      body: JSON.stringify(body),
    })
  return {
    capabilities: LINE_CAPABILITIES,
    render: (replies, lang) => renderLine(replies, config.texts[lang]),
    async send(to, messages, { replyToken, retryKey }) {
      try {
        const res = await post(
          `/v2/bot/message/${replyToken ? 'reply' : 'push'}`,
          replyToken ? { replyToken, messages } : { to, messages },
          replyToken ? {} : { 'x-line-retry-key': retryKey },
        )
        await res.arrayBuffer()
        return lineResult(res.status, res.headers.get('retry-after'), replyToken !== undefined)
      } catch {
        return { ok: false }
      }
    },
    async busy(chatId) {
      const res = await post('/v2/bot/chat/loading/start', {
        chatId,
        loadingSeconds: LOADING_SECONDS,
      })
      await res.arrayBuffer()
    },
  }
}
