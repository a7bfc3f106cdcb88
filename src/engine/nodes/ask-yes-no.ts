/**
 * @module engine/nodes/ask-yes-no
 * 是 / 不是 (and 不清楚 where the node allows it, stored as null: an answer, not a gap).
 */
import { choice, render } from '../context.js'
import type { WaitKind } from '../registry.js'
import type { AskYesNoNode } from '../types.js'
import { parseYesNo } from '../../text/yes-no.js'

const BUTTONS = { yes: 'choice.yes', no: 'choice.no', unknown: 'choice.unknown' } as const

export const askYesNo: WaitKind<AskYesNoNode> = {
  wait: true,
  picks: true,
  prompt(node, ctx) {
    const ids = node.allowUnknown ? (['yes', 'no', 'unknown'] as const) : (['yes', 'no'] as const)
    return { text: render(ctx, node.text), choices: ids.map((id) => choice(ctx, id, BUTTONS[id])) }
  },
  accept(node, answer, ctx) {
    const positions = ['yes', 'no', 'unknown']
    const byNumber = /^[1-3]$/.test(answer.text) ? positions[Number(answer.text) - 1] : undefined
    const said = answer.choice ?? byNumber ?? parseYesNo(answer.text, ctx.content.yesNo)
    if (said === 'yes') return { value: true }
    if (said === 'no') return { value: false }
    if (said === 'unknown' && node.allowUnknown) return { value: null }
    return undefined
  },
}
