/**
 * @module channels/line/signature
 * LINE's `x-line-signature`: base64 of HMAC-SHA256 of the raw body under the channel secret. Checked
 * with WebCrypto's HMAC verify (constant time; the same on Node and in workerd) before anything in
 * the body is read.
 */
import { fromBase64 } from '../../bytes.js'

/** The HMAC key of each channel secret, imported once. */
const keys = new Map<string, Promise<CryptoKey>>()

function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    )
    keys.set(secret, key)
  }
  return key
}

export async function validLineSignature(
  secret: string,
  body: string,
  signature: string,
): Promise<boolean> {
  let sent: Uint8Array<ArrayBuffer>
  try {
    sent = fromBase64(signature)
  } catch {
    return false
  }
  if (sent.length !== 32) return false
  return crypto.subtle.verify('HMAC', await keyOf(secret), sent, new TextEncoder().encode(body))
}
