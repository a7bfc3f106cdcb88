/** The real compiled content, compiled once per test file, and helpers to extend it for a test. */
import { compileContent, readSources } from '../../src/content/compile.js'
import { flowSchema } from '../../src/content/schema.js'
import type { CompiledContent, Flow } from '../../src/engine/types.js'

let cached: CompiledContent | undefined

export function realContent(): CompiledContent {
  if (!cached) {
    const { content, problems } = compileContent(readSources(process.cwd()))
    if (!content) throw new Error(`content problems: ${JSON.stringify(problems)}`)
    cached = content
  }
  return cached
}

/**
 * The real content with one more flow (validated like any other) and extra texts. The entry is a
 * wrapper that calls it, so its first question is a question like any other, not the menu (where
 * free text the bot cannot place gets the safety line).
 */
export function withFlow(flow: unknown, texts: Record<string, string> = {}): CompiledContent {
  const base = realContent()
  const parsed = flowSchema.parse(flow) as Flow
  const entry: Flow = {
    id: 'fixture_entry',
    version: 1,
    start: 'go',
    nodes: { go: { kind: 'call', flow: parsed.id } },
  }
  return {
    ...base,
    flows: { ...base.flows, [parsed.id]: parsed, [entry.id]: entry },
    texts: {
      'zh-Hans': { ...base.texts['zh-Hans'], ...texts },
      'zh-Hant': { ...base.texts['zh-Hant'], ...texts },
      en: { ...base.texts.en, ...texts },
    },
    entry: { ...base.entry, main: entry.id },
  }
}
