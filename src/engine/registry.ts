/**
 * @module engine/registry
 * Every node kind, listed once. Each kind is one file, src/engine/nodes/<kind>.ts (its schema,
 * handler, texts and references; see engine/kind.ts), with a fixture in
 * test/fixtures/nodes/<kind>.yaml (the suite fails without one). A question goes in `waits`, a
 * node that runs at once in `steps`; the key is the kind's name, as its schema's `kind` says.
 */
import type { z } from 'zod'
import type { StepKind, WaitKind } from './kind.js'
import { askAge } from './nodes/ask-age.js'
import { askChoice } from './nodes/ask-choice.js'
import { askDate } from './nodes/ask-date.js'
import { askNumber } from './nodes/ask-number.js'
import { askRegion } from './nodes/ask-region.js'
import { askText } from './nodes/ask-text.js'
import { askYesNo } from './nodes/ask-yes-no.js'
import { askScreen } from './nodes/ask-screen.js'
import { askHeard, hear } from './nodes/heard.js'
import { branch } from './nodes/branch.js'
import { browsePolicy } from './nodes/browse-policy.js'
import { call } from './nodes/call.js'
import { effect } from './nodes/effect.js'
import { end } from './nodes/end.js'
import { say } from './nodes/say.js'
import { screenSummary } from './nodes/screen-summary.js'
import { screenWhy } from './nodes/screen-why.js'
import { set } from './nodes/set.js'

/** Each kind under its own name: the key is the `kind` its schema accepts. */
type Named<T> = { [K in keyof T]: { schema: z.ZodType<{ kind: K }> } }

const waits = {
  ask_choice: askChoice,
  ask_text: askText,
  ask_number: askNumber,
  ask_age: askAge,
  ask_yes_no: askYesNo,
  ask_date: askDate,
  ask_region: askRegion,
  ask_screen: askScreen,
  ask_heard: askHeard,
  screen_why: screenWhy,
  browse_policy: browsePolicy,
}
waits satisfies Named<typeof waits>

const steps = {
  say,
  hear,
  screen_summary: screenSummary,
  branch,
  set,
  effect,
  call,
  end,
}
steps satisfies Named<typeof steps>

type NodeOf<T> = { [K in keyof T]: T[K] extends { schema: z.ZodType<infer N> } ? N : never }
type WaitNodes = NodeOf<typeof waits>
type StepNodes = NodeOf<typeof steps>

/** A node that asks and waits for the answer. */
export type AskNode = WaitNodes[keyof WaitNodes]
/** A node that runs at once. */
export type StepNode = StepNodes[keyof StepNodes]
export type FlowNode = AskNode | StepNode
export type NodeKind = FlowNode['kind']

export const waitKinds: { [K in keyof WaitNodes]: WaitKind<WaitNodes[K]> } = waits
export const stepKinds: { [K in keyof StepNodes]: StepKind<StepNodes[K]> } = steps
/** Every kind, for what is the same for all: schemas, texts, references. */
export const registry = { ...waitKinds, ...stepKinds }

/** Every kind's schema, for the flow schema (engine/flow.ts). */
export const nodeSchemas = [
  ...Object.values(waits).map((k) => k.schema),
  ...Object.values(steps).map((k) => k.schema),
]

/** The handler of a question's kind. */
export function waitKind<K extends keyof WaitNodes>(kind: K): WaitKind<WaitNodes[K]> {
  return waitKinds[kind]
}

/** The handler of a step node's kind. */
export function stepKind<K extends keyof StepNodes>(kind: K): StepKind<StepNodes[K]> {
  return stepKinds[kind]
}

export function isWait(node: FlowNode): node is AskNode {
  return Object.hasOwn(waitKinds, node.kind)
}
