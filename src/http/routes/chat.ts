/**
 * @module http/routes/chat
 * POST /api/v1/chat — the web channel, as docs/design.md promises:
 * body { userId, text?, choice?, lang?, region?, messageId? } →
 * { conversationId, replies, state: { flow, node, mode, lang } }; GET /api/v1/chat/history and
 * GET /api/v1/chat/updates for the page's reload and an operator's messages.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { handleMessage, MessageIdReused, type ChatDeps } from '../../chat/handle-message.js'
import { conversationId } from '../../chat/ids.js'
import { longPoll } from '../../chat/live.js'
import type { CompiledContent, Reply } from '../../engine/types.js'
import { apiError, ILL_FORMED, readBody } from '../errors.js'
import { overLimit, perAddress } from '../rate-limit.js'
import type { AppDeps } from '../deps.js'
import { errorResponse, rateLimited, type ApiRoute } from '../route-table.js'
import { userWords } from '../../console/transcript.js'

/** How long GET /api/v1/chat/updates waits for something new before answering with nothing. */
const UPDATES_WAIT_MS = 10_000
/** How many of the latest turns GET /api/v1/chat/history gives back. */
const HISTORY_TURNS = 100

/**
 * The web user's id: whoever holds it writes and reads as that user, so it must not be guessable.
 * At least 22 characters (128 bits as 32 hex digits or 22 base64url characters; the page makes 32
 * hex digits from crypto.getRandomValues). Only its length can be checked here.
 */
export const MIN_WEB_USER_ID = 22

const webUserId = z
  .string()
  .min(
    MIN_WEB_USER_ID,
    `at least ${MIN_WEB_USER_ID} characters: 128 random bits, e.g. 32 hex digits or 22 base64url characters`,
  )
  .max(128)
  .refine((s) => !ILL_FORMED.test(s), 'holds a lone surrogate or a NUL character')

export const historyQuery = z.object({ userId: webUserId })

export const updatesQuery = z.object({
  userId: webUserId,
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('The cursor of the last answer; without it, the answer is only the current cursor.'),
})

/** The request body; `maxText` is content/settings.yaml's maxTextLength. */
export function chatRequest(maxText: number) {
  return z.strictObject({
    userId: webUserId.describe(
      'A stable id for this user, made by the client from at least 128 random bits (22 characters or more).',
    ),
    text: z.string().max(maxText, `text is longer than ${maxText} characters`).optional(),
    choice: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('The id of a choice button the user pressed.'),
    lang: z.enum(['zh-Hans', 'zh-Hant', 'en']).optional(),
    region: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .describe('Region slug or division code, if known.'),
    messageId: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe(
        "The client's id for this message: a retry with the same id returns the same answer.",
      ),
  })
}

/** The answer to POST /api/v1/chat (docs/design.md). */
const chatAnswer = {
  type: 'object',
  required: ['conversationId', 'replies', 'state'],
  properties: {
    conversationId: { type: 'string' },
    replies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['text'],
        properties: {
          text: { type: 'string' },
          choices: {
            type: 'array',
            items: {
              type: 'object',
              properties: { id: { type: 'string' }, label: { type: 'string' } },
            },
          },
          contacts: { type: 'array', items: { type: 'object' } },
          urgent: { type: 'boolean' },
          card: {
            type: 'object',
            description:
              'A screening result as a card: { title, status, tone: yes | review, rows }',
          },
          link: {
            type: 'object',
            description:
              "A page of this service to open: { label, href } (a kept result's printable page, /r/{code})",
          },
        },
      },
    },
    state: {
      type: 'object',
      properties: {
        flow: { type: ['string', 'null'] },
        node: { type: ['string', 'null'] },
        mode: { enum: ['bot', 'queued', 'operator'] },
        lang: {
          enum: ['zh-Hans', 'zh-Hant', 'en'],
          description: 'The script the bot answers in (Traditional once the user writes it)',
        },
        waiting: { type: 'boolean' },
      },
    },
  },
}

/** The web chat's routes; `content` gives the longest text. */
export function chatApi(content: CompiledContent) {
  return {
    send: {
      method: 'post',
      path: '/api/v1/chat',
      operationId: 'sendChatMessage',
      summary: 'Send one message of the web chat and get the replies',
      body: chatRequest(content.settings.maxTextLength),
      responses: {
        '200': {
          description: 'The replies and where the conversation stands',
          content: { 'application/json': { schema: chatAnswer } },
        },
        '400': errorResponse('Malformed JSON or an invalid field'),
        '409': errorResponse('This messageId was already used for another message'),
        '429': rateLimited,
        '503': errorResponse('The database is unavailable; nothing was changed'),
      },
    },
    updates: {
      method: 'get',
      path: '/api/v1/chat/updates',
      operationId: 'chatUpdates',
      summary:
        "What reached the web user outside their own requests (an operator's messages); waits up to 10 s for something new",
      query: updatesQuery,
      responses: {
        '200': { description: '{ replies, cursor, mode }: send `cursor` back as `after`' },
        '400': errorResponse('A missing or bad parameter'),
      },
    },
    history: {
      method: 'get',
      path: '/api/v1/chat/history',
      operationId: 'chatHistory',
      summary:
        "The web user's conversation so far (since their last 退出), for a page that was reloaded; Cache-Control: no-store",
      query: historyQuery,
      responses: {
        '200': {
          description:
            '{ turns: [{ user?, withheld?, replies }], cursor, mode, waiting, lang }: what the user said (an answer to a private question is `withheld`, not given) and the replies as kept (a PIN masked); `cursor` is where GET /api/v1/chat/updates goes on',
        },
        '400': errorResponse('A missing or bad parameter'),
      },
    },
  } satisfies Record<string, ApiRoute>
}

