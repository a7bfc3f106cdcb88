/**
 * LINE's rich menu from content: 110 one tap away whatever the bot is saying, and the main
 * choices, each reaching the engine from anywhere (`menu:<choice>`). The file in content/ is
 * checked against the content here; what goes wrong in a bad one is named.
 */
import { describe, expect, it } from 'vitest'
import { buildRichMenu, type RichMenuSpec } from '../../src/channels/line/richmenu.js'
import { loadRichMenu } from '../../scripts/line-richmenu.js'
import { realContent } from '../support/content.js'

const content = realContent()

describe('LINE rich menu', () => {
  it('content/channels/line-richmenu.yaml: 110 first, a call; the main choices as postbacks', () => {
    const { menu } = loadRichMenu(process.cwd())
    const areas = menu.request.areas
    expect(areas[0]?.action).toMatchObject({ type: 'uri', uri: 'tel:110' })
    const postbacks = areas.flatMap((a) => (a.action.type === 'postback' ? [a.action.data] : []))
    expect(postbacks).toEqual(
      expect.arrayContaining(['menu:report', 'menu:screen', 'menu:policy', 'cmd:human']),
    )
    // LINE's limits: the full width, rows of 843, labels of 20 characters, no overlaps.
    expect(menu.request.size).toEqual({ width: 2500, height: 1686 })
    for (const a of areas) {
      expect(a.bounds.x + a.bounds.width).toBeLessThanOrEqual(2500)
      expect(a.bounds.y + a.bounds.height).toBeLessThanOrEqual(1686)
      expect([...a.action.label].length).toBeLessThanOrEqual(20)
    }
    const covered = areas.reduce((n, a) => n + a.bounds.width * a.bounds.height, 0)
    expect(covered).toBe(2500 * 1686)
    expect([...menu.request.chatBarText].length).toBeLessThanOrEqual(14)
    expect(menu.cells[0]).toMatchObject({ title: '110', call: true })
  })

  it('words in the menu language: zh-Hant for LINE', () => {
    const { menu } = loadRichMenu(process.cwd())
    expect(menu.cells.map((c) => c.title)).toContain('舉報或求助')
  })

  it('names what is wrong in a bad file, and insists on the police number', () => {
    const bad: RichMenuSpec = {
      lang: 'zh-Hans',
      chatBar: 'main.menu',
      columns: 3,
      cells: [{ choice: 'nothing' }, { call: 'nobody', label: 'channel.menu.police' }],
    }
    const { menu, problems } = buildRichMenu(content, bad)
    expect(menu).toBeUndefined()
    expect(problems).toEqual([
      'no choice "nothing" in the main menu',
      'no contact "nobody" with a phone number',
      'the menu must hold the police number (call: police)',
      expect.stringContaining('is longer than 14 characters'),
    ])
  })
})
