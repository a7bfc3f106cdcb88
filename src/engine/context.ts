/**
 * @module engine/context
 * The mutable scratchpad of one step: the state being built and what the step has said and asked
 * the host to do. Node handlers read and write it; nothing here touches the outside world.
 */
import type {
  Choice,
  CompiledContent,
  ConversationState,
  Effect,
  EngineEvent,
  Reply,
  TextRef,
  Vars,
} from './types.js'

export interface StepContext {
  content: CompiledContent
  state: ConversationState
  replies: Reply[]
  effects: Effect[]
  events: EngineEvent[]
  /** The time of this input, in ms since the epoch. */
  now: number
}

const PLACEHOLDER = /\{(\w+)\}/g
const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** Today's date (YYYY-MM-DD) in Asia/Shanghai (UTC+8, no daylight saving). */
export function today(ctx: StepContext): string {
  return new Date(ctx.now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** The text for a key in the conversation's language, with {var} filled from the vars. */
export function render(ctx: StepContext, ref: TextRef, vars: Vars = ctx.state.vars): string {
  const texts = ctx.content.texts[ctx.state.lang]
  const template = texts[ref] ?? ctx.content.texts['zh-Hans'][ref]
  if (template === undefined) {
    ctx.events.push({ type: 'content_error', detail: `missing text ${ref}` })
    return texts['fallback'] ?? ''
  }
  return template.replace(PLACEHOLDER, (_, name: string) => String(vars[name] ?? ''))
}

export function choice(ctx: StepContext, id: string, label: TextRef): Choice {
  return { id, label: render(ctx, label) }
}
