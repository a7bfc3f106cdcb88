/**
 * @module text/age
 * Ages as a parent or neighbour writes them: "8岁", "八岁半", "3个月", "十五", "一岁零三个月", "半岁".
 * The result is in years (0.25 = three months).
 */
import { parseNumber } from './numbers.js'

const MAX_AGE = 25
const NUMBER = String.raw`(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)`
const YEARS_MONTHS = new RegExp(
  `^(?:${NUMBER}(?:周?岁|年)(半)?)?(?:零|又)?(?:${NUMBER}个?月)?(?:大|左右|多)?$`,
)
const HALF_YEAR = /^半岁$/

/** Parses an age in years from normalised text; undefined if it is not an age. */
export function parseAge(text: string): number | undefined {
  const t = text
    .replace(/\s+/g, '')
    .replace(/^(孩子|他|她)?(今年|现在|已经)?(大概|大约|约|才)?/, '')
    .replace(/[了啦的]+$/u, '')
  if (t.length === 0) return undefined
  if (HALF_YEAR.test(t)) return 0.5
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
