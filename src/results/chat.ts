/**
 * @module results/chat
 * The chat host's part in kept results. Before a turn: a message that is a result code is looked
 * up, and the engine gets what is kept under it (Input.result; see engine/result.ts). Before the
 * commit: each `save_result` effect gets a new code and its row, written in the turn's commit, and
 * the replies' {result.code} (shown with dashes) and {result.path} (the compact code of
 * `/r/{code}`) are filled — so a code is shown only once it is stored.
 */
import type { Effect, Input, Reply } from '../engine/types.js'
import type { ConversationStore, StoredEffect } from '../store/conversations.js'
import type { Stmt } from '../store/driver.js'
import { resultStatement } from '../store/results.js'
import { cryptoRandom } from '../reports/services.js'
import { formatResultCode, makeResultCode, readResultCode } from './code.js'

/** The input, with the screening its result code names (a text that is not a code is as it was). */
export async function lookUpResult(store: ConversationStore, input: Input): Promise<Input> {
  if (input.kind !== 'text') return input
  const read = readResultCode(input.text)
  if (!read) return input
  const kept = read.kind === 'valid' ? await store.savedResult(read.code) : undefined
  return { ...input, result: { code: read.code, screening: kept?.screening ?? null } }
}

export interface KeptResults {
  replies: Reply[]
  /** The turn's other effects, for the next host step. */
  effects: Exclude<Effect, { type: 'save_result' }>[]
  /** What the turn keeps of its `save_result` effects: the code only. */
  stored: StoredEffect[]
  rows: Stmt[]
}

const fill = (s: string, code: string): string =>
  s.replaceAll('{result.code}', formatResultCode(code)).replaceAll('{result.path}', code)

/** Makes the codes and rows of a turn's `save_result` effects and fills its replies. */
export function keepResults(
  replies: Reply[],
  effects: Effect[],
  at: Date,
  random: (n: number) => Uint8Array = cryptoRandom,
): KeptResults {
  const out: KeptResults = { replies, effects: [], stored: [], rows: [] }
  for (const e of effects) {
    if (e.type !== 'save_result') {
      out.effects.push(e)
      continue
    }
    const code = makeResultCode(random)
    out.rows.push(resultStatement(code, { screening: e.screening, lang: e.lang }, at.toISOString()))
    out.stored.push({ type: 'save_result', code })
    out.replies = out.replies.map((r) => ({
      ...r,
      text: fill(r.text, code),
      ...(r.link && { link: { ...r.link, href: fill(r.link.href, code) } }),
    }))
  }
  return out
}
