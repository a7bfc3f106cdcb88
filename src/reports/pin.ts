/**
 * @module reports/pin
 * The reporter's PIN: six digits, uniformly random. Stored as scrypt (src/console/password.ts) at
 * PIN_COST, never sealed: the database, with or without the key, does not give it back, and a
 * million guesses at one case's hash cost hours of a machine's time (the lockout and throttle stop
 * guesses through the service long before).
 */
import type { ScryptCost } from '../console/password.js'

/** 16 MiB and about 30 ms a check on Node: slow for a guesser, quick enough for 查询进度. */
export const PIN_COST: ScryptCost = { log2N: 14, r: 8, p: 1 }

const PIN_LENGTH = 6

/** Six random digits (rejection-sampled bytes, so every digit is equally likely). */
export function makePin(random: (n: number) => Uint8Array): string {
  let pin = ''
  while (pin.length < PIN_LENGTH) {
    for (const b of random(PIN_LENGTH * 2)) if (b < 250 && pin.length < PIN_LENGTH) pin += b % 10
  }
  return pin
}

/** The PIN in what someone typed (digits only, spaces allowed); undefined if not six digits. */
export function parsePin(text: string): string | undefined {
  const digits = text.replace(/\s+/g, '')
  return /^\d{6}$/.test(digits) ? digits : undefined
}
