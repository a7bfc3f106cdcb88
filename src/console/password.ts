/**
 * @module console/password
 * Operator passwords, hashed with scrypt (memory-hard). The KDF itself comes from a maintained
 * implementation — node:crypto on Node (src/node-scrypt.ts), @noble/hashes in workerd — and both
 * give the same bytes, so an account made with `npm run operator` signs in on either.
 *
 * Stored form: `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>`. The default cost is
 * one of OWASP's equivalent scrypt settings (N=2^15, r=8, p=3: 32 MiB); verification uses the cost
 * stored with each hash, so the default can rise without locking anyone out.
 */
import { fromBase64, toBase64Url } from '../bytes.js'

export interface ScryptCost {
  log2N: number
  r: number
  p: number
}

/** scrypt(password, salt) → `dkLen` bytes. */
export type Scrypt = (
  password: string,
  salt: Uint8Array,
  cost: ScryptCost,
  dkLen: number,
) => Promise<Uint8Array>

export const DEFAULT_COST: ScryptCost = { log2N: 15, r: 8, p: 3 }
export const MIN_PASSWORD = 12
const SALT_BYTES = 16
const HASH_BYTES = 32

/** Compares in time that depends on the length only. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

export class Passwords {
  constructor(
    private readonly kdf: Scrypt,
    private readonly cost: ScryptCost = DEFAULT_COST,
  ) {}

  async hash(password: string): Promise<string> {
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
    const hash = await this.kdf(password, salt, this.cost, HASH_BYTES)
    const { log2N, r, p } = this.cost
    return ['scrypt', log2N, r, p, toBase64Url(salt), toBase64Url(hash)].join('$')
  }

  /** Whether the password matches; a malformed stored hash never matches. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parts = stored.split('$')
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false
    const [log2N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
    if (![log2N, r, p].every((n) => Number.isInteger(n) && n > 0) || log2N > 20) return false
    const expected = fromBase64(parts[5]!)
    const actual = await this.kdf(password, fromBase64(parts[4]!), { log2N, r, p }, expected.length)
    return sameBytes(actual, expected)
  }

  /** The same work as a real check, for a name that does not exist (no timing tells it apart). */
  async burn(password: string): Promise<void> {
    await this.kdf(password, new Uint8Array(SALT_BYTES), this.cost, HASH_BYTES)
  }
}

/** Two strings compared in time that depends on their length only. */
export function sameText(a: string, b: string): boolean {
  const enc = new TextEncoder()
  return sameBytes(enc.encode(a), enc.encode(b))
}
