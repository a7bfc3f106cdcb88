/**
 * POST /api/v1/reports and GET /api/v1/reports/{caseNumber}: validation naming the field, a
 * retried submission returns the first case, wrong PIN and unknown number alike, the lockout,
 * emergency and urgent cases raise a handoff, and neither the database file nor the logs hold a
 * reporter's contact (a fake number, 13800000000).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { reportApp, seededRandom, submit, TEST_ADDRESS, type ReportApp } from './support.js'
import { makeCaseNumber } from '../../src/reports/case-number.js'
import { webUser } from '../support/users.js'

const CONTACT = '13800000000'
/** Fake numbers written in a report's free text (what happened, where). */
const IN_WHAT = '13900000000'
const IN_PLACE = '4401999'

const STRANGER = '198.51.100.7'
const HOLDER = '192.0.2.44'
const texts = (t: ReportApp) => t.deps.content.texts['zh-Hans']

/** GET a case's status with a PIN, from a client address (one address unless named). */
function get(t: ReportApp, caseNumber: string, pin: string, address = '192.0.2.1') {
  return t.app.request(`/api/v1/reports/${caseNumber}`, {
    headers: { 'x-report-pin': pin, [TEST_ADDRESS]: address },
  })
}

describe('POST /api/v1/reports', () => {
  it('names the bad field', async () => {
    const t = await reportApp()
    const r = await submit(t, { what: '', region: 'atlantis' })
    expect(r.status).toBe(400)
    const fields = (r.body['error'] as { fields: { path: string }[] }).fields.map((f) => f.path)
    expect(fields).toEqual(expect.arrayContaining(['what', 'region']))
    expect((await submit(t, { what: 'x', anonymous: true, contact: CONTACT })).status).toBe(400)
  })

  it('creates a case; a retry with the same key returns the same case, not a second', async () => {
    const t = await reportApp()
    const body = { what: '孩子一个人在家好几天了', region: 'qinzhou', contact: CONTACT }
    const a = await submit(t, body, { 'idempotency-key': 'retry-key-0001' })
    const b = await submit(t, body, { 'idempotency-key': 'retry-key-0001' })
    expect(a.status).toBe(200)
    expect(b.body).toEqual(a.body)
    const rows = await t.driver.read({ sql: 'SELECT count(*) AS n FROM cases', args: [] })
    expect(rows[0]!['n']).toBe(1)
    const ok = await get(t, String(a.body['caseNumber']), String(a.body['pin']))
    expect(ok.status).toBe(200)
    // The status in plain words and the date of its last change (Beijing), nothing more.
    expect(await ok.json()).toEqual({
      caseNumber: a.body['caseNumber'],
      status: 'received',
      statusText: '您的举报已收到，正在等待工作人员处理。\n最近一次更新：2026-03-02',
      updatedOn: '2026-03-02',
    })
  })

  it('a reused key with another body is 422: never the first reporter’s case or PIN', async () => {
    const t = await reportApp()
    const first = await submit(
      t,
      { what: '孩子一个人在家好几天了', contact: CONTACT },
      { 'idempotency-key': 'shared-key-0001' },
    )
    const other = await submit(t, { what: '随便写的' }, { 'idempotency-key': 'shared-key-0001' })
    // 422, as the IETF draft and Stripe answer: no case, no PIN, and nothing new stored.
    expect(other.status).toBe(422)
    expect(JSON.stringify(other.body)).not.toContain(String(first.body['pin']))
    expect((other.body['error'] as { code: string }).code).toBe('idempotency_key_reused')
    const rows = await t.driver.read({ sql: 'SELECT count(*) AS n FROM cases', args: [] })
    expect(rows[0]!['n']).toBe(1)
    // A key that merely starts like the first one is another key.
    const longer = await submit(t, { what: '随便写的' }, { 'idempotency-key': 'shared-key-0001:x' })
    expect(longer.status).toBe(200)
  })

  it('does not take a PIN from the URL', async () => {
    const t = await reportApp()
    const a = await submit(t, { what: '孩子一个人在家好几天了' })
    const res = await t.app.request(
      `/api/v1/reports/${String(a.body['caseNumber'])}?pin=${String(a.body['pin'])}`,
    )
    expect(res.status).toBe(404)
  })

  it('raises a queued handoff for emergency and urgent reports only', async () => {
    const t = await reportApp()
    const e = await submit(t, { what: '隔壁正在打孩子，孩子在喊救命', inDanger: true })
    const s = await submit(t, { what: '孩子经常不去上学，家里没人管', inDanger: false })
    expect(e.body['urgency']).toBe('emergency')
    expect(s.body['urgency']).toBe('standard')
    expect(await t.deps.reports.cases.handoffsFor(String(e.body['caseNumber']))).toEqual([
      { status: 'queued', reason: 'report_emergency' },
    ])
    expect(await t.deps.reports.cases.handoffsFor(String(s.body['caseNumber']))).toEqual([])
  })
})

