/** The real triage content, compiled once per test file, and the sources it came from. */
import { readSources, type Source } from '../../src/content/compile.js'
import { loadTriage } from '../../src/content/triage-load.js'
import type { TriageContent } from '../../src/triage/types.js'

let cached: TriageContent | undefined
let sources: Source[] | undefined

export function realSources(): Source[] {
  sources ??= readSources(process.cwd())
  return sources
}

export function triageContent(): TriageContent {
  if (!cached) {
    const { content, problems } = loadTriage(realSources())
    if (!content) throw new Error(`triage content problems: ${JSON.stringify(problems)}`)
    cached = content
  }
  return cached
}

/** The sources with one file's text replaced (for loader tests). */
export function withFile(path: string, edit: (text: string) => string): Source[] {
  return realSources().map((s) => (s.path === path ? { ...s, text: edit(s.text) } : s))
}
