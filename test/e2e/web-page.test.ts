/**
 * The web chat page at `/`, driven in real Chromium on a phone-sized screen against the real
 * server (src/node.ts, its own libsql file). Every wait is for a selector or a response.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { realContent } from '../support/content.js'
import { deskPage, launchChromium, phonePage, type PhonePage } from './browser.js'
import { ROOT, startServer, type RunningServer } from './server.js'

const content = realContent()
const t = content.texts['zh-Hans']
const text = (key: string): string => {
  const value = t[key]
  if (value === undefined) throw new Error(`no text ${key}`)
  return value
}
/** A text's words before its first placeholder (the server fills in the rest). */
const fixed = (key: string): string => text(key).split('{')[0]!

// The menu as the main flow defines it (its first question), in order.
const menuNode = realContent().flows['main']!.nodes['menu']!
const MENU = (menuNode.kind === 'ask_choice' ? menuNode.choices : []).map((c) => text(c.label))
const HUMAN = MENU.indexOf(text('main.human')) + 1
const DANGER = '隔壁又在打孩子了，孩子一直在哭喊救命'
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

/** A fresh phone (its own storage, so its own user) on the chat page, with the menu shown. */
async function openChat(): Promise<PhonePage> {
  const phone = await phonePage(browser)
  open.push(phone)
  await phone.page.goto(server.url + '/')
  await menuButton(phone.page, MENU.length).waitFor()
  return phone
}

function menuButton(page: Page, n: number) {
  return page.getByRole('button', { name: `${n} ${MENU[n - 1]}`, exact: true })
}

function chatResponse(page: Page) {
  return page.waitForResponse((r) => r.url().endsWith('/api/v1/chat'))
}

async function typeAndSend(page: Page, message: string): Promise<void> {
  await page.getByLabel(text('page.input_label')).fill(message)
  const answered = chatResponse(page)
  await page.getByRole('button', { name: text('page.send'), exact: true }).click()
  await answered
}

const userMessages = (page: Page) => page.locator('.msg.user .text')
const botMessages = (page: Page) => page.locator('.msg.bot:not(.error)')

