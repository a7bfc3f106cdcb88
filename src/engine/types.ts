/**
 * @module engine/types
 * The data the flow engine reads (compiled content) and writes (state, replies, effects, events).
 * Everything here is plain JSON so it can be stored, compared in goldens and sent over the wire.
 */

import type { ConsoleContent } from '../console/content.js'
import type { PolicyBundle } from '../policy/types.js'
import type { ExtractLexicon } from '../text/extract.js'
import type { YesNoWords } from '../text/yes-no.js'
import type { TriageContent } from '../triage/types.js'

export type Lang = 'zh-Hans' | 'zh-Hant' | 'en'
export type Value = string | number | boolean | null
export type Vars = Record<string, Value>

/** A text key in content/texts/<lang>.yaml. */
export type TextRef = string

export interface ChoiceDef {
  id: string
  label: TextRef
  /** Extra words that pick this choice (normalised, simplified). */
  synonyms?: string[]
  /** Where this choice leads; defaults to the node's `next`. */
  next?: string
  /** The value stored in the node's var; defaults to the choice id. */
  value?: Value
}

export type Condition =
  | { var: string; eq: Value }
  | { var: string; in: Value[] }
  | { var: string; gte?: number; lt?: number }
  | { var: string; present: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }

/** How soon a person must look: the operators' queue is ordered by it, then by waiting time. */
export type QueueUrgency = 'emergency' | 'urgent' | 'standard'

export type EffectSpec =
  | { type: 'queue_handoff'; reason: string; urgency?: QueueUrgency }
  /** Open a case from the report variables (see ReportDraft); the reply may show {case.number}. */
  | { type: 'open_case' }
  /** Look up a case from `case_number` and `case_pin`; the reply may show {case.status}. */
  | { type: 'check_case' }
  /** Erase the conversation's messages, notes and state (a case it filed stays). */
  | { type: 'erase_conversation' }

interface NodeBase {
  /** Where to go next; absent on an ask node means "end of flow". */
  next?: string
}
export interface SayNode extends NodeBase {
  kind: 'say'
  text: TextRef
  contacts?: string[]
  urgent?: boolean
}
interface AskBase extends NodeBase {
  text: TextRef
  /** A simpler wording used after an invalid answer. */
  retry?: TextRef
  var: string
  /** Not asked when `var` already holds a value (the user's first message said it). */
  skipIfKnown?: boolean
  /**
   * The answer is private (a reporter's contact, a PIN): operators do not see it in the
   * transcript (event `private_answer`).
   */
  private?: boolean
}
export interface AskChoiceNode extends AskBase {
  kind: 'ask_choice'
  choices: ChoiceDef[]
  /** Where any answer that picks no choice goes (so that no answer is turned away); var = 'other'. */
  otherwise?: string
}
export interface AskTextNode extends AskBase {
  kind: 'ask_text'
  maxLength?: number
}
export interface AskNumberNode extends AskBase {
  kind: 'ask_number'
  min?: number
  max?: number
}
export interface AskAgeNode extends AskBase {
  kind: 'ask_age'
  /** Accept 不清楚 / 不想说 as an answer (stored as null). */
  allowUnknown?: boolean
}
export interface AskYesNoNode extends AskBase {
  kind: 'ask_yes_no'
  /** Accept 不清楚 / 不知道 as an answer (stored as null). */
  allowUnknown?: boolean
}
export interface AskDateNode extends AskBase {
  kind: 'ask_date'
}
export interface AskRegionNode extends AskBase {
  kind: 'ask_region'
}
/**
 * Screening questions one at a time, each chosen by src/policy as the most useful still open for
 * the region in `region`. Answers are kept in vars `<var>.<fact>` (null = 不清楚); when nothing
 * left would change an answer, on to `next`. `text` is the progress line (第{n}题，约还有{m}题).
 */
export interface AskScreenNode extends AskBase {
  kind: 'ask_screen'
  /**
   * Results first: at most this many questions, then on to `next` (the result); with the var
   * `screen_more` set (the family asked for more questions), until nothing more would change.
   */
  ask?: number
}
/**
 * Reads the words the family said at the menu (vars `story`, `heard`) for screening facts and
 * seeds vars `<facts>.<fact>` and `region` with them (src/engine/nodes/heard.ts).
 */
export interface HearNode extends NodeBase {
  kind: 'hear'
  facts: string
}
/** Says back what `hear` understood and asks whether it is right; a correction is applied. */
export interface AskHeardNode extends AskBase {
  kind: 'ask_heard'
  facts: string
}
/** The result of a screening whose answers are in vars `<facts>.<fact>`: a card per likely measure. */
export interface ScreenSummaryNode extends NodeBase {
  kind: 'screen_summary'
  facts: string
}
/**
 * 为什么: the results of a screening as a numbered list (likely ones first, the rest one tap
 * away); picking one shows its cited reasons. `choices` follow the list (again, 人工, 菜单).
 */
