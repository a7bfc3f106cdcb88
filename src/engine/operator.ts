/**
 * @module engine/operator
 * A hotline operator's actions are turns of the conversation, like a user's messages: the same
 * commit, the same turn number, so the stored state and the state cache stay right. Here is what
 * each action does to the state and what the user is told; who may do it (roles) is the host's
 * check, and here only the conversation's own rule: one owner at a time.
 */
import { render, type StepContext } from './context.js'
import type { OperatorInput } from './types.js'

/**
 * Carries out an operator's action. `enter` starts a flow (at the menu, or the one chosen on
 * release); the step module passes it in so that this module does not import the interpreter.
 */
export function operatorTurn(
  ctx: StepContext,
  input: OperatorInput,
  enter: (flow: string) => void,
): void {
  const { state } = ctx
  const owner = state.owner ?? null
  // Claiming a conversation no one owns (or taking it over: `override`, a supervisor's explicit
  // request); everything else only by its owner.
  const allowed =
    input.action === 'claim'
      ? owner === null || owner === input.operator || input.override === true
      : state.mode === 'operator' && owner === input.operator
  if (!allowed) {
    ctx.events.push({ type: 'operator_refused', action: input.action, owner })
    return
  }
  ctx.events.push({ type: 'operator_action', action: input.action, operator: input.operator })
  switch (input.action) {
    case 'claim': {
      if (owner === input.operator && state.mode === 'operator') return // already theirs
      ctx.effects.push({ type: 'claim_handoff', operator: input.operator })
      state.mode = 'operator'
      state.owner = input.operator
      state.at = null
      state.stack = []
      state.invalid = 0
      state.resuming = false
      ctx.replies.push({ text: render(ctx, 'handoff.claimed') })
      return
    }
    case 'message':
      ctx.replies.push({ text: input.text, from: 'operator' })
      return
    case 'transfer':
      ctx.effects.push({ type: 'transfer_handoff', to: input.to })
      state.owner = input.to
      ctx.replies.push({ text: render(ctx, 'handoff.transferred') })
      return
    case 'release':
      if (input.to === 'queue') {
        ctx.effects.push({ type: 'requeue_handoff' })
        state.mode = 'queued'
        state.owner = null
        ctx.replies.push({ text: render(ctx, 'handoff.requeued') })
        return
      }
      ctx.effects.push({ type: 'close_handoff', by: 'operator' })
      state.mode = 'bot'
      state.owner = null
      ctx.replies.push({ text: render(ctx, 'handoff.released') })
      enter(input.flow ?? ctx.content.entry.main)
      return
    case 'close':
      ctx.effects.push({ type: 'close_handoff', by: 'operator' })
      state.mode = 'bot'
      state.owner = null
      ctx.replies.push({ text: render(ctx, 'handoff.closed') })
      enter(ctx.content.entry.main)
      return
  }
}
