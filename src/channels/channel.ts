/**
 * @module channels/channel
 * The seam every channel plugs into. A channel turns platform events into inbound messages for
 * the host (which stays channel-blind), says what it can show (capabilities), and renders the
 * engine's replies to fit. A push channel (LINE, WeChat customer-service messages) also sends:
 * its replies go through the outbox (src/chat/outbox.ts), written in the turn's commit.
 */
import type { Choice, Contact, Lang, Reply } from '../engine/types.js'

export interface Capabilities {
  /** Buttons a message can carry (LINE quick replies: 13); 0 for none. */
  maxChoices: number
  /** Characters in a button's label (LINE: 20). */
  maxLabel: number
  /** Characters in one text message (LINE: 5000). */
  maxText: number
  /** Messages in one send (LINE: 5 per reply or push). */
  maxMessages: number
}

/** What sending came to: done, or when to try again (the platform's Retry-After), or never. */
export type SendResult =
  { ok: true } | { ok: false; retryAfterMs?: number; permanent?: boolean; status?: number }

export interface PushChannel<M = unknown> {
  capabilities: Capabilities
  /** The replies as the platform's messages, fitted to the capabilities. */
  render(replies: Reply[], lang: Lang): M[]
  /**
   * Sends messages to a user. `replyToken` when the platform's free reply is still possible;
   * `retryKey` makes a repeated push of the same messages a no-op on the platform's side.
   */
  send(
    to: string,
    messages: M[],
    options: { replyToken?: string; retryKey: string },
  ): Promise<SendResult>
  /**
   * Shows the user that an answer is being worked out (LINE's loading animation), for a turn that
   * is slow. Best effort: a failure is no one's concern.
   */
  busy?(to: string): Promise<void>
}

/**
 * A reply's choices fitted to a channel: all of them as buttons when they fit, else the choices as
 * numbered lines in the text (the engine reads a number as that choice) and, where there is room,
 * the numbers as buttons.
 */
export function fitChoices(reply: Reply, caps: Capabilities): { text: string; buttons: Choice[] } {
  const choices = reply.choices ?? []
  if (choices.length === 0) return { text: reply.text, buttons: [] }
  const fits =
    choices.length <= caps.maxChoices && choices.every((c) => [...c.label].length <= caps.maxLabel)
  if (fits) return { text: reply.text, buttons: choices }
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`)
  const numbers =
    choices.length <= caps.maxChoices
      ? choices.map((c, i) => ({ id: c.id, label: String(i + 1) }))
      : []
  return { text: `${reply.text}\n${lines.join('\n')}`, buttons: numbers }
}

/** Text cut into pieces of at most `max` characters, at line breaks where it can be. */
export function splitText(text: string, max: number): string[] {
  const chars = [...text]
  if (chars.length <= max) return [text]
  const parts: string[] = []
  let rest = chars
  while (rest.length > max) {
    const window = rest.slice(0, max)
    const cut = window.lastIndexOf('\n')
    const at = cut > max / 2 ? cut + 1 : max
    parts.push(rest.slice(0, at).join('').trimEnd())
    rest = rest.slice(at)
  }
  if (rest.length > 0) parts.push(rest.join(''))
  return parts
}

/** Contacts without a number (an agency to visit), written out as lines of text. */
export function agencyLines(contacts: Contact[]): string[] {
  return contacts.filter((c) => c.phone === undefined).map((c) => `· ${c.name}：${c.description}`)
}
