/**
 * @module text/extract
 * What a family's own words say: what they want (a main-menu choice) and the screening facts
 * they mention ("孙子他爸妈都没了，我一个老婆子带着" → both parents deceased, cared for by a
 * relative). The words, the negations and who a situation is about are content
 * (content/extract.yaml, compiled by src/content/extract-load.ts); this reads normalised text.
 *
 * How: the text is cut into clauses at punctuation; each clause is read left to right, longest
 * word first. A person word (爸爸, 妈妈, 爸妈, 孩子) makes the situations after it about that person;
 * a clause that names nobody goes on with the parent of the clause before. A negation word just
 * before a word ("没有残疾", "不是低保") gives the word's negated value, or nothing. Later words win
 * over earlier ones, so a correction appended to the story ("不对，妈妈是失联") replaces what it
 * corrects.
 */
import { parseAge } from './age.js'
import { parseYears } from './numbers.js'

export type HeardValue = string | number | boolean
export type Who = 'father' | 'mother' | 'both' | 'child'
/** Who a clause is about: a parent, the child, or someone else (the carer: 奶奶去世了 is not a parent). */
type Subject = Who | 'other'

/** One meaning of a word of the lexicon. */
export type Sense =
  | { k: 'intent'; id: string; rank: number }
  | { k: 'person'; who: Who }
  | { k: 'parent'; status: string }
  | { k: 'carer'; setting: string; verb: boolean; say?: string }
  | { k: 'verb' }
  | {
      k: 'fact'
      fact: string
      value?: HeardValue
      negated?: HeardValue
      also?: Record<string, HeardValue>
    }
  | { k: 'region'; slug: string }

/** The compiled lexicon: each word (simplified, lower case) with its senses. */
export interface ExtractLexicon {
  words: Record<string, Sense[]>
  /** The longest word, in characters. */
  longest: number
  negation: string[]
  window: number
  /** Parent situations that a following "N年" measures. */
  yearStatuses: string[]
  /** Words before "N年" that make it the time already served. */
  served: string[]
  /** 户口: after a region's name ("温岭户口"), or before 在 and the name, the hukou is local. */
  hukou: string[]
  /** Words that make 儿子 the father (孙子) or 女儿 the mother (外孙), with the words they turn. */
  grandparents: { when: string[]; father: string[]; mother: string[] }[]
}

export interface Heard {
  /** The main-menu choice the words ask for, if any. */
  intent?: string
  /** Screening facts, by id; with those the words imply (低保 → economic hardship). */
  facts: Record<string, HeardValue>
  /** The facts the words said themselves (not only implied), in the order first heard. */
  said: string[]
  region?: string
  /** The region as the family named it ("大同"). */
  place?: string
  /** Who looks after the child, as they said it ("奶奶"; "您" for "我一个老婆子"). */
  carer?: string
}

const CLAUSE = /[，。；！？!?;,.\n、：:]+/u
const NUMERAL = String.raw`(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十]+)`
const AGE = new RegExp(
  String.raw`(?:${NUMERAL}(?:周岁|岁)半?(?:零?${NUMERAL}个月)?|${NUMERAL}个月|十来岁|十几岁|半岁|[一二三四五六七八][二三四五六七八九]岁)`,
  'gu',
)
const YEARS = new RegExp(String.raw`${NUMERAL}年半?多?`, 'gu')
/** A disability certificate's grade: "一级残疾", "残疾证是二级", "3级残疾证". */
const GRADE = /(?:([一二三四1-4])级残|残疾证?(?:是|为)?([一二三四1-4])级)/u
const GRADES: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 }
const PARENTS = ['father', 'mother'] as const

interface Token {
  at: number
  end: number
  senses: readonly Sense[]
  word: string
}

/** The lexicon's words found in a clause, longest first, left to right; ages and years as words. */
function tokens(lex: ExtractLexicon, clause: string, turned: Record<string, Sense[]>): Token[] {
  const found: Token[] = []
  for (let i = 0; i < clause.length;) {
    let hit: Token | undefined
    for (let n = Math.min(lex.longest, clause.length - i); n >= 1 && !hit; n--) {
      const word = clause.slice(i, i + n)
      const senses = turned[word] ?? lex.words[word]
      if (senses) hit = { at: i, end: i + n, senses, word }
    }
    if (hit) {
      found.push(hit)
      i = hit.end
    } else i++
  }
  const free = (at: number, end: number): boolean =>
    !found.some((t) => at < t.end && end > t.at && !t.senses.every((s) => s.k === 'verb'))
  const spans: Token[] = []
  for (const [re, k] of [
    [AGE, 'age'],
    [YEARS, 'years'],
  ] as const)
    for (const m of clause.matchAll(re)) {
      const at = m.index
      if (free(at, at + m[0].length))
        spans.push({ at, end: at + m[0].length, senses: [], word: `${k}:${m[0]}` })
    }
  return [...found, ...spans].sort((a, b) => a.at - b.at)
}

/** Whether a negation word stands just before `at` (within the window, after `from`). */
function negated(lex: ExtractLexicon, clause: string, from: number, at: number): boolean {
  const before = clause.slice(Math.max(from, at - lex.window - 4), at)
  return lex.negation.some((w) => {
    const i = before.lastIndexOf(w)
    return i >= 0 && before.length - (i + w.length) <= lex.window
  })
}

