/**
 * @module engine/commands
 * The words that work in every state: 菜单 / 返回 / 人工 / 重新开始 / 退出 / 删除我的记录 (with their zh-Hant and
 * English forms, from content), or a button whose id is `cmd:<command>`. A button whose id is
 * `menu:<choice>` (a channel's own menu: LINE's rich menu, WeChat's custom menu) is 菜单 followed by
 * that choice of the main menu, from wherever the user is.
 */
import type { CommandId, CompiledContent } from './types.js'
import type { Answer } from './kind.js'

export const COMMAND_PREFIX = 'cmd:'
export const MENU_PREFIX = 'menu:'
const IDS: readonly CommandId[] = ['menu', 'back', 'human', 'restart', 'exit', 'erase']

export function matchCommand(content: CompiledContent, answer: Answer): CommandId | undefined {
  if (menuPick(answer) !== undefined) return 'menu'
  if (answer.choice?.startsWith(COMMAND_PREFIX)) {
    const id = answer.choice.slice(COMMAND_PREFIX.length)
    return IDS.find((c) => c === id)
  }
  if (answer.choice !== undefined) return undefined
  return wordsOf(content).get(squash(answer.text))
}

/** A command's words are matched without spaces and case ("Start over" is "startover"). */
const squash = (text: string): string => text.replace(/\s+/g, '').toLowerCase()
const WORDS = new WeakMap<CompiledContent, Map<string, CommandId>>()

function wordsOf(content: CompiledContent): Map<string, CommandId> {
  let words = WORDS.get(content)
  if (!words) {
    words = new Map()
    for (const id of IDS)
      for (const w of content.commands[id]) if (!words.has(squash(w))) words.set(squash(w), id)
    WORDS.set(content, words)
  }
  return words
}

/** The main menu's choice a `menu:<choice>` button picks. */
export function menuPick(answer: Answer): string | undefined {
  return answer.choice?.startsWith(MENU_PREFIX)
    ? answer.choice.slice(MENU_PREFIX.length)
    : undefined
}
