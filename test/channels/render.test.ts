/**
 * Fitting one reply to what a channel can show: buttons when they fit, else numbered text (the
 * engine reads a number as that choice) with the numbers as buttons; text split under the limit
 * at line breaks; LINE's call buttons for contacts with a number, agencies written out.
 */
import { describe, expect, it } from 'vitest'
import { fitChoices, splitText } from '../../src/channels/channel.js'
import { LINE_CAPABILITIES, renderLine } from '../../src/channels/line/render.js'
import type { Reply } from '../../src/engine/types.js'
import { realContent } from '../support/content.js'

const zh = realContent().texts['zh-Hans']
const choices = (n: number, label = (i: number) => `选项${i + 1}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `c${i}`, label: label(i) }))

describe('fitting replies to a channel', () => {
  it('keeps choices as buttons when they fit', () => {
    const r: Reply = { text: '请选一项', choices: choices(5) }
    expect(fitChoices(r, LINE_CAPABILITIES)).toEqual({ text: '请选一项', buttons: r.choices })
  })

  it('too many choices, or a label too long: numbered text, and the numbers as buttons', () => {
    const long = fitChoices(
      {
        text: '哪一项？',
        choices: choices(3, (i) =>
          i === 1 ? '一个非常非常非常非常非常非常非常长的选项名字' : `项${i}`,
        ),
      },
      LINE_CAPABILITIES,
    )
    expect(long.text).toBe(
      '哪一项？\n1. 项0\n2. 一个非常非常非常非常非常非常非常长的选项名字\n3. 项2',
    )
    expect(long.buttons.map((b) => b.label)).toEqual(['1', '2', '3'])
    expect(long.buttons.map((b) => b.id)).toEqual(['c0', 'c1', 'c2'])
    const many = fitChoices({ text: '哪一项？', choices: choices(20) }, LINE_CAPABILITIES)
    expect(many.text.split('\n')).toHaveLength(21)
    expect(many.buttons).toEqual([])
  })

  it('splits long text under the limit, at line breaks, losing nothing', () => {
    const text = Array.from({ length: 400 }, (_, i) => `第${i}行：孩子的情况`).join('\n')
    const parts = splitText(text, 1000)
    expect(parts.every((p) => [...p].length <= 1000)).toBe(true)
    expect(parts.join('\n')).toBe(text)
    expect(splitText('短', 1000)).toEqual(['短'])
  })

  it('LINE: numbers become tel: buttons, agencies become words, quick replies stay last', () => {
    const messages = renderLine(
      [
        {
          text: '请马上拨打110。',
          urgent: true,
          contacts: [
            { id: 'police', name: '公安', phone: '110', description: '报警' },
            { id: 'office', name: '乡镇（街道）', description: '到乡镇（街道）反映' },
          ],
          choices: choices(2),
        },
      ],
      zh,
    )
    expect(messages[0]).toEqual({
      type: 'text',
      text: '请马上拨打110。\n· 乡镇（街道）：到乡镇（街道）反映',
    })
    expect(messages[1]).toMatchObject({
      type: 'template',
      template: { type: 'buttons', actions: [{ type: 'uri', uri: 'tel:110', label: '110 公安' }] },
      quickReply: { items: [{ action: { data: 'c0' } }, { action: { data: 'c1' } }] },
    })
    expect(messages).toHaveLength(2)
  })

  it('LINE: a reply of 12,000 characters is three text messages', () => {
    const messages = renderLine([{ text: '字'.repeat(12_000) }], zh)
    expect(messages.map((m) => (m.type === 'text' ? [...m.text].length : 0))).toEqual([
      5000, 5000, 2000,
    ])
  })

  it('a screening result is a Flex card: the measure, its status coloured, its lines; the text as altText', () => {
    const reply: Reply = {
      text: '【孤儿基本生活费】很可能符合\n能得到什么：每月发放\n为什么：父母双亡（依据 第二条）',
      card: {
        title: '孤儿基本生活费',
        status: '很可能符合',
        tone: 'yes',
        rows: ['能得到什么：每月发放', '为什么：父母双亡（依据 第二条）'],
      },
    }
    const [flex] = renderLine([reply], zh)
    expect(flex).toMatchObject({
      type: 'flex',
      altText: reply.text,
      contents: {
        type: 'bubble',
        header: {
          contents: [
            { type: 'text', text: '孤儿基本生活费', weight: 'bold' },
            { type: 'text', text: '很可能符合', color: '#1B7F3B' },
          ],
        },
        body: {
          contents: [
            { type: 'text', text: '能得到什么：每月发放', wrap: true },
            { type: 'text', text: '为什么：父母双亡（依据 第二条）', wrap: true },
          ],
        },
      },
    })
    const long = renderLine([{ ...reply, text: '很长'.repeat(400) }], zh)[0] as { altText: string }
    expect([...long.altText].length).toBeLessThanOrEqual(400)
  })
})
