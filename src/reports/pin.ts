/**
 * @module reports/pin
 * The reporter's PIN: six digits, uniformly random (compared with `sameSecret`, src/bytes.ts).
 */

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
