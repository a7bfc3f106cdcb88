/**
 * @module reports/case-number
 * Case numbers a reporter can read out over the phone: `TH-2026-K7M4QX-R`. The year, six symbols
 * from a 31-symbol alphabet without look-alikes (no 0, 1, I, L, O), and a check symbol. The check
 * is a weighted sum modulo 31 over the year's digits and the six symbols, with a distinct weight per
 * position: 31 is prime, so any single wrong symbol and any swap of two different symbols changes
 * the sum, and is caught.
 */

/** The 31 symbols, in value order. */
export const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
const BODY_LENGTH = 6
const MOD = ALPHABET.length
const SHAPE = /^TH(\d{4})([2-9A-HJKMNP-Z]{6})([2-9A-HJKMNP-Z])$/

/**
 * The check symbol of `body` (symbols of ALPHABET) after the digits of `prefix`, weighted by
 * position. Weights 1…30 are distinct modulo 31, so it works for up to 30 positions.
 */
export function checkSymbol(body: string, prefix = ''): string {
  const values = [...prefix].map(Number).concat([...body].map((c) => ALPHABET.indexOf(c)))
  const sum = values.reduce((acc, v, i) => acc + v * (i + 1), 0)
  return ALPHABET[sum % MOD]!
}

/** A new case number for `year` from random bytes (one byte per symbol, rejection-sampled). */
export function makeCaseNumber(year: number, random: (n: number) => Uint8Array): string {
  let body = ''
  while (body.length < BODY_LENGTH) {
    for (const b of random(BODY_LENGTH * 2)) {
      // 248 = 8 × 31: bytes above it would favour the first symbols.
      if (b < 248 && body.length < BODY_LENGTH) body += ALPHABET[b % MOD]
    }
  }
  const y = String(year).padStart(4, '0')
  return `TH-${y}-${body}-${checkSymbol(body, y)}`
}

/**
 * The canonical case number in what someone typed (any case, spaces or dashes anywhere, full-width
 * already folded), or undefined when it is not one or its check symbol does not match.
 */
export function parseCaseNumber(text: string): string | undefined {
  const compact = text.toUpperCase().replace(/[\s\-_—–·.]/g, '')
  const m = SHAPE.exec(compact)
  if (!m) return undefined
  const [, year, body, check] = m as unknown as [string, string, string, string]
  if (checkSymbol(body, year) !== check) return undefined
  return `TH-${year}-${body}-${check}`
}
