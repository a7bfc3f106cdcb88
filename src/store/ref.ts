/**
 * @module store/ref
 * The console's name for a conversation: the first 128 bits of SHA-256 of its id, in hex. The id
 * holds the user's key (on the web, a secret the page made, which lets anyone holding it write as
 * the user); operators, their URLs and the audit see only this. Every turn needs it, so the refs
 * of recent conversations are kept (a digest is an async call into WebCrypto).
 */
const RECENT = 10_000
const recent = new Map<string, string>()

export async function conversationRef(conversationId: string): Promise<string> {
  const known = recent.get(conversationId)
  if (known !== undefined) return known
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(conversationId))
  const ref = [...new Uint8Array(digest, 0, 16)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!)
  recent.set(conversationId, ref)
  return ref
}
