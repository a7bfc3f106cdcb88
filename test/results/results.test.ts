/**
 * Kept results through the real app and a real libsql file: a screening's summary gives a result
 * code whose row holds only facts; the code reopens it in the chat (for anyone who has it, on any
 * day, screened with that day's rules) and as the printable page GET /r/{code}; the page's
 * history route gives a reloaded page the conversation back, and only its own.
 */
import { describe, expect, it } from 'vitest'
import type { ChatResponse } from '../../src/chat/handle-message.js'
import { createApp } from '../../src/app.js'
import { databaseChecks } from '../../src/store/health.js'
import { formatResultCode, makeResultCode, readResultCode } from '../../src/results/code.js'
import { frozenClock } from '../support/clock.js'
import { testApp, type TestApp } from '../support/app.js'
import { webUser } from '../support/users.js'

type Turn = { user?: string; withheld?: true; replies: ChatResponse['replies'] }
type History = { turns: Turn[]; cursor: number; mode: string; waiting: boolean; lang: string }

const say = async (t: TestApp, userId: string, text: string): Promise<ChatResponse> =>
  (await (await t.post({ userId: webUser(userId), text })).json()) as ChatResponse

/** A Shanxi family of an 8-year-old, hard up, that knows nothing else: on to the summary. */
async function screened(t: TestApp, userId: string): Promise<ChatResponse> {
  await say(t, userId, '')
  await say(t, userId, '看看孩子能领什么')
  await say(t, userId, '山西')
  await say(t, userId, '八岁')
  let last = await say(t, userId, '很困难')
  for (let i = 0; i < 40 && last.state.node === 'questions'; i++)
    last = await say(t, userId, '不清楚')
  expect(last.state.node).toBe('why')
  return last
}

const codeIn = (r: ChatResponse): string => {
  const m = /结果码：([2-9A-Z-]+)。/.exec(r.replies[0]!.text)
  if (!m) throw new Error(`no result code in ${r.replies[0]?.text}`)
  return m[1]!
}

const history = async (t: TestApp, userId: string): Promise<Response> =>
  t.app.request(`/api/v1/chat/history?userId=${encodeURIComponent(webUser(userId))}`)

describe('result codes', () => {
  it('catch a single wrong symbol and a swap; dashes, case and 结果码 before them do not matter', () => {
    let n = 0
    const random = (k: number) => Uint8Array.from({ length: k }, () => (n = (n * 73 + 41) % 256))
    for (let i = 0; i < 200; i++) {
      const code = makeResultCode(random)
      expect(code).toMatch(/^(?=.*\d)[2-9A-HJKMNP-Z]{9}$/)
      expect(readResultCode(formatResultCode(code).toLowerCase())).toEqual({ kind: 'valid', code })
      expect(readResultCode(`结果码：${formatResultCode(code)}`)?.kind).toBe('valid')
      const wrong = (code[0] === 'A' ? 'B' : 'A') + code.slice(1)
      expect(readResultCode(wrong)).toEqual({ kind: 'mistyped', code: wrong })
      if (code[2] !== code[3]) {
        const swapped = code.slice(0, 2) + code[3] + code[2] + code.slice(4)
        expect(readResultCode(swapped)?.kind).toBe('mistyped')
      }
    }
    // Words are words: a lower-case English word of the right length is not a code.
    expect(readResultCode('yesterday')).toBeUndefined()
    expect(readResultCode('孩子八岁了')).toBeUndefined()
    expect(readResultCode('TH-2026-K7M4QX-R')).toBeUndefined()
  })
})

