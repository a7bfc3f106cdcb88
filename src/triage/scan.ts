/**
 * @module triage/scan
 * Finds every lexicon phrase in a message in one pass: a first-character index built once per
 * lexicon, masks (打疫苗, 打电话…) that hide the phrases they overlap, negators (没有, 不是…)
 * that cancel a negatable phrase just after them in the same clause, and clause numbers.
 */
import { nfkc, toSimplified } from '../text/normalize.js'
import { fromEnglish, hasLatin } from './english.js'
import type { Lexicon } from './types.js'

export interface Hit {
  /** Index into the lexicon's class list (see `classIndex`). */
  cls: number
  start: number
  end: number
  clause: number
  negated: boolean
}

interface Entry {
  phrase: string
  classes: number[]
}

/** The phrases that start with one code unit, narrowed by the next one. */
interface Starts {
  /** By the phrase's second code unit: those phrases and the one-unit ones, in lexicon order. */
  bySecond: Map<number, Entry[]>
  /** The one-unit phrases, when no longer phrase goes on with the next code unit. */
  alone: Entry[]
}

interface Index {
  names: string[]
  byName: Map<string, number>
  first: Map<number, Starts>
  separators: Set<number>
  mask: number
  neg: number
  negatable: boolean[]
}

const indexes = new WeakMap<Lexicon, Index>()

function build(lexicon: Lexicon): Index {
  const names = Object.keys(lexicon.classes)
  const byName = new Map(names.map((n, i) => [n, i]))
  const phrases = new Map<string, number[]>()
  names.forEach((name, i) => {
    for (const p of lexicon.classes[name] ?? []) {
      const list = phrases.get(p)
      if (list) list.push(i)
      else phrases.set(p, [i])
    }
  })
  const byFirst = new Map<number, Entry[]>()
  for (const [phrase, classes] of phrases) {
    const key = phrase.charCodeAt(0)
    const list = byFirst.get(key) ?? []
    list.push({ phrase, classes })
    byFirst.set(key, list)
  }
  // Two code units narrow "打…" from 129 phrases to a few: most phrases share a first character.
  const first = new Map<number, Starts>()
  for (const [key, entries] of byFirst) {
    const bySecond = new Map<number, Entry[]>()
    for (const { phrase } of entries) {
      const second = phrase.charCodeAt(1)
      if (phrase.length > 1 && !bySecond.has(second))
        bySecond.set(
          second,
          entries.filter((e) => e.phrase.length === 1 || e.phrase.charCodeAt(1) === second),
        )
    }
    first.set(key, { bySecond, alone: entries.filter((e) => e.phrase.length === 1) })
  }
  const negatable = names.map((n) => lexicon.negatable.includes(n))
  return {
    names,
    byName,
    first,
    separators: new Set(
      [...lexicon.separators].filter((ch) => ch.length === 1).map((ch) => ch.charCodeAt(0)),
    ),
    mask: byName.get('mask') ?? -1,
    neg: byName.get('neg') ?? -1,
    negatable,
  }
}

/** The lexicon's compiled index (built on first use, then cached per lexicon object). */
export function indexOf(lexicon: Lexicon): Index {
  let index = indexes.get(lexicon)
  if (!index) {
    index = build(lexicon)
    indexes.set(lexicon, index)
  }
  return index
}

/** The class number of a class name, or -1 when the lexicon has no such class. */
export function classIndex(lexicon: Lexicon, name: string): number {
  return indexOf(lexicon).byName.get(name) ?? -1
}

const FORMAT_CHARS = /\p{Cf}/gu
const SPACE_BETWEEN_HAN = /(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu

/**
 * The matching form: NFKC (full-width → half-width), lower case, traditional folded, English put
 * into the lexicon's Chinese (src/triage/english.ts).
 */
export function prepare(lexicon: Lexicon, text: string): string {
  const cut = text.length > lexicon.maxChars ? text.slice(0, lexicon.maxChars) : text
  // Zero-width and other format characters, and spaces between Chinese characters ("我 不 想
  // 活 了"), must not split a phrase; other spaces still separate words.
  const s = nfkc(cut).toLowerCase().replace(FORMAT_CHARS, '').replace(SPACE_BETWEEN_HAN, '')
  return toSimplified(hasLatin(s) ? fromEnglish(lexicon, s) : s, lexicon.fold)
}

/** Every phrase hit in an already prepared text, masked and with negation marked. */
export function scan(lexicon: Lexicon, text: string): Hit[] {
  const ix = indexOf(lexicon)
  const hits: Hit[] = []
  const masks: [number, number][] = []
  let clause = 0
  for (let i = 0; i < text.length; i++) {
    // Code units, not one-character strings: no string is made or hashed for each character.
    const code = text.charCodeAt(i)
    if (ix.separators.has(code)) {
      clause++
      continue
    }
    const starts = ix.first.get(code)
    if (!starts) continue
    for (const e of starts.bySecond.get(text.charCodeAt(i + 1)) ?? starts.alone) {
      if (!text.startsWith(e.phrase, i)) continue
      const end = i + e.phrase.length
      for (const cls of e.classes) {
        if (cls === ix.mask) masks.push([i, end])
        else hits.push({ cls, start: i, end, clause, negated: false })
      }
    }
  }
  const kept =
    masks.length === 0
      ? hits
      : hits.filter(
          (h) =>
            // A mask hides what overlaps it, except a phrase that holds it whole (天天打牌).
            !masks.some(([s, e]) => h.start < e && h.end > s && !(h.start <= s && h.end >= e)),
        )
  if (ix.neg >= 0) markNegated(lexicon, ix, kept)
  return kept
}

function markNegated(lexicon: Lexicon, ix: Index, hits: Hit[]): void {
  // Most messages hold no negator at all, and a few at most: look for those first.
  const negators = hits.filter((n) => n.cls === ix.neg)
  if (negators.length === 0) return
  for (const h of hits) {
    if (!ix.negatable[h.cls]) continue
    for (const n of negators) {
      if (n.clause !== h.clause) continue
      if (n.end <= h.start && h.start - n.end <= lexicon.negationWindow) {
        h.negated = true
        break
      }
    }
  }
}
