/**
 * @module test/policy/support
 * The real policy bundle, compiled once per test file from content/, and small helpers.
 */
import { readSources, type Source } from '../../src/content/compile.js'
import { loadPolicy } from '../../src/content/policy-load.js'
import type { ParameterEntry, PolicyBundle } from '../../src/policy/types.js'

let cached: PolicyBundle | undefined
let sources: Source[] | undefined

export function realSources(): Source[] {
  sources ??= readSources(process.cwd())
  return sources
}

export function realBundle(): PolicyBundle {
  if (!cached) {
    const { bundle, problems } = loadPolicy(realSources())
    if (!bundle) throw new Error(`policy content problems: ${JSON.stringify(problems, null, 2)}`)
    cached = bundle
  }
  return cached
}

/** A copy of the bundle with parameter figures filled in, as a deployer would. */
export function withParameters(
  region: string,
  figures: Record<string, ParameterEntry[]>,
): PolicyBundle {
  const copy = structuredClone(realBundle())
  for (const [id, series] of Object.entries(figures)) {
    const param = copy.regions[region]!.parameters[id]
    if (!param) throw new Error(`no parameter ${id} in ${region}`)
    param.series = series
  }
  return copy
}