/** A case made through the API: its number, its PIN and a PIN that is not its own. */
async function reportedCase(t: ReportApp): Promise<{ n: string; pin: string; wrong: string }> {
  const { body } = await submit(t, { what: '孩子被打了', contact: CONTACT })
  const pin = String(body['pin'])
  return { n: String(body['caseNumber']), pin, wrong: pin === '000000' ? '111111' : '000000' }
}

describe('GET /api/v1/reports/{caseNumber}', () => {
  it('answers 404 for a wrong PIN and an unknown number alike, and locks after 5 wrong tries', async () => {
    const t = await reportApp()
    const { n, pin, wrong } = await reportedCase(t)
    const unknown = await get(t, 'TH-2026-ABCDEF-G', wrong)
    const bad = await get(t, n, wrong)
    expect([unknown.status, bad.status]).toEqual([404, 404])
    expect(await unknown.json()).toEqual(await bad.json())
    for (let i = 0; i < 4; i++) expect((await get(t, n, wrong)).status).toBe(404)
    const locked = await get(t, n, pin)
    expect(locked.status).toBe(429)
    t.clock.advance(15 * 60_000)
    expect((await get(t, n, pin)).status).toBe(200)
  })
})

describe('the PIN lockout, per client', () => {
  it('guesses sent at once: the guesser gets 5 wrong answers, then not even the right PIN; the holder gets in', async () => {
    const t = await reportApp()
    const { n, pin, wrong } = await reportedCase(t)
    const guesses = await Promise.all(Array.from({ length: 8 }, () => get(t, n, wrong, STRANGER)))
    expect(guesses.map((r) => r.status).sort()).toEqual([404, 404, 404, 404, 404, 429, 429, 429])
    expect(await t.deps.reports.cases.wrongAttempts(n, '2000-01-01T00:00:00.000Z')).toHaveLength(5)
    expect((await get(t, n, pin, STRANGER)).status).toBe(429)
    // The number is under attack now: the holder, who has not been guessing, still gets in.
    expect((await get(t, n, pin, HOLDER)).status).toBe(200)
    // Under attack, one wrong try from another client is all it gets.
    expect((await get(t, n, wrong, '203.0.113.9')).status).toBe(404)
    expect((await get(t, n, pin, '203.0.113.9')).status).toBe(429)
  })

  it('a client guessing over many numbers is stopped on every number after 20 wrong tries', async () => {
    const t = await reportApp()
    const { n, pin } = await reportedCase(t)
    for (let i = 0; i < 20; i++) {
      const other = makeCaseNumber(2026, seededRandom(100 + i))
      expect((await get(t, other, '123456', STRANGER)).status).toBe(404)
    }
    expect((await get(t, n, pin, STRANGER)).status).toBe(429)
    expect((await get(t, n, pin, HOLDER)).status).toBe(200)
  })

  it('in the chat each user is a client: a guesser is locked, the reporter with the PIN is answered', async () => {
    const t = await reportApp()
    const { n, pin, wrong } = await reportedCase(t)
    const check = async (user: string, p: string) => {
      await t.chat(user, '查询进度')
      await t.chat(user, n)
      return (await t.chat(user, p)).replies.map((r) => r.text).join('\n')
    }
    for (let i = 0; i < 5; i++) expect(await check('chat-guesser', wrong)).toContain('没有找到')
    const locked = await check('chat-guesser', pin)
    expect(locked).not.toContain('没有找到')
    expect(locked).toContain(texts(t)['report.status.locked']!)
    expect(await check('chat-reporter', pin)).toContain(texts(t)['report.status.received']!)
  })
})

describe('查询进度 in the chat', () => {
  it('counts a wrong PIN once, however often the message is delivered', async () => {
    const t = await reportApp()
    const { n, wrong } = await reportedCase(t)
    const send = (text: string, messageId: string) =>
      t.app.request('/api/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: webUser('checker'), text, messageId }),
      })
    await send('查询进度', 'm1')
    await send(n, 'm2')
    const answers = await Promise.all([1, 2, 3].map(() => send(wrong, 'm3')))
    const texts = await Promise.all(answers.map((r) => r.text()))
    expect(new Set(texts).size).toBe(1)
    expect(texts[0]).toContain('没有找到这个案件号')
    expect(await t.deps.reports.cases.wrongAttempts(n, '2000-01-01T00:00:00.000Z')).toHaveLength(1)
  })
})

/** A report through the chat up to the question for a contact (not anonymous, a teacher). */
const REPORT_BY_CHAT = [
  '举报',
  '不是',
  '孩子身上有伤，说是家里人打的',
  '8岁',
  '钦州',
  '不清楚',
  '不是',
  '是',
  '老师',
  '不是',
]

