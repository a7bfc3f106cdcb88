/**
 * @module test/policy/content
 * The policy content checked like code: every quote is verbatim in its source document (only
 * whitespace is normalised), every condition and amount has a citation, and the loader rejects
 * what it must — with file and line.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Source } from '../../src/content/compile.js'
import { loadPolicy } from '../../src/content/policy-load.js'
import { FACT_IDS, FACTS } from '../../src/policy/facts.js'
import type { Citation, PolicyBundle, RuleNode } from '../../src/policy/types.js'
import { realBundle, realSources } from './support.js'

function citations(bundle: PolicyBundle): { where: string; cite: Citation }[] {
  const out: { where: string; cite: Citation }[] = []
  const walk = (node: RuleNode, where: string): void => {
    switch (node.k) {
      case 'all':
      case 'any':
        node.of.forEach((n) => walk(n, where))
        return
      case 'not':
        walk(node.of, where)
        return
      case 'req':
        out.push({ where, cite: node.cite }, ...(node.also ?? []).map((cite) => ({ where, cite })))
        walk(node.of, where)
        return
      case 'judge':
        out.push({ where, cite: node.cite })
        return
      default:
        return
    }
  }
  for (const region of Object.values(bundle.regions)) {
    for (const [id, def] of Object.entries(region.definitions)) walk(def, `${region.slug}/${id}`)
    for (const e of region.entitlements) {
      const where = `${region.slug}/${e.id}`
      walk(e.rule, where)
      for (const cite of e.cites) out.push({ where, cite })
      out.push({ where, cite: e.apply.cite }, { where, cite: e.agency.cite })
      if (e.amount) {
        out.push({ where, cite: e.amount.cite })
        for (const v of e.amount.variants ?? []) walk(v.when, where)
      }
      if (e.bring) out.push({ where, cite: e.bring.cite })
    }
    for (const s of region.services) for (const cite of s.cites) out.push({ where: s.id, cite })
    for (const p of Object.values(region.parameters)) out.push({ where: p.id, cite: p.cite })
  }
  return out
}

/** Conditions reachable from `node` that no cited requirement covers. */
function uncited(node: RuleNode, covered: boolean, defs: Record<string, RuleNode>): string[] {
  switch (node.k) {
    case 'all':
    case 'any':
      return node.of.flatMap((n) => uncited(n, covered, defs))
    case 'not':
      return uncited(node.of, covered, defs)
    case 'req':
      return uncited(node.of, true, defs)
    case 'ref':
      return defs[node.def]?.k === 'req'
        ? []
        : [`definition ${node.def} is not a cited requirement`]
    case 'fact':
    case 'age':
    case 'parents':
      return covered ? [] : [JSON.stringify(node)]
    case 'judge':
      return []
  }
}

