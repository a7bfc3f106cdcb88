/**
 * @module engine/nodes/contacts — contact ids to contact cards (an unknown id is a content error),
 * and routed directory entries to the same cards.
 */
import type { StepContext } from '../context.js'
import type { CompiledContent, Contact, Lang } from '../types.js'
import type { RoutedContact } from '../../triage/route.js'

/** A routed contact as the API's contact card (no routing internals). */
export function contactCard({ id, name, description, phone }: RoutedContact): Contact {
  return { id, name, description, ...(phone !== undefined && { phone }) }
}

/** A contact card in the conversation's script: Traditional names and descriptions for zh-Hant. */
export function inScript(content: CompiledContent, lang: Lang, c: Contact): Contact {
  if (lang !== 'zh-Hant') return c
  const to = (s: string): string => content.contactsHant[s] ?? s
  return { ...c, name: to(c.name), description: to(c.description) }
}

export function contactsFor(ctx: StepContext, ids: readonly string[]): Contact[] {
  const found: Contact[] = []
  for (const id of ids) {
    const contact = ctx.content.contacts[id]
    if (contact) found.push(contact)
    else ctx.events.push({ type: 'content_error', detail: `missing contact ${id}` })
  }
  return found
}
