/**
 * @module channels/web/page-texts
 * The keys of every text the web page shows (content/texts/page.yaml). The page itself writes no
 * words: a test checks that each key exists and that the page's source holds no Chinese.
 */
import type { CompiledContent, Lang } from '../../engine/types.js'

/** Every text key the page uses, in the order of content/texts/page.yaml. */
export const PAGE_TEXT_KEYS = [
  'page.title',
  'page.brand',
  'page.tagline',
  'page.quick_exit',
  'page.quick_exit_hint',
  'page.emergency',
  'page.emergency_call',
  'page.log_label',
  'page.bot_says',
  'page.operator_says',
  'page.you_say',
  'page.urgent',
  'page.choices_label',
  'page.contacts_label',
  'page.call_hint',
  'page.input_label',
  'page.input_placeholder',
  'page.send',
  'page.waiting',
  'page.sent',
  'page.counter',
  'page.status_queued',
  'page.status_operator',
  'page.still_waiting',
  'page.error_network',
  'page.error_busy',
  'page.error_too_long',
  'page.error_invalid',
  'page.error_danger',
  'page.retry',
  'page.noscript',
  'page.withheld',
] as const

/** One of the page's text keys. */
export type PageTextKey = (typeof PAGE_TEXT_KEYS)[number]

/**
 * The page's texts in `lang` (simplified Chinese by default). A missing key shows as the key
 * itself, so the service still starts; the e2e suite fails on it before it ships.
 */
export function pageTexts(
  content: CompiledContent,
  lang: Lang = 'zh-Hans',
): Record<PageTextKey, string> {
  const texts = content.texts[lang]
  const out = {} as Record<PageTextKey, string>
  for (const key of PAGE_TEXT_KEYS) out[key] = texts[key] ?? key
  return out
}