describe('the policy content', () => {
  const bundle = realBundle()

  it('ships the five seed documents verbatim', () => {
    for (const d of Object.values(bundle.documents)) {
      const shipped = readFileSync(join(process.cwd(), d.file), 'utf8')
      expect(shipped.length, d.file).toBeGreaterThan(3_000)
      expect(d.number.length).toBeGreaterThan(0)
    }
    expect(Object.keys(bundle.documents).sort()).toEqual([
      'cq2016',
      'cq2020',
      'qz2017',
      'sx2017',
      'wl2023',
    ])
  })

  it('quotes every clause verbatim (only whitespace and line breaks are normalised)', () => {
    const byNumber = new Map(
      Object.values(bundle.documents).map((d) => [
        d.number,
        readFileSync(join(process.cwd(), d.file), 'utf8').replace(/\s+/g, ''),
      ]),
    )
    const all = citations(bundle)
    expect(all.length).toBeGreaterThan(500)
    const bad = all.filter(
      ({ cite }) => !byNumber.get(cite.doc)?.includes(cite.quote.replace(/\s+/g, '')),
    )
    expect(bad).toEqual([])
    for (const { cite } of all) expect(cite.section.length).toBeGreaterThan(0)
  })

  it('puts every condition under a cited requirement, and cites every amount', () => {
    for (const region of Object.values(bundle.regions)) {
      for (const [id, def] of Object.entries(region.definitions)) {
        expect(def.k, `${region.slug} definition ${id}`).toBe('req')
        expect(uncited(def, false, region.definitions), `${region.slug}/${id}`).toEqual([])
      }
      for (const e of region.entitlements) {
        expect(uncited(e.rule, false, region.definitions), `${region.slug}/${e.id}`).toEqual([])
        expect(e.cites.length, `${region.slug}/${e.id}`).toBeGreaterThan(0)
        if (e.amount) expect(e.amount.cite.quote.length).toBeGreaterThan(0)
      }
    }
  })

  it('gives every entitlement a name, category, what the family gets, where to apply and who is responsible', () => {
    for (const region of Object.values(bundle.regions)) {
      for (const e of region.entitlements) {
        for (const text of [e.name, e.summary, e.gets, e.apply.where, e.agency.text])
          expect(text.length, `${region.slug}/${e.id}`).toBeGreaterThan(1)
      }
    }
  })

  it('records how the clause of every entitlement was read (issue 12)', () => {
    for (const region of Object.values(bundle.regions))
      for (const e of region.entitlements)
        expect(e.reading.length, `${region.slug}/${e.id}`).toBeGreaterThan(10)
  })

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle)
  })

  it('has a question, in plain words, for every fact, with a label for every choice', () => {
    for (const id of FACT_IDS) {
      const q = bundle.questions[id]
      expect(q.text, id).not.toBe(`policy.ask.${id}`)
      for (const c of q.choices ?? []) expect(c.label, `${id}.${c.value}`).not.toMatch(/^policy\./)
      expect(q.sensitive).toBe((FACTS[id] as { sensitive?: boolean }).sensitive === true)
    }
  })

  it('covers the four regions by slug and division code, plus the national baseline', () => {
    expect(Object.keys(bundle.regions).sort()).toEqual([
      'chongqing',
      'national',
      'qinzhou',
      'shanxi',
      'wenling',
    ])
    expect(bundle.codes).toEqual({
      '500000': 'chongqing',
      '140000': 'shanxi',
      '450700': 'qinzhou',
      '331081': 'wenling',
    })
    expect(bundle.regions['national']!.baseline).toBe(true)
  })
})

