/**
 * The report flow declares which of its vars fills each field of a report (flows/report.yaml,
 * effect `open_case`); the content check refuses a var no node of the flow sets, a field a report
 * does not have, and a field left out, with the file and line.
 */
import { describe, expect, it } from 'vitest'
import { compileContent, readSources, type Source } from '../../src/content/compile.js'

const real = readSources(process.cwd())
const PATH = 'flows/report.yaml'
const report = real.find((s) => s.path === PATH)!.text

function problemsWith(text: string): { line: number; message: string }[] {
  const sources: Source[] = [...real.filter((s) => s.path !== PATH), { path: PATH, text }]
  return compileContent(sources).problems.map(({ line, message }) => ({ line, message }))
}

const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1

describe('the report flow’s mapping of vars to report fields', () => {
  it('names a var that no node of the flow sets', () => {
    const broken = report.replace('        age: child_age\n', '        age: child_years\n')
    expect(problemsWith(broken)).toEqual([
      {
        line: lineOf(broken, 'age: child_years'),
        message: 'no node of flow report sets the var "child_years"',
      },
    ])
  })

  it('refuses a field a report does not have, and one left out', () => {
    const broken = report.replace('        hurt: hurt\n', '        injured: hurt\n')
    const line = lineOf(broken, 'inDanger: in_danger') // the mapping's first line
    expect(problemsWith(broken)).toEqual(
      expect.arrayContaining([
        {
          line,
          message:
            'nodes.open.effect.report.hurt: Invalid input: expected string, received undefined',
        },
        { line, message: 'nodes.open.effect.report: Unrecognized key: "injured"' },
      ]),
    )
  })

  it('checks the follow-up’s case number and PIN vars too', () => {
    const path = 'flows/followup.yaml'
    const text = real
      .find((s) => s.path === path)!
      .text.replace('pin: case_pin }', 'pin: case_code }')
    const sources = [...real.filter((s) => s.path !== path), { path, text }]
    expect(compileContent(sources).problems).toEqual([
      {
        file: path,
        line: lineOf(text, 'case_code'),
        message: 'no node of flow followup sets the var "case_code"',
      },
    ])
  })
})
