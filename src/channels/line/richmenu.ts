/**
 * @module channels/line/richmenu
 * LINE's rich menu, the row of big buttons under the chat that stays whatever the bot says, made
 * from content/channels/line-richmenu.yaml: each cell a call (a contact's `tel:`), a choice of the
 * main menu from wherever the user is (a `menu:<choice>` postback, src/engine/commands.ts), or a
 * command (`cmd:<command>`). `buildRichMenu` checks the file against the content and gives the
 * menu object for LINE's API and the words for the image; `richMenuHtml` is the page the image is
 * rendered from (scripts/line-richmenu.ts).
 */
import { z } from 'zod'
import { COMMAND_PREFIX, MENU_PREFIX } from '../../engine/commands.js'
import type { CompiledContent, Lang } from '../../engine/types.js'
import { escapeHtml } from '../../http/html.js'
import { LINE_CAPABILITIES } from './render.js'

const id = z.string().regex(/^[a-z][a-z0-9_]*$/)
export const richMenuSchema = z.strictObject({
  lang: z.enum(['zh-Hans', 'zh-Hant', 'en']),
  chatBar: z.string().min(1),
  columns: z.number().int().min(1).max(3),
  cells: z
    .array(
      z.union([
        z.strictObject({ call: id, label: z.string().min(1) }),
        z.strictObject({ choice: id }),
        z.strictObject({ command: z.enum(['menu', 'back', 'human', 'restart', 'exit']) }),
      ]),
    )
    .min(1)
    .max(6),
})
export type RichMenuSpec = z.infer<typeof richMenuSchema>

/** LINE's full-width menu: 2500 pixels wide, 843 a row (two rows at most here). */
const WIDTH = 2500
const ROW = 843
/** The contact (content/contacts/) the menu must always hold: the police line. */
const POLICE = 'police'
/** LINE: the chat bar's text has at most 14 characters. */
const CHAT_BAR = 14

type Action =
  | { type: 'uri'; label: string; uri: string }
  | { type: 'postback'; label: string; data: string; displayText: string }

/** The request body of LINE's "create rich menu". */
export interface RichMenuRequest {
  size: { width: number; height: number }
  selected: boolean
  name: string
  chatBarText: string
  areas: { bounds: { x: number; y: number; width: number; height: number }; action: Action }[]
}

/** What one cell of the image says: a big title, a smaller line under it, red for a call. */
export interface RichMenuCell {
  title: string
  subtitle: string
  call: boolean
}

export interface BuiltRichMenu {
  lang: Lang
  request: RichMenuRequest
  cells: RichMenuCell[]
  columns: number
}

const cut = (text: string, max: number): string => [...text].slice(0, max).join('')

/** The menu for LINE and the words of its image, or what in the file does not hold. */
export function buildRichMenu(
  content: CompiledContent,
  spec: RichMenuSpec,
): { menu?: BuiltRichMenu; problems: string[] } {
  const problems: string[] = []
  const texts = content.texts[spec.lang]
  const text = (key: string): string => {
    const t = texts[key]
    if (t === undefined) problems.push(`no text "${key}"`)
    return t ?? ''
  }
  const main = content.flows[content.entry.main]?.nodes[content.flows[content.entry.main]!.start]
  const menuChoices = main && 'choices' in main ? (main.choices ?? []) : []
  const label = (t: string): string => cut(t, LINE_CAPABILITIES.maxLabel)

  const cells: RichMenuCell[] = []
  const actions: Action[] = []
  /** A cell that sends the engine a choice id, the words shown as what the user said. */
  const press = (words: string, data: string): void => {
    cells.push({ title: words, subtitle: '', call: false })
    actions.push({ type: 'postback', label: label(words), data, displayText: words })
  }
  for (const cell of spec.cells) {
    if ('call' in cell) {
      const contact = content.contacts[cell.call]
      if (!contact?.phone) {
        problems.push(`no contact "${cell.call}" with a phone number`)
        continue
      }
      const words = text(cell.label)
      cells.push({ title: contact.phone, subtitle: words, call: true })
      actions.push({
        type: 'uri',
        label: label(`${contact.phone} ${words}`),
        uri: `tel:${contact.phone}`,
      })
    } else if ('choice' in cell) {
      const choice = menuChoices.find((c) => c.id === cell.choice)
      if (!choice) {
        problems.push(`no choice "${cell.choice}" in the main menu`)
        continue
      }
      press(text(choice.label), MENU_PREFIX + choice.id)
    } else press(text(`command.${cell.command}`), COMMAND_PREFIX + cell.command)
  }
  if (!spec.cells.some((c) => 'call' in c && c.call === POLICE))
    problems.push('the menu must hold the police number (call: police)')
  const chatBar = text(spec.chatBar)
  if ([...chatBar].length > CHAT_BAR)
    problems.push(`the chat bar's text "${chatBar}" is longer than ${CHAT_BAR} characters`)
  if (problems.length > 0) return { problems }

  const rows = Math.ceil(cells.length / spec.columns)
  const width = Math.floor(WIDTH / spec.columns)
  const request: RichMenuRequest = {
    size: { width: WIDTH, height: ROW * rows },
    selected: true,
    name: `tonghu-${spec.lang}`,
    chatBarText: chatBar,
    areas: actions.map((action, i) => {
      const column = i % spec.columns
      return {
        bounds: {
          x: column * width,
          y: Math.floor(i / spec.columns) * ROW,
          // The last column takes what division left over.
          width: column === spec.columns - 1 ? WIDTH - column * width : width,
          height: ROW,
        },
        action,
      }
    }),
  }
  return { menu: { lang: spec.lang, request, cells, columns: spec.columns }, problems }
}

/** The image as a page of the menu's exact size: a cell per area, calls in red. */
export function richMenuHtml(menu: BuiltRichMenu, tapToCall: string): string {
  const { width, height } = menu.request.size
  const cells = menu.cells
    .map(
      (c) =>
        `<div class="cell${c.call ? ' call' : ''}"><b>${escapeHtml(c.title)}</b>` +
        `<span>${escapeHtml(c.call ? `${c.subtitle} · ${tapToCall}` : c.subtitle)}</span></div>`,
    )
    .join('')
  return `<!doctype html><meta charset="utf-8"><style>
html,body{margin:0;width:${width}px;height:${height}px;overflow:hidden}
body{display:grid;grid-template-columns:repeat(${menu.columns},1fr);grid-auto-rows:${height / Math.ceil(menu.cells.length / menu.columns)}px;
font-family:"Noto Sans CJK SC","Noto Sans CJK TC","Noto Serif CJK SC",sans-serif;background:#fff}
.cell{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:40px;
border:6px solid #fff;background:#e8f0f7;color:#12324f;text-align:center;padding:40px;box-sizing:border-box}
.cell b{font-size:150px;line-height:1.1}
.cell span{font-size:72px}
.cell.call{background:#c62828;color:#fff}
.cell.call b{font-size:260px}
</style>${cells}`
}
