/**
 * @module chat/queue-notice
 * What a user waiting for a person is told, honestly and at once: outside service hours or with no
 * one signed in, that no one can answer now (with the numbers to call and the choice to leave a
 * message); otherwise their place in the queue and, when recent claims allow a guess, roughly how
 * long. Fills `{queue.status}` in the hand-off replies the engine wrote.
 */
import { inScript } from '../engine/nodes/contacts.js'
import { serviceHours } from '../console/content.js'
import type { CompiledContent, Contact, Lang, Reply } from '../engine/types.js'
import type { HandoffStore } from '../store/handoffs.js'
import { hostText } from './texts.js'

const PLACEHOLDER = '{queue.status}'
/** Claims a wait estimate is made from; with fewer, no estimate is given. */
const RECENT_CLAIMS = 20
const MIN_CLAIMS = 3

export interface QueueServices {
  handoffs: HandoffStore
  /** The operators signed in and present at `now`. */
  online(now: Date): Promise<string[]>
}

export interface Notice {
  text: string
  contacts: Contact[]
}

async function notice(
  content: CompiledContent,
  svc: QueueServices | undefined,
  conversationId: string,
  lang: Lang,
  now: Date,
): Promise<Notice> {
  const away = (key: string, params: Record<string, string> = {}): Notice => ({
    text: hostText(content, lang, key, params),
    contacts: awayContacts(content, lang),
  })
  const hours = serviceHours(content.console, now)
  if (!hours.open)
    return hours.today ? away('queue.closed', { hours: hours.today }) : away('queue.closed_today')
  if (!svc || (await svc.online(now)).length === 0) return away('queue.nobody')
  const ahead = await svc.handoffs.ahead(conversationId, now.toISOString())
  const place =
    ahead === 0
      ? hostText(content, lang, 'queue.next')
      : hostText(content, lang, 'queue.ahead', { ahead })
  const waits = await svc.handoffs.recentWaits(RECENT_CLAIMS)
  if (waits.length < MIN_CLAIMS) return { text: place, contacts: [] }
  const median = [...waits].sort((a, b) => a - b)[Math.floor(waits.length / 2)]!
  const minutes = Math.max(1, Math.ceil(median * (ahead + 1)))
  return { text: place + hostText(content, lang, 'queue.wait', { minutes }), contacts: [] }
}

/**
 * The notice for a turn whose replies hold `{queue.status}` (none otherwise): read once, then
 * filled into both what is sent and what is kept.
 */
export async function queueNotice(
  content: CompiledContent,
  svc: QueueServices | undefined,
  conversationId: string,
  lang: Lang,
  now: Date,
  replies: Reply[],
): Promise<Notice | undefined> {
  if (!replies.some((r) => r.text.includes(PLACEHOLDER))) return undefined
  return notice(content, svc, conversationId, lang, now)
}

/** The replies with `{queue.status}` filled in (and the away numbers added where no one is). */
export function withNotice(replies: Reply[], n: Notice | undefined): Reply[] {
  if (!n) return replies
  return replies.map((r) => {
    if (!r.text.includes(PLACEHOLDER)) return r
    const contacts = [...(r.contacts ?? []), ...n.contacts]
    return {
      ...r,
      text: r.text.replace(PLACEHOLDER, n.text),
      ...(contacts.length > 0 && { contacts }),
    }
  })
}

/**
 * A user writing to an operator who is no longer there (signed out, session expired) is told so
 * at once — with 110 and 12355 — instead of talking into silence. Their words are kept.
 */
export async function ownerAway(
  content: CompiledContent,
  svc: QueueServices | undefined,
  owner: string,
  lang: Lang,
  now: Date,
): Promise<Reply | undefined> {
  if (!svc || (await svc.online(now)).includes(owner)) return undefined
  return {
    text: hostText(content, lang, 'handoff.owner_away'),
    contacts: awayContacts(content, lang),
  }
}

/** The numbers for when no one is there (content/console), in the user's script. */
function awayContacts(content: CompiledContent, lang: Lang): Contact[] {
  return content.console.awayContacts.flatMap((id) => {
    const c = content.contacts[id]
    return c ? [inScript(content, lang, c)] : []
  })
}
