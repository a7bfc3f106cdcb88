/**
 * @module text/yes-no
 * Yes, no and "I don't know" as people say them; the words are content (content/answers.yaml).
 */

export type YesNo = 'yes' | 'no' | 'unknown'

/** The words for each answer, normalised and simplified. */
export type YesNoWords = Record<YesNo, string[]>

const PARTICLES = /[啊呀吧呢哦噢的了]+$/u

/**
 * Reads a yes/no answer from normalised text; undefined if it is neither. The words are looked
 * up without the closing particles, then as written (忘了 is a word, not 忘 with 了).
 */
export function parseYesNo(text: string, words: YesNoWords): YesNo | undefined {
  const whole = text.replace(/\s+/g, '')
  const t = whole.replace(PARTICLES, '')
  for (const bare of t.length > 0 && t !== whole ? [t, whole] : [whole]) {
    if (words.unknown.includes(bare)) return 'unknown'
    if (words.no.includes(bare)) return 'no'
    if (words.yes.includes(bare)) return 'yes'
  }
  return undefined
}

const DEGREE = /^(?:很|挺|比较|有点|有些|特别|非常|太|真|确实|是|还|有|上了|已经)+/u
const DENIAL = /^(?:不是|没有|还没有|还没|不|没)/u
/** A question asked in the negative just before the words: 孩子是不是还没有上户口？ */
const ASKED_DENIED = /(?:没有|没|不是|不)(?:上|办)?$/u

/**
 * A yes/no answer that repeats the question's own words: "困难" / "很困难" is yes to
 * 家里经济上困难吗, "不困难" no. To a question asked in the negative (孩子是不是还没有上户口？)
 * "有户口" is no and "没有户口" yes. Short answers only (a sentence is not read this way).
 */
export function echoYesNo(text: string, question: string): YesNo | undefined {
  const t = text.replace(/\s+/g, '').replace(PARTICLES, '')
  if (t.length > 8) return undefined
  const denied = DENIAL.exec(t)
  const rest = (denied ? t.slice(denied[0].length) : t).replace(DEGREE, '')
  const at = rest.length < 2 ? -1 : question.indexOf(rest)
  if (at < 0) return undefined
  const negative = ASKED_DENIED.test(question.slice(0, at))
  return (denied !== null) !== negative ? 'no' : 'yes'
}
