/**
 * @module test/text/extract
 * The extractor on the real lexicon (content/extract.yaml), the everyday answers it and the
 * yes/no and age readers take, and what a family sees at first contact: a benefit question read
 * is placed (no safety line), its facts said back; a crisis in the same message still gets 110
 * in the very first reply.
 */
import { describe, expect, it } from 'vitest'
import { step } from '../../src/engine/step.js'
import type { ConversationState, Input } from '../../src/engine/types.js'
import { extract } from '../../src/text/extract.js'
import { parseAge } from '../../src/text/age.js'
import { normalize } from '../../src/text/normalize.js'
import { echoYesNo, parseYesNo } from '../../src/text/yes-no.js'
import { realContent } from '../support/content.js'

const content = realContent()
const read = (text: string) => extract(content.extract, normalize(text, content.t2s))
const NOW = new Date('2026-12-07T02:00:00Z')

describe('extract', () => {
  it('reads the grandmother: both parents gone, she looks after the child, she asks for money', () => {
    const h = read('孙子他爸妈都没了，我一个老婆子带着，能领啥钱不？')
    expect(h.intent).toBe('screen')
    expect(h.facts).toEqual({
      father_status: 'deceased',
      mother_status: 'deceased',
      child_care_setting: 'relatives',
    })
    expect(h.carer).toBe('您')
  })

  it('reads age, school year, a sentence with its years served, the carer and the place', () => {
    const h = read('我孙子八岁，上二年级，他爸坐牢了，判了6年，已经关了5年，跟着奶奶住在山西大同')
    expect(h.facts).toMatchObject({
      child_age: 8,
      child_school_stage: 'primary',
      father_status: 'imprisoned',
      father_status_years: 6,
      father_years_served: 5,
      child_care_setting: 'relatives',
    })
    expect(h.facts['mother_status']).toBeUndefined()
    expect([h.region, h.place, h.carer]).toEqual(['shanxi', '山西大同', '奶奶'])
  })

  it('reads negation: 没有残疾, 不是低保 (and a denied 低保 implies nothing)', () => {
    const h = read('孩子没有残疾，家里不是低保户，也不困难')
    expect(h.facts).toEqual({
      child_disability: 'none',
      family_dibao: false,
      family_economic_hardship: false,
    })
  })

  it('低保 and 建档立卡 imply economic hardship (docs/facts.md), a certificate grade is read', () => {
    expect(read('吃低保，孩子肢体残疾，一级残疾证').facts).toEqual({
      family_economic_hardship: true,
      family_dibao: true,
      child_disability: 'physical',
      child_disability_grade: 1,
    })
  })

  it('a later correction wins over what it corrects', () => {
    const h = read('孙子爸妈都去世了\n不对，妈妈是失联')
    expect([h.facts['father_status'], h.facts['mother_status']]).toEqual(['deceased', 'missing'])
  })

  it('reads zh-Hant, and a region with 户口 is a local hukou', () => {
    const h = read('孫子八歲，爸媽都不在了，萬州戶口，能領什麼補助')
    expect(h.facts).toMatchObject({
      child_age: 8,
      father_status: 'deceased',
      child_hukou_local: true,
    })
    expect(h.region).toBe('chongqing')
  })

  it('a place named for a parent is not the child’s region; a relative’s death is not a parent’s', () => {
    const h = read('孩子跟奶奶在大同，他爸妈在重庆打工，爷爷去世了')
    expect(h.region).toBe('shanxi')
    expect(h.facts).toEqual({
      child_care_setting: 'relatives',
      father_status: 'migrant_worker',
      mother_status: 'migrant_worker',
    })
  })

  it('a child caring for a relative is not read as cared for; a relative’s illness is not a parent’s', () => {
    expect(read('我12岁，奶奶瘫痪在床，我一个人照顾她').facts).toEqual({ child_age: 12 })
  })

  it('儿子 is the father when a grandparent speaks of a 孙子', () => {
    expect(read('孙子5岁，我儿子去世了').facts['father_status']).toBe('deceased')
    expect(read('我儿子5岁').facts).toEqual({ child_age: 5 })
  })
})

