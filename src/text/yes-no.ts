/**
 * @module text/yes-no
 * Yes, no and "I don't know" as people say them; the words are content (content/answers.yaml).
 */

export type YesNo = 'yes' | 'no' | 'unknown'

/** The words for each answer, normalised and simplified. */
export type YesNoWords = Record<YesNo, string[]>

const PARTICLES = /[啊呀吧呢哦噢的了]+$/u

/** Reads a yes/no answer from normalised text; undefined if it is neither. */
export function parseYesNo(text: string, words: YesNoWords): YesNo | undefined {
  const t = text.replace(/\s+/g, '').replace(PARTICLES, '')
  const bare = t.length > 0 ? t : text.replace(/\s+/g, '')
  if (words.unknown.includes(bare)) return 'unknown'
  if (words.no.includes(bare)) return 'no'
  if (words.yes.includes(bare)) return 'yes'
  return undefined
}
