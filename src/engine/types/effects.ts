/**
 * @module engine/types/effects
 * What a turn asks the host to do: one union, every effect the engine emits. A report's fields
 * travel as the flow's values, opaque here (src/reports/draft.ts reads them).
 */
import type { z } from 'zod'
import type { queueUrgency } from '../nodes/effect.js'
import type { Lang, Vars } from './content.js'
import type { SavedScreening } from './io.js'

/** How soon a person must look: the operators' queue is ordered by it, then by waiting time. */
export type QueueUrgency = z.infer<typeof queueUrgency>

/**
 * Commands for the host to carry out. `open_case` and `check_case` carry what the reporter typed
 * (contact, PIN): the host encrypts or discards it and never stores or logs the effect as it is.
 */
export type Effect =
  | {
      type: 'queue_handoff'
      reason: string
      urgency: QueueUrgency
    }
  | { type: 'cancel_handoff' }
  | { type: 'claim_handoff'; operator: string }
  | { type: 'transfer_handoff'; to: string }
  | { type: 'requeue_handoff' }
  | { type: 'close_handoff'; by: 'operator' | 'user' }
  /** The report's fields by name (src/reports/draft.ts), and the reporter's contact. */
  | { type: 'open_case'; report: Vars; contact: string | null }
  | { type: 'check_case'; caseNumber: string; pin: string }
  | { type: 'erase_conversation' }
  /**
   * Keep this screening under a new result code; the replies may show {result.code} (and a link
   * to {result.href}). `lang` is the script its printable page is in.
   */
  | { type: 'save_result'; screening: SavedScreening; lang: Lang }
