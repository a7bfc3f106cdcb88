/**
 * @module console/transcript
 * A conversation as the operator reads it, from its stored turns: what the user wrote (opened
 * from its sealed form; a button pressed shows its label), what the bot and operators answered,
 * and a flag on every message in which triage found danger. An answer to a private question (a
 * reporter's contact, a PIN: `private: true` in the flow) is not shown: who reported is revealed
 * only on request, and recorded.
 */
import type { Input, Reply } from '../engine/types.js'
import type { StoredTurn } from '../store/conversations.js'

export interface TranscriptEntry {
  seq: number
  from: 'user' | 'bot' | 'operator'
  text: string
  at: string
  /** Triage found danger in this message (the 110 reply went out at once). */
  flag?: 'danger'
}

/**
 * What the user said in each turn, as they saw it: the text, or the label of the button pressed
 * (from the turn before); `withheld` for the answer to a private question; '' for none (an
 * operator's turn, an empty opening message).
 */
export async function userWords(
  turns: StoredTurn[],
  open: (sealed: string) => Promise<string>,
  withheld: string,
): Promise<string[]> {
  const out: string[] = []
  let labels = new Map<string, string>()
  for (const turn of turns) {
    const { input } = JSON.parse(await open(turn.payload)) as { input: Input }
    const hidden = turn.events.some((e) => e.type === 'private_answer')
    out.push(
      hidden
        ? withheld
        : input.kind === 'text'
          ? input.text.trim()
          : input.kind === 'choice'
            ? (labels.get(input.id) ?? input.id)
            : '',
    )
    const choices = turn.replies.flatMap((r) => r.choices ?? [])
    if (choices.length > 0) labels = new Map(choices.map((c) => [c.id, c.label]))
  }
  return out
}

/** The stored turns as transcript entries; `open` unseals a stored message. */
export async function transcript(
  turns: StoredTurn[],
  open: (sealed: string) => Promise<string>,
  withheld: string,
): Promise<TranscriptEntry[]> {
  const out: TranscriptEntry[] = []
  const words = await userWords(turns, open, withheld)
  for (const [i, turn] of turns.entries()) {
    const danger = turn.events.some((e) => e.type === 'danger_detected')
    const said = words[i]!
    if (said !== '')
      out.push({
        seq: turn.seq,
        from: 'user',
        text: said,
        at: turn.at,
        ...(danger && { flag: 'danger' as const }),
      })
    for (const reply of turn.replies) out.push(entry(turn, reply))
  }
  return out
}

function entry(turn: StoredTurn, reply: Reply): TranscriptEntry {
  const choices = reply.choices?.length
    ? '\n' + reply.choices.map((c) => `[${c.label}]`).join(' ')
    : ''
  return {
    seq: turn.seq,
    from: reply.from === 'operator' ? 'operator' : 'bot',
    text: reply.text + choices,
    at: turn.at,
  }
}
