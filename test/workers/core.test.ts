/**
 * @module test/workers/core
 * The pure core — engine, text parsers, danger check — runs unchanged inside workerd, on the
 * compiled content the worker ships with.
 */
import { describe, expect, it } from 'vitest'
import { step } from '../../src/engine/step.js'
import type { AskChoiceNode } from '../../src/engine/types.js'
import { compiled } from '../../src/generated/content.js'
import { parseAge } from '../../src/text/age.js'
import { parseDate } from '../../src/text/date.js'
import { isTraditional, toSimplified } from '../../src/text/normalize.js'
import { parseNumber, parseYears } from '../../src/text/numbers.js'
import { echoYesNo, parseYesNo } from '../../src/text/yes-no.js'
import { classify } from '../../src/triage/classify.js'
import { nextQuestion, screen } from '../../src/policy/index.js'

const now = new Date('2026-03-02T09:00:00+08:00')

describe('the engine in workerd', () => {
  it('opens with the main menu', () => {
    const r = step(compiled, null, { kind: 'text', text: '你好' }, now)
    expect(r.state.at).toMatchObject({ flow: 'main', node: 'menu' })
    // The menu's labels as the content words them (test/engine/step.test.ts checks the words).
    const menu = compiled.flows['main']!.nodes['menu'] as AskChoiceNode
    const labels = menu.choices.map((c) => compiled.texts['zh-Hans'][c.label])
    expect(labels).toHaveLength(5)
    expect(r.replies[0]?.choices?.map((c) => c.label)).toEqual(labels)
  })

  it('answers danger with 110 first, whatever the user was doing', () => {
    const menu = step(compiled, null, { kind: 'text', text: '你好' }, now).state
    const r = step(
      compiled,
      menu,
      { kind: 'text', text: '隔壁又在打孩子了，孩子一直在哭喊救命' },
      now,
    )
    expect(r.replies[0]).toMatchObject({ urgent: true })
    expect(r.replies[0]?.contacts?.[0]?.phone).toBe('110')
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'danger_detected' }))
  })

  it('answers a user who writes Traditional characters in Traditional', () => {
    const r = step(compiled, null, { kind: 'text', text: '妳好，請問孩子能領什麼補貼' }, now)
    expect(r.state.lang).toBe('zh-Hant')
    expect(r.replies.map((x) => x.text).join('')).toContain('孩子的戶口在哪裡')
  })

  it('screens in workerd: the first question of a region, in Traditional', () => {
    const asked = step(compiled, null, { kind: 'text', text: '孩子能領什麼' }, now).state
    const r = step(compiled, asked, { kind: 'text', text: '山西' }, now)
    expect(r.state.at?.node).toBe('questions')
    expect(r.replies.at(-1)?.text).toContain('第1題')
    // The age first: every children's measure needs it (儿童 = 未满18周岁, issue 12).
    expect(r.replies.at(-1)?.text).toContain('孩子現在幾歲')
    expect(r.replies.at(-1)?.choices?.map((c) => c.label)).toEqual(['不清楚'])
  })

  it('lets 人工 through from the menu as a handoff', () => {
    const menu = step(compiled, null, { kind: 'text', text: '你好' }, now).state
    const r = step(compiled, menu, { kind: 'text', text: '人工' }, now)
    expect(r.state.mode).toBe('queued')
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'queue_handoff' }))
  })
})

describe('the text parsers in workerd', () => {
  it.each([
    ['八岁半', 8.5],
    ['8岁', 8],
    ['3个月', 0.25],
    ['十五', 15],
    ['一岁零三个月', 1.25],
    ['八岁了', 8],
    ['孩子今年八岁了', 8],
  ])('parseAge(%s) = %s', (text, age) => {
    expect(parseAge(text)).toBe(age)
  })

  it('rejects what is not an age', () => {
    expect(parseAge('不知道')).toBeUndefined()
  })

  it('reads numbers, dates and yes/no as people type them', () => {
    expect(parseNumber('两百')).toBe(200)
    expect(parseDate('2015年3月4日')).toBe('2015-03-04')
    expect(parseDate('2015-02-30')).toBeUndefined()
    expect(parseYesNo('嗯', compiled.yesNo)).toBe('yes')
    expect(parseYesNo('没有', compiled.yesNo)).toBe('no')
  })

  it.each([
    ['6', 6],
    ['六年', 6],
    ['6年半', 6.5],
    ['三年多', 3],
    ['判了六年', 6],
    ['无期', 99],
    ['死缓', 99],
    ['很久', undefined],
  ])('parseYears(%s) = %s', (text, years) => {
    expect(parseYears(text, 99)).toBe(years)
  })

  it.each([
    ['困难', 'yes'],
    ['很困难', 'yes'],
    ['不困难', 'no'],
    ['还行吧', undefined],
    ['我们家靠捡破烂过日子很困难', undefined],
  ])('echoYesNo(%s) to 家里经济上困难吗？ is %s', (text, said) => {
    expect(echoYesNo(text, '家里经济上困难吗？')).toBe(said)
  })

  it('tells and converts Traditional characters with the compiled table', () => {
    expect(isTraditional('請問補貼', compiled.t2s)).toBe(true)
    expect(toSimplified('請問補貼', compiled.t2s)).toBe('请问补贴')
  })

  it('classifies danger but not its negation or a harmless 打', () => {
    expect(classify(compiled.triage, '他在打孩子').urgency).toBe('emergency')
    expect(classify(compiled.triage, '没有打孩子').urgency).not.toBe('emergency')
    expect(classify(compiled.triage, '孩子要打疫苗').urgency).toBe('none')
  })

  it('screens and picks the next question with the compiled policy bundle', () => {
    const facts = { child_age: 9, father_status: 'deceased', mother_status: 'imprisoned' } as const
    const answer = screen(compiled.policy, { region: 'shanxi', asOf: '2026-03-02', facts })
    expect(answer.results.length).toBeGreaterThan(10)
    expect(nextQuestion(compiled.policy, { region: 'shanxi', facts })?.fact).toBeDefined()
  })
})
