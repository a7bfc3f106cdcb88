/**
 * @module store/ref
 * The console's name for a conversation: the first 128 bits of SHA-256 of its id, in hex. The id
 * holds the user's key (on the web, a secret the page made, which lets anyone holding it write as
 * the user); operators, their URLs and the audit see only this.
 */
export async function conversationRef(conversationId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(conversationId))
  return [...new Uint8Array(digest, 0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
