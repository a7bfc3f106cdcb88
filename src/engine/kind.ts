/**
 * @module engine/kind
 * What a node kind declares, in its own file (src/engine/nodes/<kind>.ts): its zod schema (the
 * node's type is inferred from it), its handler, the texts it needs and what its nodes point to.
 * A kind is either a wait kind (it asks, then accepts or rejects an answer) or a step kind (it
 * runs at once and says where to go). src/engine/registry.ts lists the kinds; the content compiler
 * validates flows with their schemas and checks their texts and references.
 */
import type { z } from 'zod'
import type { StepContext } from './context.js'
import type { Reply, TextRef, Value, Vars } from './types.js'

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
  /** Vars the answer takes away (返回 puts them back too). */
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

/** Where a step kind sends the conversation. */
export type Transition =
  { to: 'node'; node: string | undefined } | { to: 'call'; flow: string } | { to: 'end' }

/**
 * Something a node points to, for the compiler to check: a node of its flow, a flow, a text, a
 * contact, or a var some node of its flow sets. `at` is the path under the node (for the line).
 */
export interface Ref {
  at: (string | number)[]
  to: 'node' | 'flow' | 'text' | 'contact' | 'var'
  id: string | undefined
}

/** The fields every question has (src/engine/nodes/fields.ts `ask`). */
export interface AskFields {
  kind: string
  text: TextRef
  retry?: TextRef
  var: string
  skipIfKnown?: boolean
  private?: boolean
  next?: string
}

interface KindBase<N> {
  schema: NodeSchema<N>
  /** The texts the kind itself uses, a wait kind's `retry` too (the compiler checks they exist). */
  texts: readonly TextRef[]
  /** What a node of this kind points to (the content compiler checks each). */
  refs(node: N): Ref[]
  /** The vars a node of this kind sets (a question: its `var`). */
  writes(node: N): string[]
}

export interface WaitKind<N extends AskFields> extends KindBase<N> {
  wait: true
  /** Answered by picking one of a few options: a long free text is then no answer at all. */
  picks: boolean
  /** The simpler wording after a wrong answer, when the node's own `retry` is not set. */
  retry: TextRef
  /** A wording for this answer instead of `retry` (the screening's question of the moment). */
  retryFor?(node: N, ctx: StepContext): TextRef
  prompt(node: N, ctx: StepContext): Reply
  accept(node: N, answer: Answer, ctx: StepContext): Accepted | undefined
}

export interface StepKind<N extends { kind: string }> extends KindBase<N> {
  wait: false
  run(node: N, ctx: StepContext): Transition
}

/** A reference to a text, a node or anything else, when the field is set. */
export function ref(to: Ref['to'], at: Ref['at'], id: string | undefined): Ref[] {
  return id === undefined ? [] : [{ at, to, id }]
}

/** What every question points to: its text, its retry text and the node after it. */
export function askRefs(node: AskFields): Ref[] {
  return [
    ...ref('text', ['text'], node.text),
    ...ref('text', ['retry'], node.retry),
    ...ref('node', ['next'], node.next),
  ]
}

/** The texts and nodes a list of choices points to. */
export function choiceRefs(
  choices: readonly { label: TextRef; next?: string | undefined }[],
  field = 'choices',
): Ref[] {
  return choices.flatMap((c, i) => [
    ...ref('text', [field, i, 'label'], c.label),
    ...ref('node', [field, i, 'next'], c.next),
  ])
}

/** A node kind's schema: a zod object whose `kind` tells it from the others. */
export type NodeSchema<N> = z.ZodType<N> & z.core.$ZodTypeDiscriminable

/** A wait kind: its schema and handler; it sets its `var` and points to what every question does. */
export function waitKind<N extends AskFields>(
  schema: NodeSchema<N>,
  def: Omit<WaitKind<N>, 'schema' | 'wait' | 'writes' | 'refs' | 'texts'> & {
    refs?: (node: N) => Ref[]
    texts?: readonly TextRef[]
  },
): WaitKind<N> {
  const { refs, texts = [], ...rest } = def
  return {
    ...rest,
    schema,
    wait: true,
    texts: [def.retry, ...texts],
    writes: (node) => [node.var],
    refs: (node) => [...askRefs(node), ...(refs?.(node) ?? [])],
  }
}

/** A step kind: its schema and handler. */
export function stepKind<N extends { kind: string }>(
  schema: NodeSchema<N>,
  def: Omit<StepKind<N>, 'schema' | 'wait' | 'writes' | 'texts'> & {
    writes?: (node: N) => string[]
    texts?: readonly TextRef[]
  },
): StepKind<N> {
  return { writes: () => [], texts: [], ...def, schema, wait: false }
}
