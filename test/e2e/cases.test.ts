/**
 * Cases in the console, in real Chromium against the real server (src/node.ts, its own libsql
 * file, accounts made with the real CLI): a teacher's report filed through POST /api/v1/reports is
 * found in the case list by its filters, operator li takes it, moves it to assessing with a note,
 * adds a note and makes a referral (the printable page opens in a new tab); supervisor zhang sees
 * the actions an operator does not and closes the case; the reporter's 查询进度 then shows the
 * closed status and its date, nothing else. Screenshots in test-results/e2e. Every wait is for a
 * selector or a response.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page, Response } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realContent } from '../support/content.js'
import { deskPage, launchChromium, type PhonePage } from './browser.js'
import { ROOT, startServer, type OperatorAccount, type RunningServer } from './server.js'

const content = realContent()
/** The console's words. */
const c = (key: string): string => {
  const value = content.console.texts['zh-Hans'][key]
  if (value === undefined) throw new Error(`no text ${key}`)
  return value
}
const SHOTS = process.env['E2E_SCREENSHOTS'] ?? join(ROOT, 'test-results', 'e2e')
const WAIT = { timeout: 15_000, interval: 50 }

const LI: OperatorAccount = { name: 'li', password: 'li-long-password-1', role: 'operator' }
const ZHANG: OperatorAccount = {
  name: 'zhang',
  password: 'zhang-long-password-9',
  role: 'supervisor',
}
const CONTACT = '13900000000'

let server: RunningServer
let browser: Browser
const pages: PhonePage[] = []

beforeAll(async () => {
  ;[server, browser] = await Promise.all([
    startServer({ operators: [LI, ZHANG] }),
    launchChromium(),
  ])
  mkdirSync(SHOTS, { recursive: true })
})

afterAll(async () => {
  for (const p of pages) await p.context.close()
  await browser?.close()
  await server?.stop()
})

const isApi = (path: string, method: string) => (r: Response) =>
  r.url().startsWith(`${server.url}/api/v1/console/${path}`) && r.request().method() === method

async function signIn(who: OperatorAccount): Promise<PhonePage> {
  const desk = await deskPage(browser)
  pages.push(desk)
  const { page } = desk
  await page.goto(`${server.url}/console/login`)
  await page.getByLabel(c('name')).fill(who.name)
  await page.getByLabel(c('password')).fill(who.password)
  await page.getByRole('button', { name: c('sign_in'), exact: true }).click()
  await page.waitForURL(`${server.url}/console`)
  await page.locator('#me').getByText(who.name).waitFor()
  return desk
}

/** Presses a button and waits for the console API's answer to it. */
async function press(page: Page, name: string, path: string): Promise<Response> {
  const answered = page.waitForResponse((r) => isApi('cases/', 'POST')(r) && r.url().endsWith(path))
  await page.getByRole('button', { name, exact: true }).click()
  return answered
}

const state = (page: Page) => page.locator('#state')