export interface ScreenWhyNode extends AskBase {
  kind: 'screen_why'
  facts: string
  choices: ChoiceDef[]
  /**
   * A choice to answer a few more questions (`label`, typed as any of `synonyms`), shown while one
   * could still settle a result: on from `next` (the question loop) with no limit on the
   * questions, and once none is left unasked, the answers 不清楚 asked again.
   */
  more?: { label: TextRef; synonyms?: string[]; next: string }
}
/** What the region in `region` offers, by category; picking a measure explains it with its clause. */
export interface BrowsePolicyNode extends AskBase {
  kind: 'browse_policy'
  choices: ChoiceDef[]
}
export interface BranchNode {
  kind: 'branch'
  cases: { when: Condition; next: string }[]
  else: string
}
export interface SetNode extends NodeBase {
  kind: 'set'
  values?: Vars
  /** Vars to remove first, each with every var under it (`screen` clears `screen.child_age`). */
  clear?: string[]
  /** Target ← source: copied when the source holds a value and the target does not yet. */
  copy?: Record<string, string>
}
export interface EffectNode extends NodeBase {
  kind: 'effect'
  effect: EffectSpec
  /** A message shown after the effect is requested. */
  text?: TextRef
  /** The conversation mode after the effect. */
  mode?: Mode
}
export interface CallNode extends NodeBase {
  kind: 'call'
  flow: string
}
export interface EndNode {
  kind: 'end'
  text?: TextRef
}

export type AskNode =
  | AskChoiceNode
  | AskTextNode
  | AskNumberNode
  | AskAgeNode
  | AskYesNoNode
  | AskDateNode
  | AskRegionNode
  | AskScreenNode
  | AskHeardNode
  | ScreenWhyNode
  | BrowsePolicyNode
export type FlowNode =
  | SayNode
  | AskNode
  | BranchNode
  | SetNode
  | EffectNode
  | CallNode
  | EndNode
  | ScreenSummaryNode
  | HearNode
export type NodeKind = FlowNode['kind']

export interface Flow {
  id: string
  version: number
  start: string
  /**
   * How a danger hit behaves here: `interrupt` (default) jumps to the danger flow and comes
   * back; `inline` puts the 110 reply first and lets this flow go on (the report flow).
   */
  danger?: 'interrupt' | 'inline'
  /** A line under every question of the flow (the report flow's reminder of 110). */
  footer?: TextRef
  nodes: Record<string, FlowNode>
}

export interface Contact {
  id: string
  name: string
  phone?: string
  description: string
}

export interface Region {
  slug: string
  code: string
  name: string
  names: string[]
}

export type CommandId = 'menu' | 'back' | 'human' | 'restart' | 'exit' | 'erase'

export interface CompiledContent {
  flows: Record<string, Flow>
  texts: Record<Lang, Record<TextRef, string>>
  commands: Record<CommandId, string[]>
  /** The words for yes, no and 不清楚 (content/answers.yaml). */
  yesNo: YesNoWords
  /** Flow ids the engine itself uses. */
  entry: {
    main: string
    danger: string
    human: string
    /** Where a message about suicide or self-harm goes (a warm reply, not a questionnaire). */
    support: string
    /** Where a message the bot cannot place goes: is a child in danger now? */
    check: string
    /** 删除我的记录: the confirmation before a conversation is erased. */
    erase: string
    /** Where a kept result reopens (its answers in vars, see engine/result.ts). */
    result: string
  }
  /** Danger detection, routing and reporting duties (content/triage/). */
  triage: TriageContent
  /** The words that read a family's story: intents and screening facts (content/extract.yaml). */
  extract: ExtractLexicon
  /** The entitlements of each region as rules, with citations (content/policies/). */
  policy: PolicyBundle
  /** The same bundle with what a family reads in Traditional characters (quotes stay verbatim). */
  policyHant: PolicyBundle
  contacts: Record<string, Contact>
  regions: Region[]
  /** Traditional → simplified, character by character (from opencc-js at build time). */
  t2s: Record<string, string>
  /** Characters whose traditional form differs: seeing one means the user writes simplified. */
  simplifiedOnly: Record<string, 1>
  settings: {
    idleHours: number
    maxInvalid: number
    maxTextLength: number
    /** Conversations silent this long are deleted (src/store/retention.ts). */
    retentionDays: number
  }
  /** Requests per client (content/settings.yaml `limits`), enforced by src/http/rate-limit.ts. */
  limits: Record<
    | 'chatPerUser'
    | 'chatPerAddress'
    | 'usersPerAddress'
    | 'reportsPerAddress'
    | 'resultsPerAddress',
    { max: number; perSeconds: number }
  >
  /** Every contact's name and description in Traditional characters, by its simplified form. */
  contactsHant: Record<string, string>
  /** The operators' side: service hours, canned replies, the console's words. */
  console: ConsoleContent
}

export type Mode = 'bot' | 'queued' | 'operator'

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

/** What a reporter told the report flow; null where they did not know or did not say. */
export interface ReportDraft {
  inDanger: boolean | null
  what: string
  /** Approximate age in years. */
  age: number | null
  /** Region slug, or `national` for anywhere else. */
  region: string | null
  /** District, town or village in the reporter's words. */
  place: string | null
  happeningNow: boolean | null
  hurt: boolean | null
  /** A triage role id (content/triage/roles.yaml), or another relation (parent, relative…). */
  reporterRole: string | null
  anonymous: boolean
}

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
  | { type: 'open_case'; report: ReportDraft; contact: string | null }
  | { type: 'check_case'; caseNumber: string; pin: string }
  | { type: 'erase_conversation' }
  /**
   * Keep this screening under a new result code; the replies may show {result.code} (and a link
   * to {result.href}). `lang` is the script its printable page is in.
   */
  | { type: 'save_result'; screening: SavedScreening; lang: Lang }

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