/** The words 儿子 / 女儿 mean a parent when the speaker is a grandparent (孙子, 外孙). */
function turnedWords(lex: ExtractLexicon, text: string): Record<string, Sense[]> {
  const turned: Record<string, Sense[]> = {}
  for (const g of lex.grandparents) {
    if (!g.when.some((w) => text.includes(w))) continue
    for (const w of g.father) turned[w] = [{ k: 'person', who: 'father' }]
    for (const w of g.mother) turned[w] = [{ k: 'person', who: 'mother' }]
  }
  return turned
}

/** Reads normalised text (see text/normalize) for an intent and screening facts. */
export function extract(lex: ExtractLexicon, text: string): Heard {
  const heard: Heard = { facts: {}, said: [] }
  const said = new Map<string, HeardValue>()
  const implied = new Map<string, HeardValue>()
  let intentRank = Infinity
  const turned = turnedWords(lex, text)
  const put = (fact: string, value: HeardValue): void => {
    said.delete(fact)
    said.set(fact, value)
  }
  const setParent = (who: Who, suffix: string, value: HeardValue): void => {
    for (const p of PARENTS) if (who === p || who === 'both') put(`${p}${suffix}`, value)
  }
  // The parent the last situation was about, across clauses ("爸爸坐牢了，判了6年").
  let parent: Who | undefined
  let lastStatus: { who: Who; status: string } | undefined
  for (const clause of text.split(CLAUSE)) {
    if (clause === '') continue
    const found = tokens(lex, clause, turned)
    const hasVerb = found.some((t) => t.senses.some((s) => s.k === 'verb'))
    // Named in this clause: a parent here keeps the child's facts out; nobody named, the parent
    // of the clause before goes on for the parents' situations.
    let local: Subject | undefined
    let end = 0
    for (const t of found) {
      const no = negated(lex, clause, end, t.at)
      end = t.end
      const aboutParent = local !== undefined && local !== 'child' && local !== 'other'
      if (t.word.startsWith('age:')) {
        const age = aboutParent || no ? undefined : parseAge(t.word.slice(4))
        if (age !== undefined) put('child_age', age)
        continue
      }
      if (t.word.startsWith('years:')) {
        if (lastStatus && lex.yearStatuses.includes(lastStatus.status) && !no) {
          const n = parseYears(t.word.slice(6), 99)
          const servedWord = lex.served.some((w) => clause.slice(0, t.at).endsWith(w))
          const imprisoned = lastStatus.status === 'imprisoned'
          if (n !== undefined)
            setParent(
              lastStatus.who,
              servedWord && imprisoned ? '_years_served' : '_status_years',
              n,
            )
        }
        continue
      }
      const person = t.senses.find((s) => s.k === 'person')
      if (person) {
        local = person.who
        if (person.who !== 'child') parent = person.who
        continue
      }
      const status = t.senses.find((s) => s.k === 'parent')
      const subject = local ?? parent
      if (status && subject !== undefined && subject !== 'child' && subject !== 'other') {
        if (!no) {
          setParent(subject, '_status', status.status)
          lastStatus = { who: subject, status: status.status }
        }
        continue
      }
      for (const s of t.senses) {
        if (s.k === 'intent' && s.rank < intentRank) {
          intentRank = s.rank
          heard.intent = s.id
        } else if (s.k === 'region' && !no && !aboutParent) {
          // "山西大同": the province and the city together name the place.
          const joined =
            heard.region === s.slug &&
            heard.place !== undefined &&
            clause.slice(0, t.at).endsWith(heard.place)
          heard.place = joined ? heard.place + t.word : t.word
          heard.region = s.slug
          const after = clause.slice(t.end).replace(/^的/u, '')
          const before = clause.slice(0, t.at).replace(/[在是]$/u, '')
          if (lex.hukou.some((w) => after.startsWith(w) || before.endsWith(w)))
            put('child_hukou_local', true)
        } else if (s.k === 'carer') {
          if (!no && (!s.verb || hasVerb) && !aboutParent) {
            put('child_care_setting', s.setting)
            heard.carer = s.say ?? t.word
          }
          // A relative named is the one the next words are about ("奶奶身体不好").
          if (s.verb) local = 'other'
        } else if (s.k === 'fact' && !(aboutParent && s.fact.startsWith('child_'))) {
          const value = no ? s.negated : s.value
          if (value === undefined) continue
          put(s.fact, value)
          if (!no) for (const [f, v] of Object.entries(s.also ?? {})) implied.set(f, v)
        }
      }
    }
    const grade =
      local === 'father' || local === 'mother' || local === 'both' ? null : GRADE.exec(clause)
    const g = grade?.[1] ?? grade?.[2]
    if (g !== undefined) put('child_disability_grade', GRADES[g] ?? Number(g))
  }
  for (const [fact, value] of implied) if (!said.has(fact)) heard.facts[fact] = value
  for (const [fact, value] of said) heard.facts[fact] = value
  heard.said = [...said.keys()]
  return heard
}
