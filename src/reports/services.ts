/**
 * @module reports/services
 * What the report code needs from its host: the case store, the keyring, the PIN hasher, a source of random bytes
 * (crypto.getRandomValues in production, a seeded one in tests) and the triage content.
 */
import type { CaseStore } from '../store/cases.js'
import type { TriageContent } from '../triage/types.js'
import type { Passwords } from '../console/password.js'
import type { Keyring } from './keyring.js'

export interface ReportServices {
  cases: CaseStore
  keys: Keyring
  /** PINs as scrypt (the same hashing as operators' passwords, at PIN_COST: src/reports/pin.ts). */
  pins: Passwords
  random: (n: number) => Uint8Array
  triage: TriageContent
}

/** Random bytes from WebCrypto (Node and workerd alike). */
export function cryptoRandom(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n))
}
