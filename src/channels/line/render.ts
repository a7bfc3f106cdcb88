/**
 * @module channels/line/render
 * The engine's replies as LINE messages: text with quick-reply buttons (postbacks carrying the
 * choice id), choices that do not fit as numbered text, contacts with a number as a buttons
 * template whose actions call (`tel:`), a screening result as a Flex card (the measure, its status,
 * the lines under it), long text split under LINE's 5000 characters.
 */
import type { Card, Contact, Reply } from '../../engine/types.js'
import { agencyLines, fitChoices, splitText, type Capabilities } from '../channel.js'

export const LINE_CAPABILITIES: Capabilities = {
  maxChoices: 13,
  maxLabel: 20,
  maxText: 5000,
  maxMessages: 5,
}

/** The LINE message objects this channel sends (a subset of the Messaging API's). */
export type LineMessage = (
  | { type: 'text'; text: string }
  | {
      type: 'template'
      altText: string
      template: { type: 'buttons'; text: string; actions: LineUriAction[] }
    }
  | { type: 'flex'; altText: string; contents: FlexBubble }
) & { quickReply?: { items: LineQuickReply[] } }

interface FlexText {
  type: 'text'
  text: string
  wrap: true
  size?: 'sm' | 'md'
  weight?: 'bold'
  color?: string
}
interface FlexBubble {
  type: 'bubble'
  header: { type: 'box'; layout: 'vertical'; contents: FlexText[] }
  body: { type: 'box'; layout: 'vertical'; spacing: 'sm'; contents: FlexText[] }
}

interface LineQuickReply {
  type: 'action'
  action: { type: 'postback'; label: string; data: string; displayText: string }
}
interface LineUriAction {
  type: 'uri'
  label: string
  uri: string
}

/** A buttons template allows 4 actions, labels of 20 characters, text of 160. */
const MAX_ACTIONS = 4
const TEMPLATE_TEXT = 160

const cut = (text: string, max: number): string =>
  [...text].length <= max ? text : [...text].slice(0, max - 1).join('') + '…'

/** `hint`: the words above the call buttons (content text `channel.call_hint`). */
function callButtons(contacts: Contact[], hint: string): LineMessage | undefined {
  const callable = contacts.filter((c) => c.phone !== undefined).slice(0, MAX_ACTIONS)
  if (callable.length === 0) return undefined
  const names = callable.map((c) => `${c.phone} ${c.name}`)
  return {
    type: 'template',
    altText: cut(`${hint} ${names.join(' · ')}`, 400),
    template: {
      type: 'buttons',
      text: cut(`${hint}\n${names.join('\n')}`, TEMPLATE_TEXT),
      actions: callable.map((c) => ({
        type: 'uri' as const,
        label: cut(`${c.phone} ${c.name}`, LINE_CAPABILITIES.maxLabel),
        uri: `tel:${c.phone}`,
      })),
    },
  }
}

/** LINE: a Flex message's alternative text (shown in notifications) has at most 400 characters. */
const ALT_TEXT = 400
/** Likely: green; to be checked by the office: amber. */
const TONE: Record<Card['tone'], string> = { yes: '#1B7F3B', review: '#A15C00' }

/** A screening result as a Flex bubble: the measure and its status on top, its lines below. */
function flexCard(card: Card, text: string): LineMessage {
  return {
    type: 'flex',
    altText: cut(text, ALT_TEXT),
    contents: {
      type: 'bubble',
      header: {
        type: 'box',
        layout: 'vertical',
        contents: [
          { type: 'text', text: card.title, wrap: true, weight: 'bold', size: 'md' },
          { type: 'text', text: card.status, wrap: true, size: 'sm', color: TONE[card.tone] },
        ],
      },
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: card.rows.map((row) => ({ type: 'text', text: row, wrap: true, size: 'sm' })),
      },
    },
  }
}

/** The replies as LINE messages, in the language whose texts are `texts`. */
export function renderLine(replies: Reply[], texts: Record<string, string>): LineMessage[] {
  const hint = texts['channel.call_hint'] ?? ''
  const out: LineMessage[] = []
  for (const reply of replies) {
    const { text, buttons } = fitChoices(reply, LINE_CAPABILITIES)
    const full = [text, ...agencyLines(reply.contacts ?? [])].join('\n')
    const messages: LineMessage[] = reply.card
      ? [flexCard(reply.card, full)]
      : splitText(full, LINE_CAPABILITIES.maxText).map((part) => ({ type: 'text', text: part }))
    // The call buttons come right after the words that say to call: 110 is one tap away.
    const call = callButtons(reply.contacts ?? [], hint)
    if (call) messages.push(call)
    // Quick replies go on the reply's last message, so that they stay on screen.
    if (buttons.length > 0) {
      const last = messages.length - 1
      messages[last] = {
        ...messages[last]!,
        quickReply: {
          items: buttons.map((b) => ({
            type: 'action' as const,
            action: { type: 'postback' as const, label: b.label, data: b.id, displayText: b.label },
          })),
        },
      }
    }
    out.push(...messages)
  }
  return out
}
