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

/** The real content with one more flow (validated like any other) as the entry, and extra texts. */
export function withFlow(flow: unknown, texts: Record<string, string> = {}): CompiledContent {
  const base = realContent()
  const parsed = flowSchema.parse(flow) as Flow
  return {
    ...base,
    flows: { ...base.flows, [parsed.id]: parsed },
    texts: {
      'zh-Hans': { ...base.texts['zh-Hans'], ...texts },
      'zh-Hant': { ...base.texts['zh-Hant'], ...texts },
    },
    entry: { ...base.entry, main: parsed.id },
  }
}
