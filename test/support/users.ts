/**
 * Web user ids for tests. The web channel takes a `userId` of at least 128 bits (22 characters or
 * more, as the page makes: 32 hex digits); tests name their users ("u1", "alice") and this makes
 * the name a proper id, the same on every run, the name still readable at its start.
 */
import { conversationId } from '../../src/chat/ids.js'
import type { Keyring } from '../../src/reports/keyring.js'
import { conversationRef } from '../../src/store/ref.js'

export function webUser(name: string): string {
  return name.length >= 22 ? name : `${name}-`.padEnd(32, '0')
}

/** The stored id of a user's conversation (a keyed hash with report services: src/chat/ids.ts). */
export function storedId(
  deps: { reports?: { keys: Keyring } | undefined },
  channel: string,
  user: string,
): Promise<string> {
  return conversationId(deps.reports?.keys, channel, user)
}

/** The console's name for a user's conversation. */
export async function refOf(
  deps: { reports?: { keys: Keyring } | undefined },
  channel: string,
  user: string,
): Promise<string> {
  return conversationRef(await storedId(deps, channel, user))
}
