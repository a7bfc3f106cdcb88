/** @module engine/nodes/match-choice — which of a list of options an answer picks, if exactly one. */
import { parseChineseInteger } from '../../text/numbers.js'
import { normalize } from '../../text/normalize.js'
import type { Answer } from '../kind.js'

export interface Option<T> {
  id: string
  /** The labels and synonyms in matching form (see `labelForm`); not needed for a number. */
  forms(): string[]
  item: T
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩'
const ORDINAL = /^(?:第|选|选择)?([0-9]+|[一二三四五六七八九十]+)(?:个|项|号|条)?$/

function position(text: string): number | undefined {
  const circled = CIRCLED.indexOf(text)
  if (text.length === 1 && circled >= 0) return circled + 1
  const m = ORDINAL.exec(text)
  if (!m || m[1] === undefined) return undefined
  return /^\d+$/.test(m[1]) ? Number(m[1]) : parseChineseInteger(m[1])
}

/** A label as answers are matched against it: normalised, without spaces. */
export function labelForm(label: string, t2s: Record<string, string>): string {
  return normalize(label, t2s).replace(/\s+/g, '')
}

/** An option answered by these labels and synonyms, put in matching form only when needed. */
export function labelled<T>(
  id: string,
  labels: readonly string[],
  t2s: Record<string, string>,
  item: T,
): Option<T> {
  return { id, forms: () => labels.map((l) => labelForm(l, t2s)), item }
}

/** The option the answer picks: by id (button), number, whole label or synonym, or unique part. */
export function matchChoice<T>(options: readonly Option<T>[], answer: Answer): T | undefined {
  if (answer.choice !== undefined) return options.find((o) => o.id === answer.choice)?.item
  const text = answer.text.replace(/\s+/g, '')
  if (text.length === 0) return undefined
  const n = position(text)
  if (n !== undefined && n >= 1 && n <= options.length) return options[n - 1]!.item
  // A short number out of range is a wrong answer; a long one may be a code ("450700").
  if (n !== undefined && text.length <= 2) return undefined
  const forms = options.map((o) => o.forms())
  const exact = options.filter((_, i) => forms[i]!.includes(text))
  if (exact.length === 1) return exact[0]!.item
  if (text.length < 2) return undefined
  const partial = options.filter((_, i) =>
    forms[i]!.some(
      (f) => f.length >= 2 && (f.includes(text) || (text.includes(f) && short(text, f))),
    ),
  )
  return partial.length === 1 ? partial[0]!.item : undefined
}

/**
 * A message that contains a choice is that choice only while it is short ("我是孩子的老师",
 * "请问孩子能领什么补贴"): in a longer story the words may say something else.
 */
function short(text: string, label: string): boolean {
  return text.length <= label.length + 12
}
