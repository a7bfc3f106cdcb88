/**
 * @module channels/web/page
 * The web chat page at `/`. Placeholder: see the page issue work.
 */
import type { CompiledContent } from '../../engine/types.js'

export function webPage(content: CompiledContent): string {
  const t = content.texts['zh-Hans']
  return `<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>${t['page.title'] ?? '童护'}</title><body></body></html>`
}
