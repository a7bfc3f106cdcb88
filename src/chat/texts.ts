/**
 * @module chat/texts
 * A text of the content in the conversation's language (zh-Hans when a language lacks it), with
 * {name} filled from `params`. For the host's own replies (queue notices, case status).
 */
import type { CompiledContent, Lang } from '../engine/types.js'

export function hostText(
  content: CompiledContent,
  lang: Lang,
  key: string,
  params: Record<string, string | number> = {},
): string {
  const template = content.texts[lang][key] ?? content.texts['zh-Hans'][key] ?? ''
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}
