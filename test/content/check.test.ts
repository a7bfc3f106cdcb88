/** The content checker names the file and line of each problem, and passes the real content. */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { compileContent, readSources, type Source } from '../../src/content/compile.js'

const real = readSources(process.cwd())

function withFile(path: string, text: string): Source[] {
  return [...real.filter((s) => s.path !== path), { path, text }]
}

const BROKEN_FLOW = `id: broken
version: 1
start: ask
nodes:
  ask:
    kind: ask_choice
    text: no.such.text
    var: pick
    choices:
      - id: one
        label: main.policy
        next: nowhere
  go:
    kind: call
    flow: ghost
`

describe('content check', () => {
  it('the real content has no problems', () => {
    expect(compileContent(real).problems).toEqual([])
  })

  it('names file and line for a missing text, node and flow', () => {
    const { content, problems } = compileContent(withFile('flows/broken.yaml', BROKEN_FLOW))
    expect(content).toBeUndefined()
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: 'flows/broken.yaml',
          line: 7,
          message: 'text "no.such.text" is not in content/texts/',
        },
        { file: 'flows/broken.yaml', line: 12, message: 'no node "nowhere" in flow broken' },
        { file: 'flows/broken.yaml', line: 15, message: 'no flow "ghost"' },
      ]),
    )
  })

  it('checks the extractor words (content/extract.yaml) against the screening vocabulary', () => {
    const path = 'content/extract.yaml'
    const source = real.find((s) => s.path === path)!.text
    const broken = source
      .replace('  screen:\n', '  screening: [能领不]\n  screen:\n')
      .replace('  - fact: child_wandering\n', '  - fact: child_wanderin\n')
      .replace('    value: physical\n', '    value: wooden\n')
      .replace('words: [流浪]', 'words: [流浪, 流浪。]')
    const lineOf = (text: string): number => broken.split('\n').findIndex((l) => l.includes(text)) + 1
    const { problems } = compileContent(withFile(path, broken))
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: path, line: lineOf('screening:'), message: '"screening" is not a main-menu choice' },
        {
          file: path,
          line: lineOf('child_wanderin'),
          message: '"child_wanderin" is not a screening fact (src/policy/facts.ts)',
        },
        expect.objectContaining({ file: path, line: lineOf('value: wooden') }),
        {
          file: path,
          line: lineOf('流浪。'),
          message: '"流浪。" is not in matching form: write "流浪"',
        },
      ]),
    )
  })

  it('names file and line for a schema error and for broken YAML', () => {
    const badKind = compileContent(
      withFile('flows/bad.yaml', 'id: bad\nversion: 1\nstart: a\nnodes:\n  a:\n    kind: shout\n'),
    )
    expect(badKind.problems[0]).toMatchObject({ file: 'flows/bad.yaml', line: 6 })
    const badYaml = compileContent(withFile('content/regions.yaml', '- slug: x\n  code: [oops\n'))
    expect(badYaml.problems[0]).toMatchObject({ file: 'content/regions.yaml' })
  })

  it('npm run check exits 0 on the real content', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-content.ts'], {
      encoding: 'utf8',
    })
    expect(run.stdout).toContain('content ok')
    expect(run.status).toBe(0)
  })
})
