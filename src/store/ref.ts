/**
 * @module store/ref
 * The console's name for a conversation: the first 128 bits of SHA-256 of its id, in hex. The id
 * is made from the user's key (on the web, a secret the page made, which lets anyone holding it
 * write as the user; stored as a keyed hash, src/chat/ids.ts); operators, their URLs and the audit
 * see only this. Every turn needs it, so the refs
 * of recent conversations are kept (a digest is an async call into WebCrypto).
 */
import { sha256, toHex } from '../bytes.js'

const RECENT = 10_000
const recent = new Map<string, string>()

export async function conversationRef(conversationId: string): Promise<string> {
  const known = recent.get(conversationId)
  if (known !== undefined) return known
  const ref = toHex((await sha256(conversationId)).slice(0, 16))
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!)
  recent.set(conversationId, ref)
  return ref
}
