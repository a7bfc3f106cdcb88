/**
 * @module results/code
 * Result codes a family can write down or read out: `K7M4-QX9R-C`. Eight symbols from the case
 * numbers' 31-symbol alphabet (no 0, 1, I, L, O) and a check symbol computed the same way (a
 * weighted sum modulo 31, a distinct weight per position), so any single wrong symbol and any swap
 * of two different symbols is caught. Stored and linked compact (`K7M4QX9RC`), shown with dashes.
 */
import { ALPHABET, checkSymbol } from '../reports/case-number.js'

const BODY_LENGTH = 8
/** 248 = 8 × 31: bytes above it would favour the first symbols. */
const FAIR_BYTES = 248
const SYMBOL = '[2-9A-HJKMNP-Z]'
const SHAPE = new RegExp(`^(${SYMBOL}{${BODY_LENGTH}})(${SYMBOL})$`)
/** What someone may type around a code: spaces, dashes, dots, and 结果码 or "code" before it. */
const NOISE = /[\s\-_—–·.:：]|^(?:结果码|結果碼|code)/giu

/**
 * A new result code from random bytes (one byte per symbol, rejection-sampled), compact. It holds
 * a digit (one without is drawn again, about 1 in 11), so that a word typed in small letters is
 * never taken for a code.
 */
export function makeResultCode(random: (n: number) => Uint8Array): string {
  let body = ''
  while (!/\d/.test(body)) {
    body = ''
    while (body.length < BODY_LENGTH)
      for (const b of random(BODY_LENGTH * 2))
        if (b < FAIR_BYTES && body.length < BODY_LENGTH) body += ALPHABET[b % ALPHABET.length]
  }
  return body + checkSymbol(body)
}

/** The compact code in what someone typed (any case, with or without dashes), if it is a code. */
function compact(text: string): string | undefined {
  const bare = text.trim().replace(NOISE, '')
  // A word in small letters ("yesterday") is a word; a code has a digit or is written in capitals.
  if (!/\d/.test(bare) && /[a-z]/.test(bare)) return undefined
  return SHAPE.test(bare.toUpperCase()) ? bare.toUpperCase() : undefined
}

/**
 * What a message says about a result code: `valid` (its check symbol matches), `mistyped` (shaped
 * like one, the check does not match), or undefined (not a code at all).
 */
export function readResultCode(
  text: string,
): { kind: 'valid' | 'mistyped'; code: string } | undefined {
  if (text.length > 40) return undefined
  const code = compact(text)
  if (code === undefined) return undefined
  const ok = checkSymbol(code.slice(0, BODY_LENGTH)) === code.slice(BODY_LENGTH)
  return { kind: ok ? 'valid' : 'mistyped', code }
}

/** `K7M4QX9RC` → `K7M4-QX9R-C`. */
export function formatResultCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, BODY_LENGTH)}-${code.slice(BODY_LENGTH)}`
}
