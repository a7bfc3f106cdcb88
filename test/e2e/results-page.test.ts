/**
 * Results first, kept, and the page that remembers: in real Chromium against the real server.
 * A screening ends in a one-screen summary whose measures open in one tap; a reload draws the
 * conversation again (result card, a case number with its PIN masked, the last buttons working);
 * the result's printable page opens from its link; a user who writes Traditional gets the page's
 * own words, buttons and contact cards in Traditional, also after a reload. Screenshots go to
 * test-results/e2e (tonghu-result-*.png) to be looked at.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { realContent } from '../support/content.js'
import { deskPage, launchChromium, phonePage, type PhonePage } from './browser.js'
import { ROOT, startServer, type RunningServer } from './server.js'

const content = realContent()
const hans = content.texts['zh-Hans']
const hant = content.texts['zh-Hant']
const SHOTS = process.env['E2E_SCREENSHOTS'] ?? join(ROOT, 'test-results', 'e2e')

let server: RunningServer
let browser: Browser
let open: PhonePage[] = []

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startServer(), launchChromium()])
  mkdirSync(SHOTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

afterEach(async () => {
  for (const p of open) await p.context.close()
  open = []
})

async function openChat(): Promise<PhonePage> {
  const phone = await phonePage(browser)
  open.push(phone)
  await phone.page.goto(server.url + '/')
  await phone.page.locator('.choice').first().waitFor()
  return phone
}

async function send(page: Page, message: string): Promise<void> {
  await page.locator('#input').fill(message)
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/chat'))
  await page.locator('#send').click()
  await answered
}

/** The chat API as the page's own user (what another tab of the same phone would send). */
async function asUser(page: Page, text: string): Promise<void> {
  const userId = await page.evaluate(() => localStorage.getItem('tonghu.userId'))
  const res = await fetch(`${server.url}/api/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, text }),
  })
  expect(res.status).toBe(200)
}

/** A Shanxi family that is hard up and does not know the rest: on to the summary. */
async function screen(page: Page): Promise<void> {
  await send(page, '看看孩子能领什么')
  await send(page, '山西')
  await send(page, '很困难')
  for (let i = 0; i < 40 && (await page.locator('.msg .link').count()) === 0; i++)
    await send(page, '不清楚')
}

const summary = (page: Page) => page.locator('.msg.bot', { has: page.locator('.link') }).last()

describe('the result, first and kept', () => {
  it('is one screen of lines with the details one tap away, and a reload draws it all again', async () => {
    const { page, errors } = await openChat()
    await screen(page)
    const text = (await summary(page).locator('.text').textContent()) ?? ''
    expect(text).toContain('按您说的情况，孩子可能可以领这')
    expect(text).toMatch(/1\.【贫困儿童电子健康档案和健康卡】符合。金额：文件没有写具体金额。/)
    expect(text).toMatch(/结果码：[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]。/)
    await summary(page).scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'tonghu-result-summary.png') })
    // The summary and its buttons: no more than two phone screens.
    const box = await summary(page).boundingBox()
    expect(box!.height).toBeLessThan(844)

    await page.getByRole('button', { name: /贫困儿童电子健康档案和健康卡$/ }).click()
    const card = page.locator('.msg.bot .text', { hasText: '文件原文：' }).last()
    await card.waitFor()
    expect(await card.textContent()).toContain('去哪里办：乡镇人民政府（街道办事处）')

    // A report on the same phone, then a reload: the conversation is back, a case number in it.
    for (const line of [
      '菜单',
      '我要举报',
      '不是',
      '对门的孩子父母长期在外打工，奶奶照顾不过来',
      '不清楚',
      '其他地区',
      '不清楚',
      '不是',
      '不是',
      '邻居',
      '是',
    ])
      await asUser(page, line)
    await page.reload()
    await page.locator('.msg.bot', { hasText: '案件号 TH-' }).waitFor()
    const registered =
      (await page.locator('.msg.bot', { hasText: '案件号 TH-' }).textContent()) ?? ''
    expect(registered).toContain('******')
    expect(registered).not.toMatch(/查询密码 \d{6}/)
    expect(await page.locator('.msg.bot .link').count()).toBe(1)
    expect(await page.locator('.msg.bot .text', { hasText: '文件原文：' }).count()).toBe(1)
    expect(await page.locator('.msg.user .text').allTextContents()).toEqual(
      expect.arrayContaining([
        '看看孩子能领什么',
        '山西',
        '很困难',
        '贫困儿童电子健康档案和健康卡',
      ]),
    )
    // Only the last question's buttons are there, and they work.
    const buttons = page.locator('.choices')
    expect(await buttons.count()).toBe(1)
    await page.screenshot({ path: join(SHOTS, 'tonghu-result-reloaded.png'), fullPage: false })
    await page.locator('.choice').first().click()
    await page.locator('.choices').waitFor()
    expect(errors).toEqual([])
  })

  it('its link opens the printable page: measures, reasons with clauses, print styles', async () => {
    const { page, context, errors } = await openChat()
    await screen(page)
    const link = summary(page).locator('.link')
    expect(await link.textContent()).toBe(hans['screen.summary.print'])
    const [printable] = await Promise.all([context.waitForEvent('page'), link.click()])
    await printable.waitForLoadState()
    expect(printable.url()).toMatch(/\/r\/[2-9A-Z]{9}$/)
    await printable.getByRole('heading', { level: 1 }).waitFor()
    expect(await printable.title()).toBe(hans['result.page.title'])
    expect(await printable.locator('.measure').count()).toBeGreaterThanOrEqual(3)
    expect(await printable.locator('.quote').first().textContent()).toMatch(
      /^依据 晋政发〔2017〕46号 .+：“.+”$/,
    )
    await printable.screenshot({ path: join(SHOTS, 'tonghu-result-page-phone.png') })
    const desk = await deskPage(browser)
    open.push(desk)
    await desk.page.goto(printable.url())
    await desk.page.emulateMedia({ media: 'print' })
    expect(await desk.page.locator('#print').isVisible()).toBe(false)
    await desk.page.screenshot({
      path: join(SHOTS, 'tonghu-result-page-print.png'),
      fullPage: true,
    })
    await desk.page.screenshot({ path: join(SHOTS, 'tonghu-result-page-print-top.png') })
    expect(desk.errors).toEqual([])
    await desk.page.emulateMedia({ media: 'screen' })
    expect(await desk.page.locator('#print').isVisible()).toBe(true)
    expect(errors).toEqual([])
  })

  it('in Traditional when the user writes it: the page, its buttons, contact cards, after a reload too', async () => {
    const { page, errors } = await openChat()
    expect(await page.locator('#send').textContent()).toBe(hans['page.send'])
    await send(page, '您好，我想問問')
    await page.locator('html[lang="zh-Hant"]').waitFor({ state: 'attached' })
    const chrome = async () => ({
      title: await page.title(),
      send: await page.locator('#send').textContent(),
      exit: await page.locator('#exit').textContent(),
      tagline: await page.locator('.brand span').textContent(),
      placeholder: await page.locator('#input').getAttribute('placeholder'),
    })
    const expected = {
      title: hant['page.title'],
      send: hant['page.send'],
      exit: hant['page.quick_exit'],
      tagline: hant['page.tagline'],
      placeholder: hant['page.input_placeholder'],
    }
    expect(expected.tagline).not.toBe(hans['page.tagline'])
    expect(await chrome()).toEqual(expected)
    expect(await page.locator('.choice .label').first().textContent()).toBe(hant['main.policy'])
    await send(page, '有人拿我的裸照威脅我，不給錢就發出去，我14歲')
    const names = (await page.locator('.msg.urgent .contact .name').allTextContents()).join(' ')
    expect(names).toContain('公安機關')
    expect(names).not.toContain('公安机关')
    await page.screenshot({ path: join(SHOTS, 'tonghu-result-hant.png') })
    await page.reload()
    await page.locator('.msg.urgent').waitFor()
    expect(await chrome()).toEqual(expected)
    expect(errors).toEqual([])
  })
})
