/**
 * @module text/numbers
 * Numbers as people type them: "8", "８", "8.5", "十五", "二十三", "两", "一百零五".
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/** Reads a whole Chinese numeral below 10,000 ("十五", "二十", "一百零五"); undefined if it is not one. */
export function parseChineseInteger(text: string): number | undefined {
  if (text.length === 0) return undefined
  let total = 0
  let digit: number | undefined
  for (const ch of text) {
    const d = DIGITS[ch]
    const u = UNITS[ch]
    if (d !== undefined) {
      if (digit !== undefined && digit !== 0 && d !== 0) return undefined // "二三" is not a number
      digit = d
    } else if (u !== undefined) {
      total += (digit ?? 1) * u
      digit = undefined
    } else {
      return undefined
    }
  }
  return total + (digit ?? 0)
}

/** Reads an Arabic or Chinese number, with a decimal point for Arabic ones. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t)
  return parseChineseInteger(t)
}

const LIFE = /^(?:无期|无期徒刑|死缓)/u
const YEARS = /^(.+?)(?:年|岁)(半)?(?:多)?$/u

/**
 * A number of years as people say it: "6", "六年", "6年半", "三年多", "判了六年"; 无期 / 死缓 are
 * `longest`. Undefined if it is not one.
 */
export function parseYears(text: string, longest: number): number | undefined {
  const t = text
    .replace(/\s+/g, '')
    .replace(/^(?:被判了|被判|判了|判|已经|坐了|关了|服刑|大概|大约|快)+/u, '')
    .replace(/[了啦的]+$/u, '')
  if (LIFE.test(t)) return longest
  const m = YEARS.exec(t)
  const n = parseNumber(m ? m[1]! : t)
  return n === undefined ? undefined : n + (m?.[2] ? 0.5 : 0)
}
