/**
 * @module engine/types/state
 * A conversation's state as the engine keeps it between turns: plain JSON, stored by the host.
 */
import type { z } from 'zod'
import type { mode } from '../nodes/fields.js'
import type { Lang, Vars } from './content.js'

export type Mode = z.infer<typeof mode>

export interface Frame {
  flow: string
  version: number
  node: string
}

export interface ConversationState {
  /** Schema version of this object; state from another schema is dropped. */
  v: 1
  /** The frame that is running; `node` is the ask node that waits for input. */
  at: Frame | null
  /** Callers to return to (subflows, the danger interrupt). */
  stack: Frame[]
  vars: Vars
  mode: Mode
  lang: Lang
  invalid: number
  /**
   * Where each answered question stood, most recent last, for 返回, with what the answer changed:
   * `restore` the vars it overwrote, `unset` the vars it added (返回 puts both back).
   */
  history: { at: Frame; stack: Frame[]; restore?: Vars; unset?: string[] }[]
  /** Time of the last input, in ms since the epoch. */
  lastInputAt: number | null
  /** Waiting on the "continue where you left off?" question. */
  resuming: boolean
  /** The operator who owns the conversation (mode `operator`); absent in older states. */
  owner?: string | null
}