describe('web chat page in Chromium, phone-sized', () => {
  it('opens on the main menu: numbered buttons, simplified Chinese, no errors', async () => {
    const { page, errors, failedLoads } = await openChat()
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans')
    expect(await page.title()).toBe(text('page.title'))
    const buttons = page.locator('.choices button')
    expect(await buttons.allTextContents()).toEqual(MENU.map((label, i) => `${i + 1} ${label}`))
    expect(await botMessages(page).first().locator('.text').textContent()).toBe(text('main.menu'))
    // The empty opening message shows no bubble of the user's own.
    expect(await userMessages(page).count()).toBe(0)
    await expect(
      page.getByRole('button', { name: text('page.quick_exit') }).isVisible(),
    ).resolves.toBe(true)
    expect(await page.getByRole('log').count()).toBe(1)
    await page.screenshot({ path: join(SHOTS, 'tonghu-page.png') })
    // Nothing was refused by the page's CSP, nothing threw, nothing failed to load.
    expect(errors).toEqual([])
    expect(failedLoads).toEqual([])
  })

  it("tapping 转人工 shows the choice as the user's message and the queued status", async () => {
    const { page, errors } = await openChat()
    const status = page.getByRole('status')
    expect(await status.isHidden()).toBe(true)
    const answered = chatResponse(page)
    await menuButton(page, HUMAN).tap()
    expect((await answered).request().postDataJSON()).toMatchObject({ choice: 'human' })
    await status.getByText(text('page.status_queued')).waitFor()
    expect(await userMessages(page).allTextContents()).toEqual([text('main.human')])
    // The queue notice is filled in by the server (hours, who is online): the fixed words stay.
    expect(await botMessages(page).last().textContent()).toContain(fixed('handoff.queued'))
    // While queued the bot is quiet: a message is acknowledged as sent, the status stays.
    await typeAndSend(page, '有人吗')
    await page.locator('.msg.user .note').getByText(text('page.sent')).waitFor()
    expect(await status.isVisible()).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'tonghu-page-queued.png') })
    expect(errors).toEqual([])
  })

  it('coming back while queued says so, instead of a blank screen', async () => {
    const { page, errors } = await openChat()
    await menuButton(page, HUMAN).click()
    await page.getByRole('status').waitFor()
    await page.reload()
    await page.getByText(fixed('handoff.still_queued')).waitFor()
    expect(await page.getByRole('status').textContent()).toBe(text('page.status_queued'))
    expect(errors).toEqual([])
  })

  it("keyboard: a button pressed with Enter hands focus to the next question's first button", async () => {
    const { page, errors } = await openChat()
    // Opening the page takes no focus (no keyboard pops up, nothing is pre-selected).
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true)
    await menuButton(page, 1).focus()
    const answered = chatResponse(page)
    await page.keyboard.press('Enter')
    await answered
    await page.getByText(text('policy.ask_region')).waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      `1 ${content.regions[0]!.name}`,
    )
    expect(errors).toEqual([])
  })

  it('an agency without a number reads as how to reach it, not as a button to call', async () => {
    const { page, errors } = await openChat()
    // A concern for local staff: its contact (the village committee) has no phone number.
    await typeAndSend(page, '孩子爸妈都在外地，奶奶也不管他，孩子经常没人管')
    const agency = page.locator('.contacts .agency')
    await agency.waitFor()
    const village = content.triage.directory.find((e) => e.id === 'village_committee_national')!
    expect(village.phone).toBeUndefined()
    expect(await agency.textContent()).toContain(village.action)
    expect(await page.locator('.contacts a').count()).toBe(0)
    const look = await agency.evaluate((e) => [
      e.tagName,
      getComputedStyle(e).borderTopWidth,
      getComputedStyle(e).backgroundColor,
    ])
    expect(look).toEqual(['DIV', '0px', 'rgba(0, 0, 0, 0)'])
    expect(errors).toEqual([])
  })

  it('a danger message gets an urgent reply whose first link calls 110', async () => {
    const { page, errors } = await openChat()
    await typeAndSend(page, DANGER)
    const urgent = page.locator('.msg.urgent[role="alert"]')
    await urgent.waitFor()
    expect(await urgent.locator('.text').textContent()).toContain('110')
    const firstLink = urgent.locator('a').first()
    expect(await firstLink.getAttribute('href')).toBe('tel:110')
    const police = content.contacts['police']!
    expect(await firstLink.textContent()).toContain(police.name)
    expect(await firstLink.textContent()).toContain(police.description)
    // Visibly different: a thick red border.
    const border = await urgent
      .locator('.bubble')
      .evaluate((e) => [getComputedStyle(e).borderTopColor, getComputedStyle(e).borderTopWidth])
    expect(border).toEqual(['rgb(176, 0, 26)', '3px'])
    // The danger flow's choices come after the call link, still numbered.
    expect(await page.locator('.choices button').first().textContent()).toBe(
      `1 ${text('danger.report')}`,
    )
    await page.screenshot({ path: join(SHOTS, 'tonghu-page-danger.png') })
    expect(errors).toEqual([])
  })

  it('words the bot cannot place get the safety line first, with 110 to tap, and a way on', async () => {
    const { page, errors } = await openChat()
    await typeAndSend(page, '啊啊啊啊')
    await botMessages(page).nth(2).waitFor()
    expect(await botMessages(page).nth(1).locator('.text').textContent()).toBe(
      text('triage.first.unsure'),
    )
    expect(await botMessages(page).nth(1).locator('a[href="tel:110"]').count()).toBe(1)
    // One set of buttons on screen: the old menu's are gone, the question's work.
    expect(await page.locator('.choices').count()).toBe(1)
    const labels = ['check.danger', 'check.safe', 'danger.report', 'command.human'].map(text)
    expect(await page.locator('.choices button').allTextContents()).toEqual(
      labels.map((label, i) => `${i + 1} ${label}`),
    )
    // "No danger" goes back to the menu.
    await page.locator('.choices button').nth(1).click()
    await page.getByText(text('check.noted')).waitFor()
    expect(errors).toEqual([])
  })

  it('a lone 不清楚 beside a typed answer has no number, so a typed "1" is an age', async () => {
    const { page, errors } = await openChat()
    // 看看孩子能领什么 → 山西 → 几岁？ (the age comes first: every children's measure needs it)
    for (const said of ['2', '山西']) await typeAndSend(page, said)
    await page.getByText(text('policy.ask.child_age')).waitFor()
    const unknown = page.locator('.msg.bot').last().locator('button.choice')
    expect(await unknown.allTextContents()).toEqual([text('choice.unknown')])
    await typeAndSend(page, '1')
    // Taken as one year old: on to question 2, not 不清楚 (which would not be asked about again).
    await page.getByText(/第2题/).waitFor()
    expect(await page.locator('.msg.bot').last().textContent()).not.toContain(
      text('retry.ask_screen.age'),
    )
    expect(errors).toEqual([])
  })

  it('typing a number works like pressing its button', async () => {
    const { page, errors } = await openChat()
    await typeAndSend(page, '1')
    await page.getByText(text('policy.ask_region')).waitFor()
    expect(await userMessages(page).allTextContents()).toEqual(['1'])
    expect(errors).toEqual([])
  })

  it('quick exit clears the screen and storage at once, and the next visit is a new user', async () => {
    const { context, page, errors } = await openChat()
    const queued = chatResponse(page)
    await menuButton(page, HUMAN).click()
    const before = (await (await queued).json()) as { conversationId: string }
    await page.getByRole('status').waitFor()
    const oldUser = await page.evaluate(() => {
      sessionStorage.setItem('draft', 'x')
      return localStorage.getItem('tonghu.userId')
    })
    expect(oldUser).toBeTruthy()

    // What the page held as it left (pagehide comes after the clearing), kept in a cookie: the
    // page itself sets none, and a cookie outlives the document.
    await page.evaluate(() => {
      addEventListener('pagehide', () => {
        const seen = [document.body.textContent ?? '', localStorage.length, sessionStorage.length]
        document.cookie = `seen=${encodeURIComponent(JSON.stringify(seen))}; path=/`
      })
    })
    await page.getByRole('button', { name: text('page.quick_exit') }).click()
    await page.waitForURL('about:blank')
    const cookie = (await context.cookies(server.url)).find((c) => c.name === 'seen')
    expect(JSON.parse(decodeURIComponent(cookie?.value ?? 'null'))).toEqual(['', 0, 0])
    expect(await page.content()).not.toContain(text('main.menu'))

    // Back on the page: a new user id, so a new conversation at the menu, not the old queue.
    const fresh = chatResponse(page)
    await page.goto(server.url + '/')
    const after = (await (await fresh).json()) as { conversationId: string }
    await menuButton(page, 1).waitFor()
    expect(after.conversationId).not.toBe(before.conversationId)
    expect(await page.evaluate(() => localStorage.getItem('tonghu.userId'))).not.toBe(oldUser)
    expect(await page.getByRole('status').isHidden()).toBe(true)
    expect(errors).toEqual([])
  })

  it('the Escape key is a quick exit too', async () => {
    const { page } = await openChat()
    await page.keyboard.press('Escape')
    await page.waitForURL('about:blank')
    expect(await page.evaluate(() => document.body?.textContent ?? '')).toBe('')
  })

  it('reads well on a phone: text at least 18px, big buttons, no sideways scrolling', async () => {
    const { page, errors } = await openChat()
    await typeAndSend(page, DANGER)
    await page.locator('.msg.urgent').waitFor()
    const sizes = await page.evaluate(() => {
      const px = (sel: string) =>
        [...document.querySelectorAll(sel)].map((e) => parseFloat(getComputedStyle(e).fontSize))
      return {
        text: px('.msg .text'),
        choices: px('.choice'),
        contacts: [...px('.call .name'), ...px('.call .desc')],
        input: px('#input'),
        exit: px('#exit'),
        sideways: document.documentElement.scrollWidth > window.innerWidth,
      }
    })
    for (const list of [sizes.text, sizes.choices, sizes.contacts, sizes.input, sizes.exit]) {
      expect(list.length).toBeGreaterThan(0)
      for (const size of list) expect(size).toBeGreaterThanOrEqual(18)
    }
    expect(sizes.sideways).toBe(false)
    for (const target of await page.locator('.choice, .call, #exit, #send').all()) {
      const box = await target.boundingBox()
      expect(box!.height).toBeGreaterThanOrEqual(44)
    }
    expect(errors).toEqual([])
  })

  it("a long message is held to 2000 characters; the server's 400 shows calmly if it gets through", async () => {
    const { page, errors, failedLoads } = await openChat()
    const input = page.getByLabel(text('page.input_label'))
    const max = content.settings.maxTextLength
    await input.fill('好'.repeat(max + 100))
    expect((await input.inputValue()).length).toBe(max)
    expect(await page.locator('#counter').textContent()).toBe(
      text('page.counter').replace('{n}', '0'),
    )

    // A client that ignores maxlength: the server refuses and the page says why, in Chinese.
    await page.evaluate((n) => {
      const box = document.getElementById('input') as HTMLTextAreaElement
      box.removeAttribute('maxlength')
      box.value = '好'.repeat(n)
    }, max + 1)
    const answered = chatResponse(page)
    await page.getByRole('button', { name: text('page.send'), exact: true }).click()
    expect((await answered).status()).toBe(400)
    const alert = page.locator('.msg.error[role="alert"]')
    await alert.waitFor()
    expect(await alert.textContent()).toContain(
      text('page.error_too_long').replace('{max}', String(max)),
    )
    expect(await alert.locator('.detail').textContent()).toMatch(/2000/)
    expect(await alert.locator('.retry').count()).toBe(0)
    // The text is given back to shorten, and the menu buttons still work.
    expect((await input.inputValue()).length).toBe(max + 1)
    expect(await menuButton(page, 1).isEnabled()).toBe(true)
    expect(failedLoads).toHaveLength(1)
    expect(errors).toEqual([])
  })

  it('after a network error or a 503, 重试 resends the same messageId', async () => {
    const { page, errors } = await openChat()
    const ids: string[] = []
    const outcomes = ['abort', 'unavailable', 'pass']
    await page.route('**/api/v1/chat', async (route) => {
      const body = route.request().postDataJSON() as { text?: string; messageId: string }
      if (body.text !== '你好') return route.continue()
      ids.push(body.messageId)
      const outcome = outcomes.shift()
      if (outcome === 'abort') return route.abort('internetdisconnected')
      if (outcome === 'unavailable')
        return route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'unavailable', message: 'try again' } }),
        })
      return route.continue()
    })
    const retry = page.getByRole('button', { name: text('page.retry'), exact: true })

    await page.getByLabel(text('page.input_label')).fill('你好')
    await page.getByRole('button', { name: text('page.send'), exact: true }).click()
    await page.locator('.msg.error').getByText(text('page.error_network')).waitFor()
    // The menu is still usable while the message waits for a retry.
    expect(await menuButton(page, 1).isEnabled()).toBe(true)

    let answered = chatResponse(page)
    await retry.click()
    expect((await answered).status()).toBe(503)
    await page.locator('.msg.error').getByText(text('page.error_busy')).waitFor()
    expect(await page.locator('.msg.error').count()).toBe(1)

    answered = chatResponse(page)
    await retry.click()
    expect((await answered).status()).toBe(200)
    await page.locator('.choices').waitFor()
    expect(await page.locator('.msg.error').count()).toBe(0)
    expect(await userMessages(page).allTextContents()).toEqual(['你好'])
    expect(ids).toHaveLength(3)
    expect(new Set(ids).size).toBe(1)
    expect(errors).toEqual([])
  })

  it('shows text as text, never as HTML', async () => {
    const { page, errors } = await openChat()
    const html = '<img src=x onerror="document.title=1"><b>粗</b>'
    await typeAndSend(page, html)
    expect(await userMessages(page).last().textContent()).toBe(html)
    expect(await page.locator('.log img, .log b').count()).toBe(0)
    // No script ran (it would have set the title to 1); the page's words follow the bot's
    // language, which these Latin letters made English.
    expect(await page.title()).toBe(content.texts.en['page.title'])
    expect(errors).toEqual([])
  })
})