/** Every file of the database (the WAL too) as bytes, after the driver is closed. */
async function databaseFiles(t: ReportApp): Promise<[string, Buffer][]> {
  await t.driver.close()
  const dir = dirname(t.dbPath)
  return readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))])
}

describe('confidentiality', () => {
  it('the database holds no web userId, message id or Idempotency-Key; a redelivery still gets its first answer', async () => {
    const t = await reportApp()
    const user = webUser('secret-user')
    const send = async (text: string, messageId: string) =>
      (
        await t.app.request('/api/v1/chat', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: user, text, messageId }),
        })
      ).json() as Promise<{ replies: { text: string }[] }>
    for (const [i, text] of REPORT_BY_CHAT.entries()) await send(text, `secret-message-${i}`)
    const receipt = await send(`我的电话 ${CONTACT}`, 'secret-message-last')
    expect(receipt.replies[0]!.text).toMatch(/TH-\d{4}-\w{6}-\w/)
    expect(receipt.replies[0]!.text).toMatch(/\d{6}/)
    // The retry of a lost answer: the same words, the same message id, the first answer back.
    expect(await send(`我的电话 ${CONTACT}`, 'secret-message-last')).toEqual(receipt)
    const key = 'secret-idempotency-key'
    expect((await submit(t, { what: '孩子被打了' }, { 'Idempotency-Key': key })).status).toBe(200)
    for (const [f, bytes] of await databaseFiles(t)) {
      for (const secret of [user, 'secret-user', 'secret-message', key])
        expect(bytes.includes(Buffer.from(secret)), `${f}: ${secret}`).toBe(false)
    }
  })

  it('a PIN is stored as a slow one-way hash: nothing of a chat case opens to it, its answer is sealed', async () => {
    const t = await reportApp()
    let last: { replies: { text: string }[] } = { replies: [] }
    for (const text of [...REPORT_BY_CHAT, '不用了']) last = await t.chat('pin-holder', text)
    const pin = /\b(\d{6})\b/.exec(last.replies[0]!.text)?.[1]
    expect(pin).toBeDefined()
    const [row] = await t.driver.read({ sql: 'SELECT * FROM cases', args: [] })
    expect(String(row!['pin_hash'])).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/)
    // With the key too: no column of the case opens to the PIN (a hash is not decrypted).
    const keys = t.deps.reports.keys
    for (const [column, cell] of Object.entries(row!)) {
      const text = typeof cell === 'string' && keys.isSealed(cell) ? await keys.open(cell) : cell
      expect(String(text), column).not.toContain(pin)
    }
    // The turn keeps the PIN masked; the answer a retry gets back is sealed (the key opens it).
    const turns = await t.driver.read({
      sql: 'SELECT response, replies FROM inbound_messages WHERE response IS NOT NULL',
      args: [],
    })
    for (const turn of turns) {
      expect(keys.isSealed(String(turn['response']))).toBe(true)
      expect(String(turn['replies'])).not.toContain(pin)
    }
    // And the PIN still opens the case: the check verifies it against the hash.
    expect((await get(t, String(row!['case_number']), pin!)).status).toBe(200)
  })

  it('neither the database files nor the logs hold the contact, by API or by chat, nor a phone written in what or place', async () => {
    const t = await reportApp()
    await submit(t, { what: '孩子被打了', contact: `电话${CONTACT}`, name: '测试用户' })
    // A case's free text holds what people write: names, phone and ID numbers.
    await submit(t, { what: `打孩子的人电话${IN_WHAT}`, place: `${IN_PLACE}号楼`, anonymous: true })
    let last: { replies: { text: string }[] } = { replies: [] }
    for (const text of [...REPORT_BY_CHAT, `我的电话 ${CONTACT}`])
      last = await t.chat('reporter', text)
    expect(last.replies[0]!.text).toMatch(/TH-\d{4}-/)
    const cases = await t.driver.read({ sql: 'SELECT * FROM cases', args: [] })
    expect(cases).toHaveLength(3)
    expect(cases.filter((c) => String(c['reporter_sealed']).startsWith('s1.'))).toHaveLength(2)
    expect(cases.every((c) => String(c['what']).startsWith('s1.'))).toBe(true)
    for (const [f, bytes] of await databaseFiles(t)) {
      expect(bytes.includes(Buffer.from(CONTACT)), f).toBe(false)
      expect(bytes.includes(Buffer.from('测试用户')), f).toBe(false)
      expect(bytes.includes(Buffer.from(IN_WHAT)), f).toBe(false)
      expect(bytes.includes(Buffer.from(IN_PLACE)), f).toBe(false)
    }
    expect(t.logs.join('\n')).not.toContain(CONTACT)
  })
})
