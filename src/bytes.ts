/**
 * @module bytes
 * Bytes as text and digests, through WebCrypto and atob/btoa only, so the same on Node and in
 * workerd: base64url (what tokens, hashes and sealed values are stored as), base64 in either
 * alphabet read back, SHA-256, SHA-1 (only where a platform still signs with it: WeChat), and a
 * comparison of secrets that takes the same time however much of them matches.
 */

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
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

/** SHA-1, for the platforms that sign with it (WeChat's signature); not for anything of ours. */
export async function sha1(data: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(data)))
}

/** Standard base64 (padded), as platforms that are not URLs send it. */
export function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Compares two strings without an early exit, so timing does not say how much matched. */
export function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0)
  return diff === 0
}
