/** The triage loader: the real content compiles; broken content is reported with file and line. */
import { describe, expect, it } from 'vitest'
import { loadTriage } from '../../src/content/triage-load.js'
import { realSources, withFile } from './support.js'

const DIRECTORY = 'content/triage/directory.yaml'

const problemsOf = (path: string, edit: (t: string) => string) =>
  loadTriage(withFile(path, edit)).problems

describe('loadTriage', () => {
  it('compiles the real content to plain JSON', () => {
    const { content, problems } = loadTriage(realSources())
    expect(problems).toEqual([])
    expect(JSON.parse(JSON.stringify(content))).toEqual(content)
    expect(content!.directory.find((e) => e.id === 'ambulance')?.outsideSeeds).toBeTruthy()
  })

  it('rejects a contact without a source, naming the file and line', () => {
    const problems = problemsOf(DIRECTORY, (t) =>
      t.replace(
        '    source: { doc: 渝民发〔2020〕23号, section: 二(一), quote: 村（居）民委员会明确1名“儿童主任” }\n',
        '',
      ),
    )
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ file: DIRECTORY })
    expect(problems[0]!.message).toContain('source')
    expect(problems[0]!.line).toBeGreaterThan(1)
  })

  it('rejects a source with no quote', () => {
    const problems = problemsOf(DIRECTORY, (t) =>
      t.replace('quote: 村（居）民委员会明确1名“儿童主任” }', 'quote: "" }'),
    )
    expect(problems.map((p) => p.message).join()).toContain('quote')
  })

  it('rejects a local phone number nobody has verified', () => {
    const problems = problemsOf(DIRECTORY, (t) =>
      t.replace(
        '    action: 联系本村（居）的儿童主任。\n',
        '    action: 联系本村（居）的儿童主任。\n    phone: "02300000000"\n',
      ),
    )
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('verified'),
        expect.stringContaining('hours'),
      ]),
    )
  })

  it('accepts a verified local entry down to a village code', () => {
    const entry = [
      '  - id: police_station_test',
      '    agency: 某派出所',
      '    role: police_station',
      '    region: "331081101202"',
      '    action: 到某派出所报案。',
      '    phone: "057600000000"',
      '    hours: 24小时',
      '    verified: 2026-01-05',
      '    source: { doc: 温市委办发〔2023〕24号, section: 三(一), quote: 立即向公安机关报案或举报 }',
      '',
    ].join('\n')
    const { problems } = loadTriage(withFile(DIRECTORY, (t) => `${t}${entry}`))
    expect(problems).toEqual([])
  })

  it('rejects a region code that is not a division code', () => {
    const problems = problemsOf(DIRECTORY, (t) =>
      t.replace(/region: ['"]500000['"]/, "region: '5000'"),
    )
    expect(problems.map((p) => p.message).join()).toContain('region')
  })

  it('reports a missing duty for a role', () => {
    const problems = problemsOf('content/triage/duties.yaml', (t) =>
      t.replace('    roles: [training, hotel]\n', '    roles: [training]\n'),
    )
    expect(problems.map((p) => p.message)).toContain('no duty for hotel in chongqing')
  })

  it('reports a rule that names an unknown class, and a phrase that is not simplified', () => {
    const rules = problemsOf('content/triage/rules.yaml', (t) =>
      t.replace('all: [plea]', 'all: [pleas]'),
    )
    expect(rules.map((p) => p.message)).toContain('no lexicon class "pleas"')
    const lex = problemsOf('content/triage/lexicon.yaml', (t) =>
      t.replace('  plea: >-\n    ', '  plea: >-\n    救救孩子們 '),
    )
    expect(lex.map((p) => p.message).join()).toContain('is not simplified')
  })

  it('checks quotes against seed texts given as sources', () => {
    const seed = { path: 'content/sources/qz.txt', text: '钦政办〔2017〕141号\n没有那句话' }
    const { problems } = loadTriage([...realSources(), seed])
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.every((p) => p.message.includes('is not in 钦政办〔2017〕141号'))).toBe(true)
  })
})
