/**
 * @module channels/line/webhook
 * POST /webhooks/line: the signature is checked over the raw body first (401, nothing read, when
 * it is wrong); then each event from a one-to-one chat is stored and the request acknowledged at
 * once (LINE wants 200 within a second), and the answers are worked out after and delivered from
 * the outbox. A redelivered event (same `webhookEventId`) is never answered twice. The console's
 * verify request (no events) gets 200.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { acceptMessage, type ChatDeps, type InboundMessage } from '../../chat/handle-message.js'
import { Gate } from '../../chat/gate.js'
import { apiError } from '../../http/errors.js'
import { afterResponse } from '../after-response.js'
import { validLineSignature } from './signature.js'

/** LINE's webhook bodies are small; anything larger is not LINE. */
const MAX_BODY = 1024 * 1024
/** LINE's reply token works for about a minute; we use it for 50 s. */
const REPLY_TOKEN_MS = 50_000

/** A turn slower than this shows the loading animation (LINE shows it until the answer comes). */
const BUSY_AFTER_MS = 1_000

export interface LineConfig {
  channelSecret: string
  /** Shows a user LINE's loading animation (the channel's `busy`). */
  busy?: (user: string) => Promise<void>
  /** How long a turn may take before `busy` is called (default 1 s). */
  busyAfterMs?: number
}

/** Runs a turn; if it is still running after `busyAfterMs`, the user sees that it is coming. */
async function answering(config: LineConfig, user: string, answer: () => Promise<void>) {
  const busy = config.busy
  if (!busy) return answer()
  const timer = setTimeout(
    () => void busy(user).catch(() => undefined),
    config.busyAfterMs ?? BUSY_AFTER_MS,
  )
  try {
    await answer()
  } finally {
    clearTimeout(timer)
  }
}

const source = z.looseObject({ type: z.string(), userId: z.string().min(1).max(100).optional() })
const base = {
  webhookEventId: z.string().min(1).max(100),
  timestamp: z.number(),
  source,
  replyToken: z.string().min(1).max(200).optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
}
const message = z.looseObject({
  type: z.literal('message'),
  ...base,
  message: z.looseObject({
    type: z.string(),
    id: z.string(),
    text: z.string().max(10_000).optional(),
  }),
})
const postback = z.looseObject({
  type: z.literal('postback'),
  ...base,
  postback: z.looseObject({ data: z.string().max(300) }),
})
const follow = z.looseObject({ type: z.literal('follow'), ...base })
// Other events (unfollow, join, leave, beacon, …) are acknowledged and not answered: after an
// unfollow the user can no longer be written to; groups are not one-to-one chats.
const body = z.looseObject({
  destination: z.string().optional(),
  events: z.array(z.looseObject({ type: z.string() })).max(100),
})

/** The event as a message for the host, or nothing to answer. */
function toMessage(raw: unknown, now: number): InboundMessage | undefined {
  const e = z.union([message, postback, follow]).safeParse(raw)
  if (!e.success) return undefined
  const event = e.data
  const user = event.source.type === 'user' ? event.source.userId : undefined
  if (user === undefined) return undefined
  const input: InboundMessage['input'] =
    event.type === 'postback'
      ? { kind: 'choice', id: event.postback.data }
      : event.type === 'follow'
        ? { kind: 'text', text: '' } // the greeting and the menu
        : event.message.type === 'text' && event.message.text !== undefined
          ? { kind: 'text', text: event.message.text }
          : // A sticker, photo, voice message or location: said kindly that only words are read.
            { kind: 'text', text: '', unsupported: true as const }
  return {
    channel: 'line',
    userKey: user,
    messageId: event.webhookEventId,
    input,
    ...(event.replyToken && {
      delivery: {
        replyToken: event.replyToken,
        replyUntil: new Date(now + REPLY_TOKEN_MS).toISOString(),
      },
    }),
  }
}

/** Turns worked out at once after acknowledging; more wait (stored) for their turn. */
const BACKGROUND_TURNS = 4

export function lineWebhook(deps: ChatDeps, config: LineConfig): Hono {
  const app = new Hono()
  const gate = new Gate(BACKGROUND_TURNS)
  app.post('/', async (c) => {
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY)
      return apiError(c, 413, 'too_large', 'The body is too large.')
    const raw = await c.req.text()
    const signature = c.req.header('x-line-signature') ?? ''
    if (
      raw.length > MAX_BODY ||
      !(await validLineSignature(config.channelSecret, raw, signature))
    ) {
      deps.metrics.inc('webhook_refused_total')
      return apiError(c, 401, 'bad_signature', 'The x-line-signature does not match the body.')
    }
    let parsed: z.infer<typeof body>
    try {
      parsed = body.parse(JSON.parse(raw))
    } catch {
      return apiError(c, 400, 'invalid_request', 'The body is not a LINE webhook.')
    }
    const now = deps.clock().getTime()
    const accepted = []
    for (const e of parsed.events) {
      const msg = toMessage(e, now)
      const turn = msg && (await acceptMessage(deps, msg))
      if (turn) accepted.push({ user: msg.userKey, answer: turn.answer })
    }
    const work = (async () => {
      for (const a of accepted)
        await gate
          .run(() => answering(config, a.user, a.answer))
          .catch((e: unknown) =>
            deps.log.error('line_turn_failed', { kind: e instanceof Error ? e.name : 'unknown' }),
          )
      // In workerd the work must be over before the request's waitUntil ends: the sends too.
      await deps.outbox?.idle()
    })()
    afterResponse(c, work)
    return c.json({})
  })
  return app
}