/** Marks an answer to a private question in the history (the page says it is not shown). */
const WITHHELD = '\u0000withheld'

/** A stored message or reply in clear (sealed while report services are on). */
const openStored = (deps: ChatDeps, stored: string): Promise<string> =>
  deps.reports ? deps.reports.keys.open(stored) : Promise.resolve(stored)

/** The web chat's API; mounted under /api/v1/chat. */
export function chatRoutes(deps: AppDeps): Hono {
  const { limits } = deps
  const app = new Hono()
  const api = chatApi(deps.content)
  app.post('/', async (c) => {
    const parsed = await readBody(c, api.send.body)
    if (!parsed.ok) return parsed.response
    const { userId, text, choice, lang, region, messageId } = parsed.data
    const limited = overLimit(c, limits, [
      perAddress('chatPerAddress'),
      (l, _, now) => l.take('chatPerUser', userId, now),
      (l, address, now) => (address === undefined ? undefined : l.newUser(address, userId, now)),
    ])
    if (limited) return limited
    const input =
      choice !== undefined
        ? { kind: 'choice' as const, id: choice }
        : { kind: 'text' as const, text: text ?? '' }
    try {
      const response = await handleMessage(deps, {
        channel: 'web',
        userKey: userId,
        ...(messageId !== undefined && { messageId }),
        input: { ...input, ...(lang && { lang }), ...(region && { region }) },
      })
      return c.json(response)
    } catch (e) {
      if (!(e instanceof MessageIdReused)) throw e
      return apiError(
        c,
        409,
        'message_id_reused',
        'This messageId was already used for another message: send a new messageId.',
      )
    }
  })
  // The conversation so far, for a page that was reloaded: what the user said (an answer to a
  // private question withheld) and every reply as it was kept (a PIN masked), since the last 退出.
  app.get('/history', async (c) => {
    const parsed = api.history.query.safeParse(c.req.query())
    if (!parsed.success) return apiError(c, 400, 'invalid_request', parsed.error)
    const id = await conversationId(deps.reports?.keys, 'web', parsed.data.userId)
    c.header('Cache-Control', 'no-store')
    // The cursor first: an operator's message committed meanwhile comes twice, never not at all.
    const cursor = await deps.store.outboxCursor(id)
    const stored = await deps.store.turns(id, 0, HISTORY_TURNS)
    const exit = stored.findLastIndex((t) =>
      t.events.some((e) => e.type === 'command_used' && e.command === 'exit'),
    )
    const turns = stored.slice(exit + 1)
    const words = await userWords(turns, (sealed) => openStored(deps, sealed), WITHHELD)
    const conversation = await deps.store.byId(id)
    const mode = conversation?.mode ?? 'bot'
    return c.json({
      turns: turns.map((t, i) => ({
        ...(words[i] === WITHHELD ? { withheld: true } : words[i] ? { user: words[i] } : {}),
        replies: t.replies,
      })),
      cursor,
      mode,
      waiting: mode !== 'bot' || (await deps.store.openHandoff(id)),
      lang: conversation?.state?.lang ?? 'zh-Hans',
    })
  })
  // What reached the user outside their own requests (an operator's messages), in order.
  app.get('/updates', async (c) => {
    const parsed = api.updates.query.safeParse(c.req.query())
    if (!parsed.success) return apiError(c, 400, 'invalid_request', parsed.error)
    const { userId, after } = parsed.data
    const id = await conversationId(deps.reports?.keys, 'web', userId)
    c.header('Cache-Control', 'no-store')
    // Read from the database, not this process's memory: another process may have moved it on.
    const where = async (): Promise<{ mode: string; waiting: boolean }> => {
      const conversation = await deps.store.byId(id)
      const mode = conversation?.mode ?? 'bot'
      return { mode, waiting: mode !== 'bot' || (await deps.store.openHandoff(id)) }
    }
    if (after === undefined)
      return c.json({ replies: [], cursor: await deps.store.outboxCursor(id), ...(await where()) })
    const read = async (): Promise<{ id: number; reply: string }[] | undefined> => {
      const rows = await deps.store.outboxAfter(id, after)
      return rows.length > 0 ? rows : undefined
    }
    const rows = (await longPoll(deps.live, id, UPDATES_WAIT_MS, read)) ?? []
    const replies: Reply[] = await Promise.all(
      rows.map(async (r) => JSON.parse(await openStored(deps, r.reply)) as Reply),
    )
    return c.json({ replies, cursor: rows.at(-1)?.id ?? after, ...(await where()) })
  })
  return app
}
