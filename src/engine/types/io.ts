/**
 * @module engine/types/io
 * What a turn takes (a user's message or button, an operator's action) and gives back: replies,
 * and the events of what happened, for the record.
 */
import type { CommandId, Contact, Lang, Value } from './content.js'
import type { ConversationState } from './state.js'
import type { Effect } from './effects.js'

export interface Choice {
  id: string
  label: string
}

export interface Card {
  title: string
  status: string
  /** Likely or sure (`yes`), to be checked (`review`): a channel may colour it. */
  tone: 'yes' | 'review'
  rows: string[]
}

export interface Reply {
  text: string
  choices?: Choice[]
  contacts?: Contact[]
  /**
   * The same words as a card, for a channel that can show one (LINE's Flex): a screening result's
   * measure, its status and the lines under it. `text` holds all of it for the others.
   */
  card?: Card
  urgent?: true
  /** Written by a hotline operator (not by the bot). */
  from?: 'operator'
  /** A page of this service to open (a kept result's printable page, `/r/<code>`). */
  link?: { label: string; href: string }
}

interface InputBase {
  lang?: Lang
  /** A region the channel already knows (slug or division code); kept if the user has none yet. */
  region?: string
}
/** What a hotline operator does to a conversation, as a turn of it (see engine/operator.ts). */
export type OperatorAction =
  | { action: 'claim' }
  | { action: 'message'; text: string }
  | { action: 'transfer'; to: string }
  | { action: 'release'; to: 'bot' | 'queue'; flow?: string }
  | { action: 'close' }

export type OperatorInput = {
  kind: 'operator'
  operator: string
  /** With `claim`: a supervisor taking over a conversation another operator owns (the host checks the role). */
  override?: boolean
} & OperatorAction

export type Input = (
  | {
      kind: 'text'
      text: string
      /** The channel got something that is not words (a sticker, a photo): said kindly. */
      unsupported?: true
      /** The message is a result code: the host looked it up (see engine/result.ts). */
      result?: ResultLookup
    }
  | { kind: 'choice'; id: string }
  | OperatorInput
) &
  InputBase

/** A screening as it is kept under a result code: no words of the user, no identity. */
export interface SavedScreening {
  region: string
  /** The date of the answers (YYYY-MM-DD, Asia/Shanghai). */
  asOf: string
  facts: Record<string, Value>
  unknownFacts: string[]
}

/** A result code the user sent, and what is kept under it (null: nothing, or a mistyped code). */
export interface ResultLookup {
  code: string
  screening: SavedScreening | null
}

/** What happened, for the record; the host stores them. */
export type EngineEvent =
  | { type: 'danger_detected'; urgency: 'emergency' | 'urgent'; rules: string[]; hurt: boolean }
  | { type: 'danger_unsure' }
  | { type: 'input_rejected'; node: string; count: number }
  | { type: 'session_expired' }
  | { type: 'flow_restarted'; flow: string; reason: 'version_changed' | 'node_missing' }
  | { type: 'command_used'; command: CommandId }
  | { type: 'content_error'; detail: string }
  /** An operator's action that the conversation's owner or mode did not allow. */
  | { type: 'operator_refused'; action: OperatorAction['action']; owner: string | null }
  | { type: 'operator_action'; action: OperatorAction['action']; operator: string }
  /** The user ended the talk with an operator (结束人工, 退出). */
  | { type: 'operator_left' }
  /** The message answered a private question (see AskBase.private). */
  | { type: 'private_answer' }

export interface StepResult {
  state: ConversationState
  replies: Reply[]
  effects: Effect[]
  events: EngineEvent[]
}
