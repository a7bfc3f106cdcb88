/**
 * @module channels/wechat/menu
 * The Official Account's custom menu from content (content/channels/wechat-menu.yaml): labels are
 * text keys, keys are the main menu's choice ids or a flow's id (紧急求助: `emergency`). Checked by
 * the content compiler (`npm run check`) against the flows, the texts and WeChat's limits (3
 * buttons of 16 bytes, 5 items of 60 bytes each); published by `npm run wechat:menu` as the body
 * of `cgi-bin/menu/create` (every item a `click` whose key comes back as a CLICK event).
 */
import { z } from 'zod'
import type { Flow } from '../../engine/types.js'
import { utf8Bytes } from './render.js'

export const MENU_FILE = 'content/channels/wechat-menu.yaml'

const item = z.strictObject({ label: z.string().min(1), key: z.string().min(1).max(128) })
export const wechatMenuSchema = z.strictObject({
  buttons: z
    .array(
      z.union([
        item,
        z.strictObject({ label: z.string().min(1), items: z.array(item).min(1).max(5) }),
      ]),
    )
    .min(1)
    .max(3),
})
export type WechatMenuFile = z.infer<typeof wechatMenuSchema>

type Click = { type: 'click'; name: string; key: string }
export interface WechatMenuBody {
  button: (Click | { name: string; sub_button: Click[] })[]
}

/** The menu as WeChat's API takes it, the labels in `texts`. */
export function wechatMenuBody(
  menu: WechatMenuFile,
  texts: Record<string, string>,
): WechatMenuBody {
  const click = (i: z.infer<typeof item>): Click => ({
    type: 'click',
    name: texts[i.label] ?? i.label,
    key: i.key,
  })
  return {
    button: menu.buttons.map((b) =>
      'items' in b ? { name: texts[b.label] ?? b.label, sub_button: b.items.map(click) } : click(b),
    ),
  }
}

/** What is wrong with the menu: unknown texts or keys, labels over WeChat's byte limits. */
export function wechatMenuProblems(
  menu: WechatMenuFile,
  content: { texts: Record<string, string>; flows: Record<string, Flow>; main: string },
): { path: (string | number)[]; message: string }[] {
  const main = content.flows[content.main]
  const start = main?.nodes[main.start]
  const choices = new Set(start?.kind === 'ask_choice' ? start.choices.map((c) => c.id) : [])
  const problems: { path: (string | number)[]; message: string }[] = []
  const label = (path: (string | number)[], key: string, max: number): void => {
    const text = content.texts[key]
    if (text === undefined)
      problems.push({ path, message: `text "${key}" is not in content/texts/` })
    else if (utf8Bytes(text) > max)
      problems.push({ path, message: `"${text}" is over WeChat's ${max} bytes` })
  }
  const key = (path: (string | number)[], k: string): void => {
    if (!choices.has(k) && !content.flows[k])
      problems.push({ path, message: `key "${k}" is neither a main menu choice nor a flow` })
  }
  menu.buttons.forEach((b, i) => {
    label(['buttons', i, 'label'], b.label, 16)
    if ('items' in b)
      b.items.forEach((it, j) => {
        label(['buttons', i, 'items', j, 'label'], it.label, 60)
        key(['buttons', i, 'items', j, 'key'], it.key)
      })
    else key(['buttons', i, 'key'], b.key)
  })
  return problems
}
