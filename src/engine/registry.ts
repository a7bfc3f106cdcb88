/**
 * @module engine/registry
 * Every node kind and its handler. A kind is either a wait kind (it asks, then accepts or rejects
 * an answer) or a step kind (it runs at once and says where to go). Adding a kind means adding
 * it here and a fixture in test/fixtures/nodes/<kind>.yaml; the suite fails otherwise.
 */
import type { StepContext } from './context.js'
import type { AskNode, FlowNode, NodeKind, Reply, TextRef, Value, Vars } from './types.js'
import { askAge } from './nodes/ask-age.js'
import { askChoice } from './nodes/ask-choice.js'
import { askDate } from './nodes/ask-date.js'
import { askNumber } from './nodes/ask-number.js'
import { askRegion } from './nodes/ask-region.js'
import { askText } from './nodes/ask-text.js'
import { askYesNo } from './nodes/ask-yes-no.js'
import { askScreen } from './nodes/ask-screen.js'
import { branch } from './nodes/branch.js'
import { browsePolicy } from './nodes/browse-policy.js'
import { call } from './nodes/call.js'
import { effect } from './nodes/effect.js'
import { end } from './nodes/end.js'
import { say } from './nodes/say.js'
import { screenSummary } from './nodes/screen-summary.js'
import { screenWhy } from './nodes/screen-why.js'
import { set } from './nodes/set.js'

/** The user's input as a wait node sees it. */
export interface Answer {
  /** Normalised text (simplified, half-width, trimmed); empty for a button press. */
  text: string
  /** The raw text, for free-text answers that keep the user's own words. */
  raw: string
  /** The id of a pressed button, if any. */
  choice?: string
}

/** An answer taken: stored in the node's var (and `set`), then on to `next`. */
export interface Answered {
  value: Value
  next?: string
  /** More vars the answer sets (返回 puts them back as they were). */
  set?: Vars
  /** Vars the answer removes (返回 puts them back too). */
  unset?: string[]
  /** What to say before the next question (a screening result decided by this answer). */
  say?: Reply[]
  aside?: undefined
}

/**
 * Not an answer but a side question (为什么, a measure explained): `say` it and ask the same
 * question again; nothing is stored and 返回 does not stop here.
 */
export interface Aside {
  aside: true
  say: Reply[]
}

export type Accepted = Answered | Aside

export interface WaitKind<N extends AskNode> {
  wait: true
  /** Answered by picking one of a few options: a long free text is then no answer at all. */
  picks: boolean
  prompt(node: N, ctx: StepContext): Reply
  accept(node: N, answer: Answer, ctx: StepContext): Accepted | undefined
  /** The simpler wording after a wrong answer, when the node's own `retry` is not set. */
  retry?(node: N, ctx: StepContext): TextRef
  /** The texts the kind itself uses (the content compiler checks they exist). */
  texts?: readonly TextRef[]
}

/** Where a step kind sends the conversation. */
export type Transition =
  { to: 'node'; node: string | undefined } | { to: 'call'; flow: string } | { to: 'end' }

export interface StepKind<N extends FlowNode> {
  wait: false
  run(node: N, ctx: StepContext): Transition
  /** The texts the kind itself uses (the content compiler checks they exist). */
  texts?: readonly TextRef[]
}

type Handler<K extends NodeKind> =
  Extract<FlowNode, { kind: K }> extends infer N
    ? N extends AskNode
      ? WaitKind<N>
      : N extends FlowNode
        ? StepKind<N>
        : never
    : never

export const registry: { [K in NodeKind]: Handler<K> } = {
  say,
  ask_choice: askChoice,
  ask_text: askText,
  ask_number: askNumber,
  ask_age: askAge,
  ask_yes_no: askYesNo,
  ask_date: askDate,
  ask_region: askRegion,
  ask_screen: askScreen,
  screen_why: screenWhy,
  browse_policy: browsePolicy,
  screen_summary: screenSummary,
  branch,
  set,
  effect,
  call,
  end,
}

export function isWait(node: FlowNode): node is AskNode {
  return registry[node.kind].wait
}