describe('everyday answers', () => {
  it.each([
    ['七八岁吧', 7.5],
    ['十来岁', 10],
    ['大概七八岁吧', 7.5],
    ['快九岁了', 8.5],
    ['八岁多', 8],
  ])('%s is an age', (text, age) => {
    expect(parseAge(normalize(text, content.t2s))).toBe(age)
  })

  it.each([
    ['有', 'yes'],
    ['是的', 'yes'],
    ['嗯', 'yes'],
    ['对', 'yes'],
    ['应该是吧', 'yes'],
    ['没有', 'no'],
    ['不是', 'no'],
    ['没得', 'no'],
    ['不太清楚', 'unknown'],
    ['不知道', 'unknown'],
    ['忘了', 'unknown'],
    ['记不清了', 'unknown'],
  ])('%s is %s', (text, said) => {
    expect(parseYesNo(normalize(text, content.t2s), content.yesNo)).toBe(said)
  })

  it('有户口 to a question asked in the negative is no; 没有户口 yes', () => {
    const q = '孩子是不是还没有上户口？'
    expect(echoYesNo('有户口', q)).toBe('no')
    expect(echoYesNo('上了户口', q)).toBe('no')
    expect(echoYesNo('没有户口', q)).toBe('yes')
    expect(echoYesNo('不困难', '家里经济上困难吗？')).toBe('no')
  })
})

function say(texts: (string | Input)[]) {
  let state: ConversationState | null = null
  let last
  for (const t of texts) {
    last = step(content, state, typeof t === 'string' ? { kind: 'text', text: t } : t, NOW)
    state = last.state
  }
  return last!
}

describe('first contact', () => {
  it('a benefit question read is placed: no safety line, the facts said back, nothing lost', () => {
    const r = say(['孙子他爸妈都没了，我一个老婆子带着，能领啥钱不？'])
    const texts = r.replies.map((x) => x.text).join('\n')
    expect(texts).not.toContain('110')
    expect(texts).toContain('我听到的是：爸爸妈妈都已去世，现在跟您生活。对吗？')
    expect(r.state.vars['heard']).toBe('孙子他爸妈都没了，我一个老婆子带着，能领啥钱不？')
  })

  it('a crisis in a benefit question gets 110 in the very first reply', () => {
    const r = say(['他爸正在打孩子，打得头破血流，能领什么补助'])
    expect(r.replies[0]!.text).toContain('110')
  })

  it('a story without a question gets the safety line; it is read once the screening starts', () => {
    const first = say(['孙子八岁，爸妈都走了'])
    expect(first.replies[0]!.text).toContain('110')
    const later = say(['孙子八岁，爸妈都走了', '没有', '菜单', { kind: 'choice', id: 'screen' }])
    expect(later.replies.map((x) => x.text).join('\n')).toContain(
      '我听到的是：孩子8岁，爸爸妈妈都已去世。对吗？',
    )
  })

  it('after three misses the question is asked again, shorter, with its choices and a way out', () => {
    const first = say(['看看孩子能领什么', { kind: 'choice', id: 'shanxi' }]).replies.at(-1)!
    const question = first.text.split('\n').at(-1)!
    const r = say(['看看孩子能领什么', { kind: 'choice', id: 'shanxi' }, '哈哈', '呵呵', '嘿嘿'])
    const last = r.replies.at(-1)!
    // The question itself, without its progress line, and its own choices, then the ways out.
    expect(last.text.split('\n')[0]).toBe(question)
    expect(last.text).not.toContain('第1题')
    const t = content.texts['zh-Hans']
    expect(last.choices?.map((c) => c.label)).toEqual([
      ...(first.choices ?? []).map((c) => c.label),
      t['command.human'],
      t['command.menu'],
    ])
  })
})
