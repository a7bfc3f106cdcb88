/**
 * @module channels/wechat/render
 * The engine's replies as WeChat text. A text message has no buttons: choices become numbered
 * lines (the engine reads the number), contacts with a number are written out under the call
 * hint as `tel:` links, agencies as lines. WeChat counts a message's content in UTF-8 bytes (2048
 * for a customer-service message and for a passive reply); text is split by characters, so the
 * limit in characters is one that 4-byte characters cannot take past it.
 */
import type { Contact, Reply } from '../../engine/types.js'
import { agencyLines, fitChoices, splitText, type Capabilities } from '../channel.js'

/** WeChat's limit on a text message's content, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 2048

export const WECHAT_CAPABILITIES: Capabilities = {
  maxChoices: 0,
  maxLabel: 0,
  // 500 characters are at most 2000 bytes, whatever the characters.
  maxText: 500,
  // A customer-service message is one message a call.
  maxMessages: 1,
}

export interface WechatText {
  text: string
}

export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length

/** `hint`: the words above the numbers to call (content text `channel.call_hint`). */
function contactLines(contacts: Contact[], hint: string): string[] {
  const calls = contacts
    .filter((c) => c.phone !== undefined)
    .map((c) => `<a href="tel:${c.phone}">${c.phone}</a> ${c.name}`)
  return [...agencyLines(contacts), ...(calls.length > 0 ? [hint, ...calls] : [])]
}

/** One reply as it reads in a text message (not yet split). */
function replyText(reply: Reply, hint: string): string {
  const { text } = fitChoices(reply, WECHAT_CAPABILITIES)
  return [text, ...contactLines(reply.contacts ?? [], hint)].join('\n')
}

/** The replies as customer-service text messages, each within WeChat's limit. */
export function renderWechat(replies: Reply[], texts: Record<string, string>): WechatText[] {
  const hint = texts['channel.call_hint'] ?? ''
  return replies.flatMap((r) =>
    splitText(replyText(r, hint), WECHAT_CAPABILITIES.maxText).map((text) => ({ text })),
  )
}

/** A turn's replies as one passive reply, or undefined when they do not fit in one message. */
export function passiveText(replies: Reply[], texts: Record<string, string>): string | undefined {
  const hint = texts['channel.call_hint'] ?? ''
  const text = replies.map((r) => replyText(r, hint)).join('\n\n')
  return text !== '' && utf8Bytes(text) <= MAX_TEXT_BYTES ? text : undefined
}
