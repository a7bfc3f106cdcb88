/**
 * @module channels/wechat/signature
 * WeChat's signatures and 安全模式 (message encryption), with WebCrypto only so that the same code
 * runs on Node and in workerd.
 *
 * Signature: hex SHA-1 of the sorted strings joined (token, timestamp, nonce — and the `Encrypt`
 * text in 安全模式, as `msg_signature`), compared in constant time. Encryption: AES-256-CBC, the
 * key the base64 EncodingAESKey (43 characters, "=" added), the IV its first 16 bytes; the plain
 * text is 16 random bytes, the XML's byte length (4 bytes, big-endian), the XML, and the AppId,
 * padded PKCS#7-style to a multiple of 32 bytes (not AES's 16: WebCrypto's own padding is worked
 * around below).
 */
import { fromBase64, sameSecret, sha1, toBase64, toHex } from '../../bytes.js'

export async function wechatSignature(...parts: string[]): Promise<string> {
  return toHex(await sha1([...parts].sort().join('')))
}

export async function validWechatSignature(sent: string, ...parts: string[]): Promise<boolean> {
  return sameSecret(sent.toLowerCase(), await wechatSignature(...parts))
}

const BLOCK = 32

export interface WechatCipher {
  encrypt(xml: string): Promise<string>
  /** The XML and the AppId it was sealed for; throws on anything that is not such a message. */
  decrypt(encrypted: string): Promise<{ xml: string; appId: string }>
}

/** Throws when the key is not 43 base64 characters making 32 bytes. */
export async function wechatCipher(encodingAesKey: string, appId: string): Promise<WechatCipher> {
  const raw = fromBase64(encodingAesKey + '=')
  if (encodingAesKey.length !== 43 || raw.length !== 32)
    throw new Error('WECHAT_ENCODING_AES_KEY must be 43 characters of base64 (32 bytes)')
  const iv = raw.slice(0, 16)
  const key = await crypto.subtle.importKey('raw', raw, 'AES-CBC', false, ['encrypt', 'decrypt'])
  const aes = async (op: 'encrypt' | 'decrypt', data: Uint8Array<ArrayBuffer>, from = iv) =>
    new Uint8Array(await crypto.subtle[op]({ name: 'AES-CBC', iv: from }, key, data))
  return {
    async encrypt(xml) {
      const body = new TextEncoder().encode(xml)
      const id = new TextEncoder().encode(appId)
      const length = 20 + body.length + id.length
      const pad = BLOCK - (length % BLOCK)
      const plain = new Uint8Array(length + pad).fill(pad)
      plain.set(crypto.getRandomValues(new Uint8Array(16)))
      new DataView(plain.buffer).setUint32(16, body.length)
      plain.set(body, 20)
      plain.set(id, 20 + body.length)
      // WebCrypto adds a block of its own padding; CBC leaves the blocks before it as they are.
      const sealed = await aes('encrypt', plain)
      return toBase64(sealed.slice(0, plain.length))
    },
    async decrypt(encrypted) {
      const sealed = fromBase64(encrypted)
      if (sealed.length === 0 || sealed.length % BLOCK !== 0)
        throw new Error('not a sealed message')
      // A block that WebCrypto's padding check accepts (16 × 0x10, encrypted after the last block)
      // is added, so that it strips that and leaves WeChat's 32-byte padding for us.
      const tail = (await aes('encrypt', new Uint8Array(16).fill(16), sealed.slice(-16))).slice(
        0,
        16,
      )
      const withTail = new Uint8Array(sealed.length + 16)
      withTail.set(sealed)
      withTail.set(tail, sealed.length)
      const plain = await aes('decrypt', withTail)
      const pad = plain.at(-1) ?? 0
      if (pad < 1 || pad > BLOCK) throw new Error('bad padding')
      const end = plain.length - pad
      const length = new DataView(plain.buffer).getUint32(16)
      if (20 + length > end) throw new Error('bad length')
      const text = new TextDecoder('utf-8', { fatal: true })
      return {
        xml: text.decode(plain.slice(20, 20 + length)),
        appId: text.decode(plain.slice(20 + length, end)),
      }
    },
  }
}
