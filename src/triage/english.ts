/**
 * @module triage/english
 * English read with the Chinese rules: each English word or phrase of content/triage/english.yaml
 * is put into the lexicon's Chinese form ("is being beaten" → "正在打"), longest phrase first,
 * before the scan. A run of words the table does not know becomes one filler character, so that
 * distances in the rules count the known words and the gaps between them, about as a Chinese
 * sentence of the same content would. A bare age ("she is 13") is written as an age (13岁). Chinese
 * characters and digits in the message pass through as they are ("my nainai 不见了").
 */
import type { Lexicon } from './types.js'

/** Stands for a run of unknown English words: not a separator, in no phrase. */
const FILLER = '_'
const WORD = /[a-z]+(?:'[a-z]+)*/y

interface Phrase {
  words: string[]
  zh: string
}

const tables = new WeakMap<Lexicon, Map<string, Phrase[]>>()

function table(lexicon: Lexicon): Map<string, Phrase[]> {
  let t = tables.get(lexicon)
  if (!t) {
    t = new Map()
    for (const [en, zh] of Object.entries(lexicon.english)) {
      const words = en.split(' ')
      const list = t.get(words[0]!) ?? []
      list.push({ words, zh })
      t.set(words[0]!, list)
    }
    for (const list of t.values()) list.sort((a, b) => b.words.length - a.words.length)
    tables.set(lexicon, t)
  }
  return t
}

/** True when the (lower-case) text holds a Latin letter: only then is there English to read. */
export function hasLatin(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 97 && c <= 122) return true
  }
  return false
}

/**
 * An age told as a bare number — "she is 13", "shes only 14", "my son (11)" — written as the
 * lexicon writes ages ("13岁"), so that it counts as a child. Not "is 10 min", "(2 hours)".
 */
const BARE_AGE =
  /(\b(?:is|shes|hes|she's|he's|aged|age|only|just|turned)\s+|\()(1[0-7]|[1-9])(?![\d岁])(?=\s*(?:\)|[,.!?;]|$|\s+(?!min|mins|minute|minutes|hour|hours|hrs|day|days|week|weeks|month|months|year|years|yrs|am|pm|yuan|rmb|k\b|times|people|of|in)))/g

/** The text with its English put into the lexicon's form; `text` is already lower case (NFKC). */
export function fromEnglish(lexicon: Lexicon, text: string): string {
  const phrases = table(lexicon)
  const s = text.replace(/[’‘`]/g, "'").replace(BARE_AGE, '$1$2岁')
  const words: { word: string; start: number; end: number }[] = []
  for (let i = 0; i < s.length;) {
    WORD.lastIndex = i
    const m = WORD.exec(s)
    if (m && (i === 0 || !/[a-z]/.test(s[i - 1]!))) {
      words.push({ word: m[0], start: i, end: i + m[0].length })
      i += m[0].length
    } else i++
  }
  if (words.length === 0) return text
  let out = ''
  let at = 0
  for (let w = 0; w < words.length;) {
    const here = words[w]!
    // Between this word and the last: punctuation stays; spaces between words go, and so do the
    // spaces around a number ("my son 6 yrs old" is one clause).
    const gap = s.slice(at, here.start)
    out += w > 0 && /^[ \t-]*\d*[ \t-]*$/.test(gap) ? gap.replace(/[ \t-]/g, '') : gap
    let matched: Phrase | undefined
    for (const p of phrases.get(here.word) ?? []) {
      if (w + p.words.length > words.length) continue
      let ok = true
      for (let k = 1; k < p.words.length && ok; k++) {
        const next = words[w + k]!
        ok =
          next.word === p.words[k] && /^[ \t-]+$/.test(s.slice(words[w + k - 1]!.end, next.start))
      }
      if (ok) {
        matched = p
        break
      }
    }
    const used = matched?.words.length ?? 1
    // A run of unknown words is one filler: "give her to a man in the next village for bride
    // money" keeps 她 and 换彩礼 as near as a Chinese sentence would.
    if (matched) out += matched.zh
    else if (!out.endsWith(FILLER)) out += FILLER
    at = words[w + used - 1]!.end
    w += used
  }
  return out + s.slice(at)
}