describe('cases in the console, in Chromium', () => {
  it('list, open, assign, status, note, referral; the supervisor closes; the reporter sees the status', async () => {
    // A teacher files a report through the real API.
    const filed = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        what: '学生说爸爸昨晚用皮带打他，身上有伤',
        age: 9,
        region: 'chongqing',
        place: '渝北区某小学',
        hurt: true,
        reporterRole: 'teacher',
        contact: CONTACT,
      }),
    })
    expect(filed.status).toBe(200)
    const { caseNumber, pin } = (await filed.json()) as { caseNumber: string; pin: string }

    // li finds it in the list, filtered by urgency and region.
    const li = await signIn(LI)
    await li.page.getByRole('link', { name: c('cases'), exact: true }).click()
    await li.page.waitForURL(`${server.url}/console/cases`)
    const row = li.page.locator(`#cases tr[data-case="${caseNumber}"]`)
    await row.waitFor()
    expect(await row.locator('.status').textContent()).toBe(c('status.received'))
    await li.page.locator('#f-status').selectOption('closed')
    const none = li.page.waitForResponse(isApi('cases?status=closed', 'GET'))
    await li.page.getByRole('button', { name: c('filter'), exact: true }).click()
    await none
    await li.page.locator('#empty').waitFor()
    await li.page.locator('#f-status').selectOption('')
    await li.page.locator('#f-urgency').selectOption('urgent')
    await li.page.locator('#f-region').selectOption('chongqing')
    await li.page.getByRole('button', { name: c('filter'), exact: true }).click()
    await row.waitFor()
    expect(li.page.url()).toBe(`${server.url}/console/cases?urgency=urgent&region=chongqing`)
    expect(await li.page.locator('#cases').textContent()).not.toContain(CONTACT)
    await li.page.screenshot({ path: join(SHOTS, 'console-cases.png') })

    // The case: what was reported and the duty; no status change until li takes it.
    await row.getByRole('link', { name: caseNumber, exact: true }).click()
    await li.page.waitForURL(`${server.url}/console/cases/${caseNumber}`)
    await li.page.locator('#case').getByText('皮带', { exact: false }).waitFor()
    expect(await li.page.locator('#case').textContent()).toContain(c('mandated'))
    expect(await li.page.locator('#status-form').isHidden()).toBe(true)
    expect(await li.page.locator('#refer-tools').isHidden()).toBe(true)
    expect(await li.page.locator('#assign-form').isHidden()).toBe(true)
    expect(await li.page.locator('#reveal-tools').isHidden()).toBe(true)
    expect((await press(li.page, c('assign_me'), '/assign')).status()).toBe(200)
    await state(li.page)
      .getByText(`${c('assigned_to')} li`, { exact: false })
      .waitFor()
    await li.page.locator('#status-form').waitFor()
    // Now theirs: li may see who reported, with a reason.
    await li.page.locator('#reveal-tools').waitFor()
    await li.page.getByRole('textbox', { name: c('reveal_reason') }).fill('需要回电核实情况')
    expect((await press(li.page, c('reveal'), '/reveal')).status()).toBe(200)
    await li.page.locator('#reveal-tools .revealed').getByText(CONTACT).waitFor()

    await li.page.locator('#status-to').selectOption('assessing')
    expect(await li.page.locator('#status-reason').isHidden()).toBe(true)
    await li.page.getByRole('textbox', { name: c('status_note') }).fill('已联系班主任核实')
    expect((await press(li.page, c('change_status'), '/status')).status()).toBe(200)
    await state(li.page).getByText(c('status.assessing'), { exact: false }).waitFor()
    await li.page.locator('#notes').getByText('已联系班主任核实').waitFor()

    await li.page.getByRole('textbox', { name: c('note') }).fill('孩子今天到校，情绪低落')
    expect((await press(li.page, c('add_note'), '/notes')).status()).toBe(200)
    await li.page.locator('#notes').getByText('孩子今天到校，情绪低落').waitFor()

    // The referral: recorded, the case moves to referred, the printable page opens in a new tab.
    const director = li.page.locator('#refer li').filter({
      has: li.page.locator('[data-contact="child_director_chongqing"]'),
    })
    const popup = li.context.waitForEvent('page')
    const recorded = li.page.waitForResponse((r) => r.url().includes('/referral?to='))
    await director.getByRole('button', { name: c('make_referral') }).click()
    expect((await recorded).status()).toBe(200)
    const sheet = await popup
    await sheet.waitForLoadState()
    await sheet.getByRole('heading', { name: c('referral.title') }).waitFor()
    const sheetText = (await sheet.locator('main').textContent()) ?? ''
    expect(sheetText).toContain(caseNumber)
    expect(sheetText).toContain('年龄：9岁')
    expect(sheetText).not.toContain(CONTACT)
    await sheet.screenshot({ path: join(SHOTS, 'console-referral.png'), fullPage: true })
    await sheet.emulateMedia({ media: 'print' })
    expect(await sheet.locator('.print').isHidden()).toBe(true)
    await sheet.close()
    await state(li.page).getByText(c('status.referred'), { exact: false }).waitFor()
    expect(await li.page.locator('#history').textContent()).toContain(c('history.referral'))
    await li.page.screenshot({ path: join(SHOTS, 'console-case.png'), fullPage: true })

    // zhang, a supervisor, may assign to anyone and closes the case with a reason.
    const zhang = await signIn(ZHANG)
    await zhang.page.goto(`${server.url}/console/cases/${caseNumber}`)
    await state(zhang.page).getByText(c('status.referred'), { exact: false }).waitFor()
    await zhang.page.locator('#assign-form').waitFor()
    await zhang.page.locator('#status-to').selectOption('closed')
    await zhang.page.locator('#status-reason').selectOption('resolved')
    expect((await press(zhang.page, c('change_status'), '/status')).status()).toBe(200)
    await state(zhang.page)
      .getByText(`${c('status.closed')} · ${c('close.resolved')}`, { exact: false })
      .waitFor()
    await expect.poll(() => zhang.page.locator('#refer-tools').isHidden(), WAIT).toBe(true)

    // The reporter's 查询进度: the status in plain words and the date, never notes or names.
    const progress = await fetch(`${server.url}/api/v1/reports/${caseNumber}`, {
      headers: { 'x-report-pin': pin },
    })
    const seen = (await progress.json()) as { status: string; statusText: string }
    expect(seen.status).toBe('closed')
    expect(seen.statusText).toContain(content.texts['zh-Hans']['report.status.closed']!)
    expect(seen.statusText).toMatch(/\d{4}-\d{2}-\d{2}/)
    expect(JSON.stringify(seen)).not.toMatch(/li|zhang|班主任|情绪/)

    // The pages run under the strict CSP with no errors.
    const res = await li.page.goto(`${server.url}/console/cases?lang=zh-Hant`)
    expect(res?.headers()['content-security-policy']).toContain("script-src 'sha256-")
    await li.page
      .locator('#cases-h')
      .getByText(content.console.texts['zh-Hant']['cases']!, { exact: true })
      .waitFor()
    for (const p of pages) expect(p.errors).toEqual([])
  })

  it('a supervisor adds a local contact on the directory page; an operator only reads it', async () => {
    const zhang = await signIn(ZHANG)
    await zhang.page.getByRole('link', { name: c('directory'), exact: true }).click()
    await zhang.page.waitForURL(`${server.url}/console/directory`)
    await zhang.page.locator('#entries tr[data-entry="child_director_chongqing"]').waitFor()
    const form = zhang.page.locator('#entry-form')
    await form.getByLabel(c('entry_id')).fill('child_director_chongqing_e2e')
    await form.getByLabel(c('agency')).fill('测试用儿童主任办公室')
    await form.getByLabel(c('role')).selectOption('child_director')
    await form.getByLabel(c('region_code')).fill('500000')
    await form.getByLabel(c('action')).fill('联系测试用儿童主任办公室。')
    await form.getByLabel(c('phone')).fill('02300000000')
    await form.getByLabel(c('source_doc')).fill('渝民发〔2020〕23号')
    await form.getByLabel(c('source_section')).fill('二(一)')
    await form.getByLabel(c('source_quote')).fill('村（居）民委员会明确1名“儿童主任”')
    // Without a verified date the browser's own check stops it; the server would refuse it too.
    await form.getByLabel(c('verified')).fill('2026-03-01')
    const saved = zhang.page.waitForResponse(isApi('directory', 'POST'))
    await zhang.page.getByRole('button', { name: c('save'), exact: true }).click()
    expect((await saved).status()).toBe(200)
    const row = zhang.page.locator('#entries tr[data-entry="child_director_chongqing_e2e"]')
    await row.waitFor()
    expect(await row.locator('.origin').textContent()).toBe(
      `${c('origin.console')} · ${c('version')} 1 · zhang`,
    )
    await zhang.page.screenshot({ path: join(SHOTS, 'console-directory.png'), fullPage: true })

    const li = await signIn(LI)
    await li.page.goto(`${server.url}/console/directory`)
    await li.page.locator('#entries tr[data-entry="child_director_chongqing_e2e"]').waitFor()
    expect(await li.page.locator('#entry-form').isHidden()).toBe(true)
    expect(await li.page.getByRole('button', { name: c('edit') }).count()).toBe(0)
    for (const p of pages) expect(p.errors).toEqual([])
  })
})