describe('the loader rejects, with file and line', () => {
  const base = realSources()
  const FILE = 'content/policies/test/extra.yaml'
  const load = (
    text: string,
    replace: Record<string, string> = {},
  ): ReturnType<typeof loadPolicy> => {
    const sources: Source[] = base.map((s) =>
      replace[s.path] ? { ...s, text: replace[s.path]! } : s,
    )
    return loadPolicy([...sources, { path: FILE, text }])
  }
  const entitlement = (requires: string, extra = ''): string => `region: shanxi
entitlements:
  - id: test_measure
    name: 测试
    category: 基本生活
    summary: 测试
    gets: 测试
    cite: { doc: sx2017, section: 三（一）, quote: 按标准发放基本生活费 }
    requires:
${requires}
${extra}
    reading: 测试`

  it('accepts a well-formed extra entitlement', () => {
    const r = load(
      entitlement(`      label: 孩子未满18周岁
      cite: { doc: sx2017, section: 三（一）, quote: 未满18周岁的未成年人 }
      age: { under: 18 }`),
    )
    expect(r.problems).toEqual([])
    expect(r.bundle?.regions['shanxi']?.entitlements.some((e) => e.id === 'test_measure')).toBe(
      true,
    )
  })

  it('a quote that is not verbatim in its source', () => {
    const r = load(
      entitlement(`      label: 孩子未满18周岁
      cite: { doc: sx2017, section: 三（一）, quote: 未满十八周岁的未成年人 }
      age: { under: 18 }`),
    )
    expect(r.bundle).toBeUndefined()
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 11,
        message: expect.stringContaining('not verbatim'),
      }),
    ])
  })

  it('a quote whose only difference is a line break is accepted (and the normalisation is said)', () => {
    const r = load(
      entitlement(`      label: 特困
      cite: { doc: sx2017, section: 三（一）, quote: "纳入特困人员\\n供养范围" }
      age: { under: 16 }`),
    )
    expect(r.problems).toEqual([])
  })

  it('an entitlement without a reading (issue 12: how its clause was read)', () => {
    const r = load(
      entitlement(`      label: 孩子未满18周岁
      cite: { doc: sx2017, section: 三（一）, quote: 未满18周岁的未成年人 }
      age: { under: 18 }`).replace('\n    reading: 测试', ''),
    )
    expect(r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      `${FILE}:3: entitlement test_measure has no reading (how its clause was read, issue 12)`,
    ])
  })

  it('a condition without a citation', () => {
    const r = load(entitlement(`      age: { under: 18 }`))
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 10,
        message: expect.stringContaining('without a citation'),
      }),
    ])
  })

  it('an amount without a citation', () => {
    const r = load(
      entitlement(
        `      label: 孩子未满18周岁
      cite: { doc: sx2017, section: 三（一）, quote: 未满18周岁的未成年人 }
      age: { under: 18 }`,
        `    amount:
      text: 每月100元`,
      ),
    )
    expect(r.problems).toEqual([
      expect.objectContaining({ file: FILE, line: 14, message: expect.stringContaining('cite') }),
    ])
  })

  it('an unknown fact id', () => {
    const r = load(
      entitlement(`      label: 测试
      cite: { doc: sx2017, section: 三（一）, quote: 按标准发放基本生活费 }
      fact: child_height
      is: 120`),
    )
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 12,
        message: expect.stringContaining('unknown fact "child_height"'),
      }),
    ])
  })

  it('a value a fact cannot take', () => {
    const r = load(
      entitlement(`      label: 测试
      cite: { doc: sx2017, section: 三（一）, quote: 按标准发放基本生活费 }
      fact: father_status
      is: dead`),
    )
    expect(r.problems[0]?.message).toContain('is not a value of father_status')
  })

  it('a duplicate id', () => {
    const r = load(
      entitlement(`      label: 测试
      cite: { doc: sx2017, section: 三（一）, quote: 按标准发放基本生活费 }
      fact: family_dibao
      is: true`).replace('id: test_measure', 'id: orphan_basic_living'),
    )
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 3,
        message: expect.stringContaining('used twice'),
      }),
    ])
  })

  it('a reference to a definition that does not exist, and a definition that refers to itself', () => {
    const r = load(`region: shanxi
definitions:
  loop:
    label: 循环
    cite: { doc: sx2017, section: 三（一）, quote: 按标准发放基本生活费 }
    ref: loop
${entitlement('      ref: nowhere').replace('region: shanxi\n', '')}`)
    const messages = r.problems.map((p) => p.message)
    expect(messages).toContain('no definition "nowhere" in this region')
    expect(messages).toContain('definition "loop" refers to itself')
  })

  it('a document that is not in the register, and a parameter that does not exist', () => {
    const r = load(
      entitlement(
        `      label: 测试
      cite: { doc: xx2099, section: 一, quote: 测试 }
      fact: family_dibao
      is: true`,
        `    amount:
      text: 测试
      cite: { doc: sx2017, section: 三（一）, quote: 按标准发放基本生活费 }
      value: { param: no_such_figure }`,
      ),
    )
    const messages = r.problems.map((p) => p.message)
    expect(messages).toContain('no document "xx2099" in content/policies/documents.yaml')
    expect(messages).toContain('no parameter "no_such_figure" in this region')
  })

  it('a measure listed as not encoded that is encoded', () => {
    const r = load(`region: shanxi
not_encoded:
  - id: orphan_basic_living
    reason: 测试
`)
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 3,
        message: expect.stringContaining('listed as not encoded but is encoded'),
      }),
    ])
  })

  it('an implication over a fact or value that does not exist, or a fact following from itself', () => {
    const r = load('region: shanxi\n', {
      'content/policies/implications.yaml': `- when: [{ fact: child_height, is: 1 }]
  then: { fact: child_can_work, is: false }
  why: 测试
- when: [{ fact: child_disability, is: blind }]
  then: { fact: child_cerebral_palsy, is: false }
  why: 测试
- when: [{ fact: child_can_work, is: true }]
  then: { fact: child_can_work, is: false }
  why: 测试
`,
    })
    expect(r.bundle).toBeUndefined()
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringContaining('unknown fact "child_height"'),
      }),
      expect.objectContaining({
        line: 4,
        message: expect.stringContaining('"blind" is not a value'),
      }),
      expect.objectContaining({
        line: 8,
        message: expect.stringContaining('cannot follow from itself'),
      }),
    ])
  })

  it('a missing question text', () => {
    const texts = base.find((s) => s.path === 'content/texts/policy.yaml')!.text
    const r = load('region: shanxi\n', {
      'content/texts/policy.yaml': texts.replace(/^policy\.ask\.child_age:.*$/m, ''),
    })
    expect(r.problems.map((p) => p.message)).toContain('text "policy.ask.child_age" is missing')
  })
})
