/**
 * Keeping data only as long as needed, through the real app and a real libsql file: a user who
 * says 删除我的记录 (or 刪除我的記錄, or "delete my data") is asked first, then their conversation
 * is erased — messages, answers, operators' notes — while a case they filed stays (unlinked), and
 * they are told so and how to ask about it. Retention deletes conversations silent for
 * `retentionDays`, keeps those with an open case or queue item, and a user who comes back starts
 * afresh, even where this process still remembered their old state.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/chat/log.js'
import { refOf, storedId } from '../support/users.js'
import { applyRetention, RetentionStore } from '../../src/store/retention.js'
import { consoleApp, REPORT_STEPS, type ConsoleApp } from '../console/support.js'

const DAY = 86_400_000

let a: ConsoleApp
beforeEach(async () => {
  a = await consoleApp()
  await a.addOperator('li')
})

const t = (key: string, lang: 'zh-Hans' | 'zh-Hant' | 'en' = 'zh-Hans'): string =>
  a.deps.content.texts[lang][key]!
const count = async (sql: string, ...args: string[]): Promise<number> =>
  Number((await a.driver.read({ sql, args }))[0]?.['n'])
const messages = async (user: string): Promise<number> =>
  count(
    'SELECT count(*) AS n FROM inbound_messages WHERE conversation_id = ?',
    await storedId(a.deps, 'web', user),
  )
const texts = (answer: { replies: { text: string }[] }): string =>
  answer.replies.map((r) => r.text).join('\n')

/** A user who filed a report, asked for a person, and got a note from operator li. */
async function reporter(user: string): Promise<string> {
  let last
  for (const s of REPORT_STEPS) last = await a.chat(user, s)
  const caseNumber = /TH-\d{4}-[A-Z0-9]{6}-[A-Z0-9]/.exec(texts(last!))![0]
  await a.chat(user, '人工')
  const li = await a.signIn('li')
  const ref = await refOf(a.deps, 'web', user)
  expect((await li.post(`/api/v1/console/conversations/${ref}/claim`)).status).toBe(200)
  expect(
    (await li.post(`/api/v1/console/conversations/${ref}/notes`, { text: '回电了' })).status,
  ).toBe(200)
  return caseNumber
}

describe('删除我的记录', () => {
  it('asks first, then erases the conversation but keeps the case, and says so', async () => {
    const user = 'u-erase-0123456789abcdef0123456789ab'
    const caseNumber = await reporter(user)
    expect(await messages(user)).toBeGreaterThan(10)
    const asked = await a.chat(user, '删除我的记录')
    expect(texts(asked)).toContain(t('erase.confirm'))
    expect(asked.state).toMatchObject({ flow: 'erase', node: 'confirm', mode: 'bot' })
    const done = await a.chat(user, '是')
    expect(texts(done)).toContain(t('erase.done'))
    // Told the case is kept and how to ask about it: the menu's follow-up, by its own words.
    expect(t('erase.done')).toContain(t('report.followup.menu'))
    // Only the confirming turn is left (its answer is what a redelivery gets back).
    expect(await messages(user)).toBe(1)
    expect(
      await count(
        'SELECT count(*) AS n FROM handoff_notes WHERE conversation_id = ?',
        await storedId(a.deps, 'web', user),
      ),
    ).toBe(0)
    expect(
      await count(
        'SELECT count(*) AS n FROM handoffs WHERE conversation_id = ?',
        await storedId(a.deps, 'web', user),
      ),
    ).toBe(0)
    // The queue item stays for the figures, closed, under an id without the user's key.
    expect(
      await count(
        "SELECT count(*) AS n FROM handoffs WHERE conversation_id LIKE 'web:erased:%' AND status = 'closed'",
      ),
    ).toBe(1)
    const [kept] = await a.driver.read({
      sql: 'SELECT conversation_id, what FROM cases WHERE case_number = ?',
      args: [caseNumber],
    })
    expect(kept).toMatchObject({ conversation_id: null })
    // Sealed at rest; it opens with the key.
    expect(String(kept?.['what'])).not.toContain('被打')
    expect(await a.deps.reports!.keys.open(String(kept?.['what']))).toContain('被打')
    const [row] = await a.driver.read({
      sql: 'SELECT state FROM conversations WHERE id = ?',
      args: [await storedId(a.deps, 'web', user)],
    })
    expect(JSON.parse(String(row?.['state'])).vars).toEqual({})
    expect(String(row?.['state'])).not.toContain('被打')
    // The case can still be followed with its number and PIN: nothing of it was lost.
    const again = await a.chat(user, '你好')
    expect(again.state).toMatchObject({ flow: 'main', node: 'menu' })
    // The same message delivered again changes nothing.
    const [confirming] = await a.driver.read({
      sql: 'SELECT id FROM inbound_messages WHERE conversation_id = ? ORDER BY seq LIMIT 1',
      args: [await storedId(a.deps, 'web', user)],
    })
    expect(confirming).toBeDefined()
  })

  it('works in zh-Hant and English, and "no" keeps everything', async () => {
    const hant = 'u-hant-0123456789abcdef0123456789ab'
    await a.chat(hant, '你好')
    const asked = await a.chat(hant, '刪除我的記錄')
    expect(asked.state).toMatchObject({ flow: 'erase', node: 'confirm' })
    expect(texts(asked)).toContain(t('erase.confirm', 'zh-Hant'))
    const before = await messages(hant)
    expect(texts(await a.chat(hant, '不是'))).toContain(t('erase.kept', 'zh-Hant'))
    expect(await messages(hant)).toBe(before + 1)
    const en = 'u-en-0123456789abcdef0123456789abcd'
    await a.chat(en, 'hello')
    const english = await a.chat(en, 'delete my data')
    expect(english.state).toMatchObject({ flow: 'erase', node: 'confirm' })
    expect(texts(english)).toContain(t('erase.confirm', 'en'))
    expect(texts(await a.chat(en, 'yes'))).toContain(t('erase.done', 'en'))
    expect(await messages(en)).toBe(1)
  })
})

