/**
 * @module chat/ids
 * The ids under which a user's conversation and messages are stored. They were the channel's own
 * ids in clear (`web:<userId>:<messageId>`), and on the web a userId is what lets anyone write,
 * and replay stored answers, as that user: so with a keyring they are keyed hashes
 * (Keyring.hashId), `<channel>:<hash>`. The channel stays in clear (it is no secret, and the
 * wechaty bridge picks its own messages by it). The same id always gives the same hash, so a
 * redelivered message is still found and gets its first answer. Without a keyring (tests without
 * report services, which also store messages unsealed) they stay as they were.
 */
import type { Keyring } from '../reports/keyring.js'

const RECENT = 10_000
/** Conversation ids of recent users, per keyring (a hash is an async call into WebCrypto). */
const recent = new WeakMap<Keyring, Map<string, string>>()

/** `<channel>:<userKey>`, the user key encoded so that it holds no ":" and reads one way only. */
const clearConversation = (channel: string, userKey: string): string =>
  `${channel}:${encodeURIComponent(userKey)}`

async function hashed(keys: Keyring, channel: string, clear: string): Promise<string> {
  return `${channel}:${await keys.hashId(clear)}`
}

/** The stored id of a user's conversation on a channel. */
export async function conversationId(
  keys: Keyring | undefined,
  channel: string,
  userKey: string,
): Promise<string> {
  if (!keys) return `${channel}:${userKey}`
  let known = recent.get(keys)
  if (!known) recent.set(keys, (known = new Map()))
  const clear = clearConversation(channel, userKey)
  const id = known.get(clear) ?? (await hashed(keys, channel, clear))
  known.delete(clear)
  known.set(clear, id)
  if (known.size > RECENT) known.delete(known.keys().next().value!)
  return id
}

/**
 * The stored id of a message: scoped by user, so that another user who sends the same message id
 * gets a turn of their own, never this user's stored answer (which can hold a case number and PIN).
 */
export async function messageId(
  keys: Keyring | undefined,
  channel: string,
  userKey: string,
  channelMessageId: string,
): Promise<string> {
  const clear = `${clearConversation(channel, userKey)}:${channelMessageId}`
  return keys ? hashed(keys, channel, clear) : clear
}
