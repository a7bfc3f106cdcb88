/**
 * @module channels/wechaty/render
 * The engine's replies as personal-WeChat text messages: WeChat has no buttons for a personal
 * account, so choices are numbered lines (the engine reads a number as that choice); contacts with
 * a number are written out ("110 …", which WeChat makes tappable), agencies as lines; text longer
 * than 2000 characters is split (WeChat takes more, but long bubbles are cut on some clients).
 */
import type { Reply } from '../../engine/types.js'
import { agencyLines, fitChoices, splitText, type Capabilities } from '../channel.js'

export const WECHATY_CAPABILITIES: Capabilities = {
  maxChoices: 0,
  maxLabel: 0,
  maxText: 2000,
  maxMessages: 1,
}

/** The replies as text messages, in the language whose texts are `texts`. */
export function renderWechaty(replies: Reply[], texts: Record<string, string>): string[] {
  return replies.flatMap((reply) => {
    const contacts = reply.contacts ?? []
    const callable = contacts.filter((c) => c.phone !== undefined)
    const calls =
      callable.length > 0
        ? [texts['channel.call_hint'] ?? '', ...callable.map((c) => `${c.phone} ${c.name}`)]
        : []
    const { text } = fitChoices(reply, WECHATY_CAPABILITIES)
    return splitText(
      [text, ...calls, ...agencyLines(contacts)].join('\n'),
      WECHATY_CAPABILITIES.maxText,
    )
  })
}