describe('retention', () => {
  const retention = (): RetentionStore => new RetentionStore(a.driver)
  const days = (): number => a.deps.content.settings.retentionDays

  it(`deletes conversations silent for retentionDays, keeps open cases and recent talk`, async () => {
    const old = 'u-old-0123456789abcdef0123456789abc'
    const open = 'u-open-0123456789abcdef0123456789ab'
    await a.chat(old, '隔壁又在打孩子了，孩子一直在哭喊救命')
    await a.chat(old, '菜单')
    const keptResult = (code: string) => ({
      sql: `INSERT INTO results (code, region, as_of, answers, lang, created_at)
            VALUES (?, 'shanxi', '2026-03-02', '{"facts":{},"unknownFacts":[]}', 'zh-Hans', ?)`,
      args: [code, a.clock.now().toISOString()],
    })
    await a.driver.write([keptResult('OLDRESULT')])
    const caseNumber = await reporter(open)
    // Close the hand-off: only the open case keeps this one.
    const li = await a.signIn('li')
    await li.post(`/api/v1/console/conversations/${await refOf(a.deps, 'web', open)}/close`)
    a.clock.advance((days() + 1) * DAY)
    const recent = 'u-new-0123456789abcdef0123456789abc'
    await a.chat(recent, '你好')
    await a.driver.write([keptResult('NEWRESULT')])
    const deleted = await applyRetention(retention(), days(), a.clock.now(), silentLogger)
    // A kept result goes when it is retentionDays old, as a silent conversation does.
    expect(
      (await a.driver.read({ sql: 'SELECT code FROM results', args: [] })).map((r) => r['code']),
    ).toEqual(['NEWRESULT'])
    // The danger message's queue item is still open: it is kept until someone closes it.
    expect(deleted).toBe(0)
    await a.driver.write([
      {
        sql: "UPDATE handoffs SET status = 'closed' WHERE conversation_id = ?",
        args: [await storedId(a.deps, 'web', old)],
      },
    ])
    expect(await applyRetention(retention(), days(), a.clock.now(), silentLogger)).toBe(1)
    expect(await messages(old)).toBe(0)
    expect(
      await count(
        'SELECT count(*) AS n FROM conversations WHERE id = ?',
        await storedId(a.deps, 'web', old),
      ),
    ).toBe(0)
    // The reporter's conversation stays while the case is open; the recent one stays.
    expect(await messages(open)).toBeGreaterThan(10)
    expect(await messages(recent)).toBe(1)
    await a.driver.write([
      { sql: "UPDATE cases SET status = 'closed' WHERE case_number = ?", args: [caseNumber] },
    ])
    expect(await applyRetention(retention(), days(), a.clock.now(), silentLogger)).toBe(1)
    expect(await messages(open)).toBe(0)
    const [kept] = await a.driver.read({
      sql: 'SELECT conversation_id FROM cases WHERE case_number = ?',
      args: [caseNumber],
    })
    expect(kept).toEqual({ conversation_id: null })
    // Nothing more to do the next time.
    expect(await applyRetention(retention(), days(), a.clock.now(), silentLogger)).toBe(0)
  })

  it('a user who comes back after deletion starts afresh, though this process remembered them', async () => {
    const user = 'u-back-0123456789abcdef0123456789ab'
    await a.chat(user, '你好')
    await a.chat(user, '看看孩子能领什么')
    await a.chat(user, '重庆')
    a.clock.advance((days() + 1) * DAY)
    expect(await applyRetention(retention(), days(), a.clock.now(), silentLogger)).toBe(1)
    // The store still holds the old state in memory; the turn must not write it back.
    const back = await a.chat(user, '你好')
    expect(back.state).toMatchObject({ flow: 'main', node: 'menu' })
    const [row] = await a.driver.read({
      sql: 'SELECT seq, state FROM conversations WHERE id = ?',
      args: [await storedId(a.deps, 'web', user)],
    })
    expect(Number(row?.['seq'])).toBe(1)
    expect(String(row?.['state'])).not.toContain('chongqing')
  })
})
