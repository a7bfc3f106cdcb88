/**
 * @module text/age
 * Ages as a parent or neighbour writes them: "8岁", "八岁半", "3个月", "十五", "一岁零三个月", "半岁",
 * and as a neighbour guesses them: "七八岁吧", "8到9岁", "十来岁", "十几岁", "大概五岁左右". The result is
 * in years (0.25 = three months); a range gives its middle.
 */
import { parseNumber } from './numbers.js'

const MAX_AGE = 25
const NUMBER = String.raw`(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)`
const YEARS_MONTHS = new RegExp(
  `^(?:${NUMBER}(?:周?岁|年)(半)?)?(?:零|又)?(?:${NUMBER}个?月)?(?:大|左右|多)?$`,
)
const HALF_YEAR = /^半岁$/
const DIGIT_RANGE = /^([一二三四五六七八])([二三四五六七八九])(?:周?岁)?$/u
const NUMBER_RANGE = /^(\d{1,2})(?:-|~|～|到|至|、|或)(\d{1,2})(?:周?岁)?$/u
const ABOUT_TEN = /^十来(?:周?岁)?$/u
const TEENS = /^十几(?:周?岁)?$/u
const HEDGE_BEFORE = /^(?:大概|大约|约|差不多|可能|应该|估计|好像|看着|看起来|也就)+/u
const HEDGE_AFTER = /(?:左右|上下|的样子|吧|吧\.|吧。)+$/u
/** "快九岁了", "将近六岁": not yet that age; half a year under it. */
const NEARLY = /^(?:快要|快|将近|马上)/u

/** "七八岁", "8到9岁", "十来岁", "十几岁": the middle of the range, or undefined. */
function parseRange(t: string): number | undefined {
  const digits = DIGIT_RANGE.exec(t)
  if (digits) {
    const a = parseNumber(digits[1]!)
    const b = parseNumber(digits[2]!)
    if (a !== undefined && b === a + 1) return a + 0.5
  }
  const numbers = NUMBER_RANGE.exec(t)
  if (numbers) {
    const a = Number(numbers[1])
    const b = Number(numbers[2])
    if (b > a && b - a <= 3 && b <= MAX_AGE) return (a + b) / 2
  }
  if (ABOUT_TEN.test(t)) return 10
  if (TEENS.test(t)) return 15
  return undefined
}

/** Parses an age in years from normalised text; undefined if it is not an age. */
export function parseAge(text: string): number | undefined {
  const nearly = NEARLY.exec(text.replace(/\s+/g, ''))
  if (nearly) {
    const age = parseAge(text.replace(/\s+/g, '').slice(nearly[0].length))
    return age === undefined || age < 1 ? undefined : age - 0.5
  }
  const t = text
    .replace(/\s+/g, '')
    .replace(/^(孩子|他|她)?(今年|现在|已经)?(大概|大约|约|才)?/, '')
    .replace(HEDGE_BEFORE, '')
    .replace(HEDGE_AFTER, '')
    .replace(/[了啦的]+$/u, '')
  if (t.length === 0) return undefined
  if (HALF_YEAR.test(t)) return 0.5
  const range = parseRange(t)
  if (range !== undefined) return range
  const bare = parseNumber(t)
  if (bare !== undefined) return bare <= MAX_AGE ? bare : undefined
  const m = YEARS_MONTHS.exec(t)
  if (!m || (m[1] === undefined && m[3] === undefined)) return undefined
  const years = m[1] === undefined ? 0 : parseNumber(m[1])
  const months = m[3] === undefined ? 0 : parseNumber(m[3])
  if (years === undefined || months === undefined || (months >= 12 && m[1] !== undefined))
    return undefined
  const age = years + (m[2] ? 0.5 : 0) + months / 12
  return age <= MAX_AGE ? Math.round(age * 1000) / 1000 : undefined
}
