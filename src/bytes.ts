/**
 * @module bytes
 * Bytes as text and digests, through WebCrypto and atob/btoa only, so the same on Node and in
 * workerd: base64url (what tokens, hashes and sealed values are stored as), base64 in either
 * alphabet read back, SHA-256.
 */

export function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Standard base64 or base64url, padded or not; throws on anything else. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.trim().replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(bin, (c) => c.charCodeAt(0))
}

export async function sha256(data: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}
