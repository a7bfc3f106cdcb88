/** Case numbers: well formed, and every single-symbol typo or swap of two symbols is caught. */
import { describe, expect, it } from 'vitest'
import { ALPHABET, makeCaseNumber, parseCaseNumber } from '../../src/reports/case-number.js'
import { makePin, parsePin } from '../../src/reports/pin.js'
import { seededRandom } from './support.js'

const random = seededRandom(7)
const numbers = Array.from({ length: 200 }, () => makeCaseNumber(2026, random))

describe('case numbers', () => {
  it('look like TH-2026-XXXXXX-C and parse back, however typed', () => {
    for (const n of numbers) {
      expect(n).toMatch(/^TH-2026-[2-9A-HJKMNP-Z]{6}-[2-9A-HJKMNP-Z]$/)
      expect(parseCaseNumber(n)).toBe(n)
      expect(parseCaseNumber(n.toLowerCase().replaceAll('-', ' '))).toBe(n)
    }
  })

  it('catch every single-symbol substitution', () => {
    for (const n of numbers.slice(0, 40)) {
      const chars = n.replaceAll('-', '').slice(2) // year + body + check
      for (let i = 0; i < chars.length; i++) {
        const pool = i < 4 ? '0123456789' : ALPHABET
        for (const c of pool) {
          if (c === chars[i]) continue
          const typo = chars.slice(0, i) + c + chars.slice(i + 1)
          expect(parseCaseNumber(`TH${typo}`), `${n} → ${typo}`).toBeUndefined()
        }
      }
    }
  })

  it('catch every swap of two different symbols', () => {
    for (const n of numbers) {
      const chars = [...n.replaceAll('-', '').slice(2)]
      for (let i = 0; i < chars.length; i++)
        for (let j = i + 1; j < chars.length; j++) {
          if (chars[i] === chars[j]) continue
          const s = [...chars]
          ;[s[i], s[j]] = [s[j]!, s[i]!]
          expect(parseCaseNumber(`TH${s.join('')}`), s.join('')).toBeUndefined()
        }
    }
  })

  it('PINs are six digits', () => {
    for (let i = 0; i < 50; i++) expect(parsePin(makePin(random))).toMatch(/^\d{6}$/)
  })
})
