/**
 * @module channels/line/signature
 * LINE's `x-line-signature`: base64 of HMAC-SHA256 of the raw body under the channel secret. Checked
 * with WebCrypto's HMAC verify (constant time; the same on Node and in workerd) before anything in
 * the body is read.
 */
export async function validLineSignature(
  secret: string,
  body: string,
  signature: string,
): Promise<boolean> {
  let sent: Uint8Array<ArrayBuffer>
  try {
    sent = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0))
  } catch {
    return false
  }
  if (sent.length !== 32) return false
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey(
    'raw',
    enc.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  return crypto.subtle.verify('HMAC', key, sent, enc.encode(body))
}
