/**
 * @module reports/keyring
 * Encryption at rest for what identifies a reporter (and what a chat user typed): AES-256-GCM, by
 * default via WebCrypto (workerd); the Node host passes node:crypto's (src/node-aes-gcm.ts),
 * which is about twice as fast and reads and writes the same form. Each sealed value names the key
 * that sealed it, so keys can rotate: the first key of the configuration seals, every listed key
 * opens.
 *
 * Configuration (a secret, never logged): `REPORT_KEYS = "id2:<base64>,id1:<base64>"`, or a single
 * `REPORT_KEY = <base64>` (its id is derived from a hash of the key). Each key is 32 random bytes.
 * Sealed form: `s1.<keyId>.<iv base64url>.<ciphertext base64url>`.
 *
 * Ids that are looked up (a user's, a message's) cannot be sealed (a fresh IV each time: the same
 * id would never be found again); they are stored as `hashId`: HMAC-SHA-256 under a key derived
 * (HKDF) from the *last* key of the configuration, the oldest, which stays put while a new key is
 * put first. Without the key, a stored hash gives neither the id nor a way to write as its user.
 */
import { fromBase64, sha256, toBase64Url, toHex } from '../bytes.js'

const PREFIX = 's1'
const KEY_BYTES = 32
const IV_BYTES = 12
/** HKDF's info for the id-hashing key: another purpose, another key. */
const ID_HASH_INFO = 'tonghu id hash v1'

/** How every value sealed by key `keyId` begins (for finding them in SQL: `npm run rekey`). */
export const sealedPrefix = (keyId: string): string => `${PREFIX}.${keyId}.`

/** A configuration that cannot give a usable key. Its message never contains key material. */
export class ReportKeyError extends Error {
  override readonly name = 'ReportKeyError'
}

export interface Keyring {
  /** The id of the key that seals. */
  readonly currentId: string
  seal(plain: string): Promise<string>
  /** Opens a sealed value; plaintext stored before sealing (not `s1.`) is returned as it is. */
  open(stored: string): Promise<string>
  /** Whether a value is in sealed form. */
  isSealed(stored: string): boolean
  /**
   * A keyed hash of an id, the same for the same id on every instance (HMAC-SHA-256, base64url):
   * what is stored and looked up instead of the id. One way: what must be read back is sealed.
   */
  hashId(id: string): Promise<string>
}

/** One AES-256-GCM key. */
export interface AesGcmKey {
  /**
   * Encrypts under a fresh random 12-byte IV. Both parts in base64url without padding; the
   * ciphertext ends with the 16-byte tag (WebCrypto's layout).
   */
  seal(plain: string): Promise<{ iv: string; ct: string }>
  /** Decrypts what `seal` gave (of either implementation); rejects when the tag does not match. */
  open(iv: string, ct: string): Promise<string>
}

/** Makes an AES-GCM key from 32 raw bytes. */
export type AesGcm = (raw: Uint8Array<ArrayBuffer>) => Promise<AesGcmKey>

async function derivedId(raw: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex((await sha256(raw)).slice(0, 4))
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** AES-GCM through WebCrypto: the same in Node and workerd. */
export const webCryptoAesGcm: AesGcm = async (raw) => {
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
  return {
    async seal(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
      const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(plain))
      return { iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) }
    },
    async open(iv, ct) {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(iv) },
        key,
        fromBase64(ct),
      )
      return decoder.decode(plain)
    },
  }
}

function parseEntries(config: string): { id: string | undefined; key: string }[] {
  return config
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':')
      return at < 0
        ? { id: undefined, key: entry }
        : { id: entry.slice(0, at), key: entry.slice(at + 1) }
    })
}

/**
 * Builds a keyring from `REPORT_KEYS`-style configuration (one bare key is fine too), its keys
 * made by `aes` (WebCrypto unless the host has a faster one).
 */
export async function loadKeyring(config: string, aes: AesGcm = webCryptoAesGcm): Promise<Keyring> {
  const entries = parseEntries(config)
  if (entries.length === 0) throw new ReportKeyError('no report key configured')
  const keys = new Map<string, AesGcmKey>()
  let currentId: string | undefined
  let lastRaw: Uint8Array<ArrayBuffer> | undefined
  for (const [i, e] of entries.entries()) {
    let raw: Uint8Array<ArrayBuffer>
    try {
      raw = fromBase64(e.key)
    } catch {
      throw new ReportKeyError(`report key ${i + 1} is not base64`)
    }
    if (raw.length !== KEY_BYTES)
      throw new ReportKeyError(`report key ${i + 1} must be ${KEY_BYTES} bytes`)
    const id = e.id ?? (await derivedId(raw))
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id))
      throw new ReportKeyError(`report key ${i + 1} has a bad id`)
    keys.set(id, await aes(raw))
    currentId ??= id
    lastRaw = raw
  }
  const sealId = currentId!
  const sealKey = keys.get(sealId)!
  const hmac = await idHashKey(lastRaw!)
  return {
    currentId: sealId,
    async hashId(id) {
      return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', hmac, encoder.encode(id))))
    },
    isSealed: (stored) => stored.startsWith(PREFIX + '.'),
    async seal(plain) {
      const { iv, ct } = await sealKey.seal(plain)
      return [PREFIX, sealId, iv, ct].join('.')
    },
    async open(stored) {
      if (!stored.startsWith(PREFIX + '.')) return stored
      const [, id, iv, ct] = stored.split('.')
      const key = id === undefined ? undefined : keys.get(id)
      if (!key || iv === undefined || ct === undefined)
        throw new ReportKeyError(`no report key "${id ?? ''}" to open a sealed value`)
      return key.open(iv, ct)
    },
  }
}

/** The HMAC key of `hashId`, derived from a report key (never the key itself). */
async function idHashKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(ID_HASH_INFO) },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  )
}

/** A new random key in base64 (for a first start without configuration). */
export function newKeyBase64(): string {
  const raw = crypto.getRandomValues(new Uint8Array(KEY_BYTES))
  let bin = ''
  for (const b of raw) bin += String.fromCharCode(b)
  return btoa(bin)
}