describe('a kept result', () => {
  it('is stored with its turn as facts only, and reopens for whoever sends its code', async () => {
    const t = await testApp()
    const summary = await screened(t, 'grandma-7f3e')
    const code = codeIn(summary)
    expect(summary.replies[0]!.link).toEqual({
      label: '打开结果页，打印后带到乡镇（街道）',
      href: `/r/${code.replaceAll('-', '')}`,
    })
    const rows = await t.driver.read({ sql: 'SELECT * FROM results', args: [] })
    expect(rows).toHaveLength(1)
    const row = rows[0]!
    expect(row).toMatchObject({
      code: code.replaceAll('-', ''),
      region: 'shanxi',
      as_of: '2026-03-02',
      lang: 'zh-Hans',
    })
    const answers = JSON.parse(String(row['answers'])) as {
      facts: Record<string, unknown>
      unknownFacts: string[]
    }
    expect(answers.facts).toEqual({ child_age: 8, family_economic_hardship: true })
    // Results first: the summary comes after four questions, two of them answered 不清楚.
    expect(answers.unknownFacts).toHaveLength(2)
    // No words of the family, no conversation, no identity.
    expect(JSON.stringify(row)).not.toMatch(/八岁|很困难|不清楚|7f3e|web:/)

    // Someone else, another day, types the code: the same measures, and the date of the answers.
    const reopened = await say(t, 'office-phone', code.toLowerCase())
    expect(reopened.state).toMatchObject({ flow: 'screen', node: 'why' })
    const list = (r: ChatResponse) => r.replies.at(-1)!.choices!.map((c) => c.label)
    expect(list(reopened)).toEqual(list(summary))
    expect(list(summary)[0]).toBe('贫困儿童电子健康档案和健康卡：按您说的情况符合；文件没写金额')
    expect(reopened.replies[0]!.text).toContain(`这是按您 2026-03-02 的回答`)
    expect(reopened.replies[0]!.text).toContain(`结果码：${code}`)
    // Reopening keeps no second copy.
    expect(await t.driver.read({ sql: 'SELECT code FROM results', args: [] })).toHaveLength(1)
  })

  it('a mistyped or unknown code is said so, and the question waiting comes again', async () => {
    const t = await testApp()
    await say(t, 'u', '')
    const code = makeResultCode((n) => new Uint8Array(n).fill(7))
    const wrong = code.slice(0, 8) + (code[8] === '2' ? '3' : '2')
    for (const typed of [formatResultCode(code), wrong]) {
      const r = await say(t, 'u', typed)
      expect(r.replies[0]!.text).toContain(
        `没有找到结果码“${formatResultCode(typed.replaceAll('-', ''))}”`,
      )
      expect(r.state).toMatchObject({ flow: 'main', node: 'menu' })
    }
  })

  it('GET /r/{code} is a printable page, screened again with the rules of the day it is opened', async () => {
    const t = await testApp()
    const code = codeIn(await screened(t, 'family'))
    const later = frozenClock('2026-09-15T10:00:00+08:00')
    const app = createApp({ ...t.deps, clock: later.now, ...databaseChecks(t.driver, later.now) })
    const res = await app.request(`/r/${code.toLowerCase()}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/)
    expect(csp).toContain("frame-ancestors 'none'")
    const html = await res.text()
    expect(html).toContain(`<span class="code">${code}</span>`)
    expect(html).toContain('回答日期：2026-03-02；按 2026-09-15 的政策重新对照。')
    expect(html).toContain('地区：山西')
    // Each likely measure with status, amount, reasons with the clauses quoted, what to bring, where.
    expect(html).toMatch(/<h2>可能可以领的（\d+ 项）<\/h2>/)
    expect(html).toContain(
      '贫困儿童电子健康档案和健康卡 · <span class="status">按您说的情况符合</span>',
    )
    expect(html).toContain('大概多少：文件没有写具体金额。')
    expect(html).toContain('依据 晋政发〔2017〕46号')
    expect(html).toContain('要带什么：')
    expect(html).toContain('去哪里办：乡镇人民政府（街道办事处）')
    expect(html).toMatch(/<h2>还不确定的（\d+ 项）<\/h2>/)
    expect(html).toContain('《山西省人民政府关于加强困境儿童保障工作的实施意见》')
    expect(html).toContain('@media print')
    expect(html.match(/<script>/g)).toHaveLength(1)
    // Quotes are escaped text, never markup.
    expect(html).not.toMatch(
      /<(?!!doctype|\/?(?:html|head|meta|title|link|style|body|h1|h2|h3|p|span|section|strong|ul|li|br|button|script)\b)/,
    )

    for (const bad of ['AAAA-AAAA-A', code.slice(0, -1) + (code.endsWith('2') ? '3' : '2'), 'x']) {
      const missing = await app.request(`/r/${bad}`)
      expect(missing.status).toBe(404)
      expect(await missing.text()).toContain('没有找到这个结果码')
    }
  })
})

describe('a kept result in Traditional', () => {
  it('is kept in the script the family wrote, and its page is in it', async () => {
    const t = await testApp()
    await say(t, 'hk', '')
    await say(t, 'hk', '看看孩子能領什麼')
    await say(t, 'hk', '山西')
    await say(t, 'hk', '八歲')
    let last = await say(t, 'hk', '很困難')
    for (let i = 0; i < 40 && last.state.node === 'questions'; i++)
      last = await say(t, 'hk', '不清楚')
    expect(last.state.lang).toBe('zh-Hant')
    const code = /結果碼：([2-9A-Z-]+)。/.exec(last.replies[0]!.text)?.[1] ?? ''
    expect(code).not.toBe('')
    expect(last.replies.at(-1)!.choices![0]!.label).toBe(
      '貧困兒童電子健康檔案和健康卡：按您說的情況符合；文件沒寫金額',
    )
    const html = await (await t.app.request(`/r/${code}`)).text()
    expect(html).toContain('<html lang="zh-Hant">')
    expect(html).toContain('結果碼：')
    expect(html).toContain('地區：山西')
  })
})

describe('GET /api/v1/chat/history', () => {
  it("gives a reloaded page its conversation: the user's words, the replies, the result code", async () => {
    const t = await testApp()
    const summary = await screened(t, 'family')
    const res = await history(t, 'family')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as History
    expect(body).toMatchObject({ mode: 'bot', waiting: false, lang: 'zh-Hans', cursor: 0 })
    // The opening (empty) message shows no words; then what the family said, in order.
    expect(body.turns[0]!.user).toBeUndefined()
    expect(body.turns.slice(1, 5).map((turn) => turn.user)).toEqual([
      '看看孩子能领什么',
      '山西',
      '八岁',
      '很困难',
    ])
    expect(body.turns.at(-1)!.replies).toEqual(summary.replies)
  })

  it("holds only this user's conversation, and nothing from before their 退出", async () => {
    const t = await testApp()
    await screened(t, 'family')
    const other = (await (await history(t, 'neighbour')).json()) as History
    expect(other.turns).toEqual([])
    await say(t, 'family', '退出')
    await say(t, 'family', '你好')
    const after = (await (await history(t, 'family')).json()) as History
    expect(after.turns.map((turn) => turn.user)).toEqual(['你好'])
    for (const userId of ['', 'short-guessable-id'])
      expect((await t.app.request(`/api/v1/chat/history?userId=${userId}`)).status).toBe(400)
  })

  it('follows the script the user writes in, contact cards too', async () => {
    const t = await testApp()
    const r = await say(t, 'hk', '您好，我想問問')
    expect(r.state.lang).toBe('zh-Hant')
    const body = (await (await history(t, 'hk')).json()) as History
    expect(body.lang).toBe('zh-Hant')
    // The numbers given when no one is there are contact cards in Traditional too.
    const queued = await say(t, 'hk', '轉人工')
    const cards = queued.replies.flatMap((reply) => reply.contacts ?? [])
    expect(cards.length).toBeGreaterThan(0)
    const { contactsHant } = t.deps.content
    for (const c of cards) {
      expect(Object.keys(contactsHant)).not.toContain(c.description)
      expect(Object.keys(contactsHant)).not.toContain(c.name)
    }
    expect(cards.some((c) => Object.values(contactsHant).includes(c.description))).toBe(true)
  })
})
