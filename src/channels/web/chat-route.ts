/**
 * @module channels/web/chat-route
 * POST /api/v1/chat — the web channel, as DESIGN.md promises:
 * body { userId, text?, choice?, lang?, region?, messageId? } →
 * { conversationId, replies, state: { flow, node, mode } }.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { handleMessage, type ChatDeps } from '../../chat/handle-message.js'
import { readBody } from '../../http/errors.js'

/** The request body; `maxText` is content/settings.yaml's maxTextLength. */
export function chatRequest(maxText: number) {
  return z.object({
    userId: z.string().min(1).max(128).describe('A stable id for this user, chosen by the client.'),
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

export function chatRoutes(deps: ChatDeps): Hono {
  const app = new Hono()
  const schema = chatRequest(deps.content.settings.maxTextLength)
  app.post('/api/v1/chat', async (c) => {
    const parsed = await readBody(c, schema)
    if (!parsed.ok) return parsed.response
    const { userId, text, choice, lang, region, messageId } = parsed.data
    const input =
      choice !== undefined
        ? { kind: 'choice' as const, id: choice }
        : { kind: 'text' as const, text: text ?? '' }
    const response = await handleMessage(deps, {
      channel: 'web',
      userKey: userId,
      ...(messageId !== undefined && { messageId }),
      input: { ...input, ...(lang && { lang }), ...(region && { region }) },
    })
    return c.json(response)
  })
  return app
}
