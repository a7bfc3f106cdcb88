/**
 * @module scripts/eval-first-reply
 * What a person sees first. Each labelled message is sent as the first message of a new
 * conversation through the real engine and content, and `replies[0]` is read as a person would:
 * does it carry 110 (and 120 where someone is hurt)? Is it an alarm (an urgent card)? Is it the
 * safety line ("孩子现在有危险吗？") that the engine puts first when it cannot place a message?
 * Figures per category, for the category sets (test/triage/categories.yaml, tuned on, and
 * holdout-categories.yaml, never tuned on). Used by scripts/eval-triage.ts and the tests.
 */
import { step } from '../src/engine/step.js'
import type { CompiledContent, Reply } from '../src/engine/types.js'
import { classify } from '../src/triage/classify.js'
import type { Urgency } from '../src/triage/types.js'
import type { Labelled } from './eval-triage.js'

const AT_OR_ABOVE_URGENT: ReadonlySet<Urgency> = new Set(['emergency', 'urgent'])
const EPOCH = new Date('2026-12-01T02:00:00Z')

/** Counts for one group of messages (a category, a language, or all). */
export interface FirstReplyFigures {
  /** Messages labelled emergency. */
  emergency: number
  /** …whose first reply carries 110, and 120 too where the label says someone is hurt. */
  emergencyNumberFirst: number
  /** Messages labelled emergency or urgent. */
  urgentOrAbove: number
  /** …that the classifier rates urgent or emergency. */
  urgentOrAboveFound: number
  /** …whose first reply carries 110. */
  urgentOrAboveNumberFirst: number
  /** Messages labelled none. */
  harmless: number
  /** …whose first reply is an alarm (an urgent card) or that the classifier rates urgent or above. */
  harmlessAlarmed: number
  /** …whose first reply is the safety line (not an alarm, but a question about danger). */
  harmlessSafetyLine: number
}

export interface FirstReplyMiss {
  text: string
  level: Urgency
  category: string
  got: Urgency
  firstReply: string
}

export interface FirstReplyEvaluation {
  all: FirstReplyFigures
  byCategory: Record<string, FirstReplyFigures>
  byLang: Record<string, FirstReplyFigures>
  /** Emergencies without the number first, urgent-or-above not found, harmless alarmed. */
  misses: FirstReplyMiss[]
}

function zero(): FirstReplyFigures {
  return {
    emergency: 0,
    emergencyNumberFirst: 0,
    urgentOrAbove: 0,
    urgentOrAboveFound: 0,
    urgentOrAboveNumberFirst: 0,
    harmless: 0,
    harmlessAlarmed: 0,
    harmlessSafetyLine: 0,
  }
}

function phones(reply: Reply | undefined): string[] {
  return (reply?.contacts ?? []).flatMap((c) => (c.phone === undefined ? [] : [c.phone]))
}

/** The first reply to a first message, and the classifier's level for it. */
function firstReplyTo(
  content: CompiledContent,
  text: string,
): { first: Reply | undefined; level: Urgency } {
  const { replies } = step(content, null, { kind: 'text', text }, EPOCH)
  return { first: replies[0], level: classify(content.triage, text).urgency }
}

export function evaluateFirstReply(
  content: CompiledContent,
  items: Labelled[],
): FirstReplyEvaluation {
  const all = zero()
  const byCategory: Record<string, FirstReplyFigures> = {}
  const byLang: Record<string, FirstReplyFigures> = {}
  const misses: FirstReplyMiss[] = []
  const safetyTexts = new Set(
    Object.values(content.texts).flatMap((t) => {
      const s = t['triage.first.unsure']
      return s === undefined ? [] : [s]
    }),
  )
  for (const item of items) {
    const category = item.category ?? 'uncategorised'
    const groups = [
      all,
      (byCategory[category] ??= zero()),
      (byLang[item.lang ?? 'zh-Hans'] ??= zero()),
    ]
    const { first, level } = firstReplyTo(content, item.text)
    const numbers = phones(first)
    const has110 = numbers.includes('110')
    const numberFirst = has110 && (item.hurt !== true || numbers.includes('120'))
    for (const g of groups) {
      if (item.level === 'emergency') {
        g.emergency++
        if (numberFirst) g.emergencyNumberFirst++
      }
      if (AT_OR_ABOVE_URGENT.has(item.level)) {
        g.urgentOrAbove++
        if (AT_OR_ABOVE_URGENT.has(level)) g.urgentOrAboveFound++
        if (has110) g.urgentOrAboveNumberFirst++
      }
      if (item.level === 'none') {
        g.harmless++
        if (first?.urgent === true || AT_OR_ABOVE_URGENT.has(level)) g.harmlessAlarmed++
        else if (first !== undefined && safetyTexts.has(first.text)) g.harmlessSafetyLine++
      }
    }
    const missed =
      (item.level === 'emergency' && !numberFirst) ||
      (AT_OR_ABOVE_URGENT.has(item.level) && !AT_OR_ABOVE_URGENT.has(level)) ||
      (item.level === 'none' && (first?.urgent === true || AT_OR_ABOVE_URGENT.has(level)))
    if (missed)
      misses.push({
        text: item.text,
        level: item.level,
        category,
        got: level,
        firstReply: first?.text ?? '',
      })
  }
  return { all, byCategory, byLang, misses }
}

function rate(n: number, of: number): string {
  return of === 0 ? '     –' : `${((n / of) * 100).toFixed(1)}%`.padStart(6) + ` (${n}/${of})`
}

/** The figures as a table: a row per group, then `all`. */
export function reportFirstReply(
  e: FirstReplyEvaluation,
  title: string,
  showMisses: boolean,
): string {
  const lines = [
    title,
    '',
    'group              emergency: 110/120 first   ≥urgent: classified ≥urgent   ≥urgent: 110 first   harmless: alarmed   harmless: safety line',
  ]
  const row = (name: string, f: FirstReplyFigures): string =>
    [
      name.padEnd(18),
      rate(f.emergencyNumberFirst, f.emergency).padEnd(27),
      rate(f.urgentOrAboveFound, f.urgentOrAbove).padEnd(30),
      rate(f.urgentOrAboveNumberFirst, f.urgentOrAbove).padEnd(21),
      rate(f.harmlessAlarmed, f.harmless).padEnd(20),
      rate(f.harmlessSafetyLine, f.harmless),
    ].join(' ')
  for (const [name, f] of Object.entries(e.byCategory).sort()) lines.push(row(name, f))
  for (const [name, f] of Object.entries(e.byLang).sort()) lines.push(row(`lang ${name}`, f))
  lines.push(row('all', e.all))
  if (showMisses) {
    lines.push('', `misses (${e.misses.length}):`)
    for (const m of e.misses)
      lines.push(
        `  ${m.category.padEnd(18)} ${m.level.padEnd(9)} → ${m.got.padEnd(9)} ${m.text}  ⇒ ${m.firstReply.split('\n')[0]}`,
      )
  } else lines.push('', `(${e.misses.length} misses not listed: this set is never tuned on)`)
  return lines.join('\n')
}
