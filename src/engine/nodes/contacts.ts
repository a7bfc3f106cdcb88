/** @module engine/nodes/contacts — contact ids to contact cards; an unknown id is a content error. */
import type { StepContext } from '../context.js'
import type { Contact } from '../types.js'

export function contactsFor(ctx: StepContext, ids: readonly string[]): Contact[] {
  const found: Contact[] = []
  for (const id of ids) {
    const contact = ctx.content.contacts[id]
    if (contact) found.push(contact)
    else ctx.events.push({ type: 'content_error', detail: `missing contact ${id}` })
  }
  return found
}
