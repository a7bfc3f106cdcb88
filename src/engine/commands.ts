/**
 * @module engine/commands
 * The words that work in every state: 菜单 / 返回 / 人工 / 重新开始 / 退出 (with their zh-Hant and
 * English forms, from content), or a button whose id is `cmd:<command>`.
 */
import type { CommandId, CompiledContent } from './types.js'
import type { Answer } from './registry.js'

export const COMMAND_PREFIX = 'cmd:'
const IDS: readonly CommandId[] = ['menu', 'back', 'human', 'restart', 'exit']

export function matchCommand(content: CompiledContent, answer: Answer): CommandId | undefined {
  if (answer.choice?.startsWith(COMMAND_PREFIX)) {
    const id = answer.choice.slice(COMMAND_PREFIX.length)
    return IDS.find((c) => c === id)
  }
  if (answer.choice !== undefined) return undefined
  const text = answer.text.replace(/\s+/g, '')
  return IDS.find((id) => content.commands[id].includes(text))
}