// Results first, kept, and the page that remembers. A screening ends in a one-screen summary
// whose measures open in one tap; a reload draws the conversation again (result card, a case
// number with its PIN masked, the last buttons working); the result's printable page opens from
// its link; a user who writes Traditional gets the page's own words, buttons and contact cards in
// Traditional, also after a reload. Screenshots: tonghu-result-*.png.
const hant = content.texts['zh-Hant']

/** Types and sends by the controls' ids (their labels change with the page's language). */
async function sendHere(page: Page, message: string): Promise<void> {
  await page.locator('#input').fill(message)
  const answered = chatResponse(page)
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
  await typeAndSend(page, '看看孩子能领什么')
  await typeAndSend(page, '山西')
  await typeAndSend(page, '八岁')
  await typeAndSend(page, '很困难')
  for (let i = 0; i < 40 && (await page.locator('.msg .link').count()) === 0; i++)
    await typeAndSend(page, '不清楚')
}

const summary = (page: Page) => page.locator('.msg.bot', { has: page.locator('.link') }).last()

describe('the result, first and kept', () => {
  it('is a short summary and a list, the details one tap away, and a reload draws it all again', async () => {
    const { page, errors } = await openChat()
    await screen(page)
    const said = (await summary(page).locator('.text').textContent()) ?? ''
    expect(said).toMatch(/^按您说的情况，孩子可能可以领 2 项，列在下面。/)
    expect(said).toMatch(/结果码：[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]。/)
    // Each likely measure on a line of its own, a tap away: its status, and the amount or that
    // the document gives none.
    const list = page.locator('.msg.bot').last()
    expect(await list.locator('.choice .label').first().textContent()).toBe(
      '贫困儿童电子健康档案和健康卡：按您说的情况符合；文件没写金额',
    )
    await summary(page).scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'tonghu-result-summary.png') })
    // The summary and its list: two phone screens (844 px each) at most.
    const top = (await summary(page).boundingBox())!.y
    const end = (await list.boundingBox())!
    expect(end.y + end.height - top).toBeLessThan(2 * 844)

    await list.getByRole('button', { name: /贫困儿童电子健康档案和健康卡/ }).click()
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
        '八岁',
        '很困难',
        '贫困儿童电子健康档案和健康卡：按您说的情况符合；文件没写金额',
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
    expect(await link.textContent()).toBe(text('screen.summary.print'))
    const [printable] = await Promise.all([context.waitForEvent('page'), link.click()])
    await printable.waitForLoadState()
    expect(printable.url()).toMatch(/\/r\/[2-9A-Z]{9}$/)
    await printable.getByRole('heading', { level: 1 }).waitFor()
    expect(await printable.title()).toBe(text('result.page.title'))
    expect(await printable.locator('.measure').count()).toBeGreaterThanOrEqual(2)
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
    expect(await page.locator('#send').textContent()).toBe(text('page.send'))
    await sendHere(page, '您好，我想問問')
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
    expect(expected.tagline).not.toBe(text('page.tagline'))
    expect(await chrome()).toEqual(expected)
    expect(await page.locator('.choice .label').first().textContent()).toBe(hant['main.policy'])
    await sendHere(page, '有人拿我的裸照威脅我，不給錢就發出去，我14歲')
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
