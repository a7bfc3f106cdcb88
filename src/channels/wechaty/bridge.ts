/**
 * @module channels/wechaty/bridge
 * Personal WeChat through wechaty: the bot account's events as the host's messages, and the
 * outbox's replies said to the contact. One-to-one text is read; anything else a person sends in
 * a one-to-one chat (a photo, voice, a sticker, a location, a file, a link) gets a kind word that
 * only words are read, and the question again. The bot's own messages, official accounts and
 * recalls are not answered. In a group nothing runs: when the bot is mentioned it answers there
 * with a few words only (write to me one-to-one; a child in danger: 110), so that no one tells a
 * child's case in front of a group. A friend request is accepted and greeted with the menu.
 *
 * Every message is stored first under its WeChat message id (a redelivery changes nothing), then
 * answered; the answers go out through the outbox, paced (./pacer.ts).
 */
import type { Contact, Friendship, Message, Room, Wechaty } from 'wechaty'
import { types } from 'wechaty'
import { z } from 'zod'
import { acceptMessage, type ChatDeps, type InboundMessage } from '../../chat/handle-message.js'
import type { PushChannel, SendResult } from '../channel.js'
import type { SendPacer } from './pacer.js'
import { renderWechaty, WECHATY_CAPABILITIES } from './render.js'

export const WECHATY = 'wechaty'

/** The ids a message comes with, checked before anything is stored. */
const ids = z.object({ message: z.string().min(1).max(200), talker: z.string().min(1).max(200) })

/** Room messages already answered, the newest this many (a redelivery is not answered twice). */
const ROOM_MEMORY = 1000

/** The outbox's replies said to the contact, one message at a time, paced. */
export function wechatyChannel(
  bot: Wechaty,
  pacer: SendPacer,
  texts: Record<string, Record<string, string>>,
): PushChannel<string> {
  return {
    capabilities: WECHATY_CAPABILITIES,
    render: (replies, lang) => renderWechaty(replies, texts[lang] ?? {}),
    async send(to, messages): Promise<SendResult> {
      if (!bot.isLoggedIn) return { ok: false, retryAfterMs: 30_000 }
      const contact = await bot.Contact.find({ id: to })
      // No longer a friend (deleted, blocked): nothing will reach them.
      if (!contact) return { ok: false, permanent: true }
      for (const text of messages) {
        await pacer.take()
        try {
          await contact.say(text)
        } catch {
          return { ok: false }
        }
      }
      return { ok: true }
    },
  }
}

/** What a one-to-one message asks of the host, or nothing to answer. */
function toInput(message: Message): InboundMessage['input'] | undefined {
  switch (message.type()) {
    case types.Message.Text:
      return { kind: 'text', text: message.text() }
    case types.Message.Recalled:
      return undefined
    default:
      return { kind: 'text', text: '', unsupported: true }
  }
}

export interface WechatyBridge {
  /** Resolves when every event taken so far has been answered and sent (tests, shutdown). */
  settled(): Promise<void>
}

/** Listens to the bot's messages and friend requests and hands them to the host. */
export function bridgeWechaty(bot: Wechaty, deps: ChatDeps, pacer: SendPacer): WechatyBridge {
  const running = new Set<Promise<void>>()
  const answeredRooms: string[] = []
  const track = (event: string, work: Promise<void>): void => {
    const done = work.catch((e: unknown) =>
      deps.log.error('wechaty_event_failed', {
        event,
        kind: e instanceof Error ? e.name : 'unknown',
      }),
    )
    running.add(done)
    void done.finally(() => running.delete(done))
  }

  /** A user's event stored, then answered (its answers go out through the outbox). */
  const take = async (msg: InboundMessage): Promise<void> => {
    const accepted = await acceptMessage(deps, msg)
    await accepted?.answer()
  }

  const inRoom = async (room: Room, message: Message, id: string): Promise<void> => {
    if (answeredRooms.includes(id) || !(await message.mentionSelf())) return
    answeredRooms.push(id)
    if (answeredRooms.length > ROOM_MEMORY) answeredRooms.shift()
    deps.metrics.inc('wechaty_room_pointers_total')
    await pacer.take()
    await room.say(deps.content.texts['zh-Hans']['channel.group_pointer'] ?? '')
  }

  const onMessage = async (message: Message): Promise<void> => {
    if (message.self()) return
    const talker: Contact = message.talker()
    if (talker.type() === types.Contact.Official) return
    const parsed = ids.safeParse({ message: message.id, talker: talker.id })
    if (!parsed.success) {
      deps.log.error('wechaty_message_refused', { reason: 'ids' })
      return
    }
    const room = message.room()
    if (room) return inRoom(room, message, parsed.data.message)
    const input = toInput(message)
    if (!input) return
    await take({
      channel: WECHATY,
      userKey: parsed.data.talker,
      messageId: parsed.data.message,
      input,
    })
  }

  const onFriendship = async (friendship: Friendship): Promise<void> => {
    if (friendship.type() !== types.Friendship.Receive) return
    const contact = friendship.contact()
    await friendship.accept()
    // The greeting and the menu, once per request.
    await take({
      channel: WECHATY,
      userKey: contact.id,
      messageId: `friendship:${friendship.id}`,
      input: { kind: 'text', text: '' },
    })
  }

  bot.on('message', (m) => track('message', onMessage(m)))
  bot.on('friendship', (f) => track('friendship', onFriendship(f)))
  return {
    async settled() {
      while (running.size > 0) await Promise.all([...running])
      await deps.outbox?.idle()
    },
  }
}
