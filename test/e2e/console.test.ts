/**
 * The operators' console in real Chromium against the real server (src/node.ts, its own libsql
 * file, accounts made with the real CLI): a user on the chat page asks for a person, operator li
 * claims the talk while wang is refused, they talk both ways without a reload, li hands the talk
 * to wang, wang gives it back to the bot and the bot answers again. Also the queue's alarm, the
 * user leaving, sign-in lockout, CSRF, the pages' headers and the sign-in redirects. Every wait
 * is for a selector or a response.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page, Response } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { conversationRef } from '../../src/store/ref.js'
import { CONSOLE_TEXT_KEYS } from '../../src/console/page-html.js'
import { realContent } from '../support/content.js'
import { launchChromium, phonePage, type PhonePage, deskPage as openDesk } from './browser.js'
import { consoleSignIn } from './console-sign-in.js'
import { ROOT, startServer, type OperatorAccount, type RunningServer } from './server.js'
import { webUser } from '../support/users.js'

const content = realContent()
const textOf = (table: Record<string, string>, key: string): string => {
  const value = table[key]
  if (value === undefined) throw new Error(`no text ${key}`)
  return value
}
/** The chat's words. */
const t = (key: string): string => textOf(content.texts['zh-Hans'], key)
/** The console's words. */
const c = (key: string): string => textOf(content.console.texts['zh-Hans'], key)
const hant = (key: string): string => textOf(content.console.texts['zh-Hant'], key)
/** A text up to its first placeholder (the rest depends on the moment). */
const opening = (text: string): string => text.split('{')[0]!

const menuNode = content.flows['main']!.nodes['menu']!
const MENU = (menuNode.kind === 'ask_choice' ? menuNode.choices : []).map((x) => t(x.label))
const HUMAN = MENU.indexOf(t('main.human')) + 1
const SCREEN = MENU.indexOf(t('main.screen')) + 1
const DANGER = '隔壁又在打孩子了，孩子一直在哭喊救命'
/** The page updates after the response arrives: wait for it (never a fixed sleep). */
const WAIT = { timeout: 15_000, interval: 50 }
const SHOTS = process.env['E2E_SCREENSHOTS'] ?? join(ROOT, 'test-results', 'e2e')

const LI: OperatorAccount = { name: 'li', password: 'li-long-password-1', role: 'operator' }
const WANG: OperatorAccount = { name: 'wang', password: 'wang-long-password-2', role: 'operator' }
const ZHAO: OperatorAccount = { name: 'zhao', password: 'zhao-long-password-3', role: 'operator' }

let server: RunningServer
let browser: Browser
let open: PhonePage[] = []

beforeAll(async () => {
  ;[server, browser] = await Promise.all([
    startServer({ operators: [LI, WANG, ZHAO] }),
    launchChromium(),
  ])
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

/** A desk-sized context (its own cookies and storage), closed after the test. */
async function deskPage(): Promise<PhonePage> {
  const desk = await openDesk(browser)
  open.push(desk)
  return desk
}

/** Loads answered with an HTTP error (not requests cut short by leaving a page). */
const refusedLoads = (p: { failedLoads: string[] }): string[] =>
  p.failedLoads.filter((line) => /status of \d{3}/.test(line))

async function phone(): Promise<PhonePage> {
  const p = await phonePage(browser)
  open.push(p)
  return p
}

const isApi =
  (path: string, method = 'POST') =>
  (r: Response) =>
    r.url().startsWith(`${server.url}/api/v1/${path}`) && r.request().method() === method

/** Signs in on /console/login and waits for the queue page. */
const signIn = (page: Page, who: OperatorAccount): Promise<void> =>
  consoleSignIn(page, server.url, who)

/** The queue item of one conversation. */
const queueItem = (page: Page, ref: string) => page.locator(`#queue li[data-id="${ref}"]`)
/** A transcript entry on the console's conversation page. */
const entry = (page: Page, from: string, text: string) =>
  page.locator(`#log .entry.${from} .text`).getByText(text, { exact: true })
/** A bot or operator message on the chat page. */
const chatSays = (page: Page, text: string) =>
  page.locator('.msg.bot .text').getByText(text, { exact: true })

async function chatSend(page: Page, message: string): Promise<void> {
  await page.getByLabel(t('page.input_label')).fill(message)
  const answered = page.waitForResponse(isApi('chat'))
  await page.getByRole('button', { name: t('page.send'), exact: true }).click()
  await answered
}

/** A console action button pressed, and its answer. */
async function press(page: Page, name: string, path: string): Promise<Response> {
  const answered = page.waitForResponse(
    (r) => isApi('console/conversations')(r) && r.url().endsWith(path),
  )
  await page.getByRole('button', { name, exact: true }).click()
  return answered
}

/** The user's own API turn, for users the test does not need a browser for; the console's ref. */
async function apiChat(userId: string, text: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: webUser(userId), text }),
  })
  expect(res.status).toBe(200)
  return conversationRef(((await res.json()) as { conversationId: string }).conversationId)
}

describe('operators console in Chromium', () => {
  it('every word the console uses is in content, simplified and traditional', () => {
    for (const lang of ['zh-Hans', 'zh-Hant'] as const) {
      const missing = CONSOLE_TEXT_KEYS.filter((k) => !content.console.texts[lang][k])
      expect(missing, lang).toEqual([])
    }
  })

  it('hand-off: claim, refusal, live talk both ways, transfer, back to the bot', async () => {
    // 1. A user on the chat page asks for a person.
    const user = await phone()
    await user.page.goto(server.url + '/')
    const humanButton = user.page.getByRole('button', {
      name: `${HUMAN} ${MENU[HUMAN - 1]}`,
      exact: true,
    })
    const queued = user.page.waitForResponse(isApi('chat'))
    await humanButton.tap()
    const { conversationId } = (await (await queued).json()) as { conversationId: string }
    // The console knows a conversation only by its ref, never by the user's key.
    const ref = await conversationRef(conversationId)
    expect(ref).toMatch(/^[0-9a-f]{32}$/)
    await user.page.getByRole('status').getByText(t('page.status_queued')).waitFor()
    expect(await user.page.locator('.msg.bot .text').last().textContent()).toContain(
      opening(t('handoff.queued')),
    )

    // 2. li signs in on a desk, sees the item, claims it from the conversation page.
    const li = await deskPage()
    await signIn(li.page, LI)
    expect(await li.page.title()).toBe(c('title'))
    const item = queueItem(li.page, ref)
    await item.waitFor()
    expect(await item.locator('.summary').textContent()).toContain(c('reason.user_asked'))
    expect(await item.locator('.badge').textContent()).toBe(c('urgency.standard'))
    expect(await item.locator('.channel').textContent()).toBe(c('channel.web'))
    await li.page.locator('#online li').getByText(LI.name, { exact: true }).waitFor()
    await li.page.screenshot({ path: join(SHOTS, 'console-queue.png') })
    await item.getByRole('link', { name: c('open'), exact: true }).click()
    await li.page.waitForURL(`${server.url}/console/c/${ref}`)
    await entry(li.page, 'user', t('main.human')).waitFor()
    await expect.poll(() => li.page.locator('#state').textContent(), WAIT).toBe(c('mode.queued'))
    expect(await li.page.locator('#packet').textContent()).toContain(c('reason.user_asked'))
    expect((await press(li.page, c('claim'), '/claim')).status()).toBe(200)
    await li.page
      .locator('#state')
      .getByText(`${c('mode.operator')} · ${c('claimed_by')}li`)
      .waitFor()
    await entry(li.page, 'bot', t('handoff.claimed')).waitFor()
    // The user is told without reloading (the chat page's long poll).
    await chatSays(user.page, t('handoff.claimed')).waitFor()
    await user.page.getByRole('status').getByText(t('page.status_operator')).waitFor()

    // wang (on a phone) sees li has it; his claim is refused with the "taken" words.
    const wang = await phone()
    await signIn(wang.page, WANG)
    const taken = queueItem(wang.page, ref)
    await taken
      .locator('.owner')
      .getByText(`${c('claimed_by')}li`)
      .waitFor()
    expect(await taken.getByRole('button', { name: c('claim') }).count()).toBe(0)
    await taken.getByRole('link', { name: c('open'), exact: true }).click()
    await wang.page.waitForURL(`${server.url}/console/c/${ref}`)
    await wang.page.locator('#claim-tools').waitFor()
    expect((await press(wang.page, c('claim'), '/claim')).status()).toBe(409)
    await expect.poll(() => wang.page.locator('#notice').textContent(), WAIT).toBe(c('taken'))
    expect(await wang.page.locator('#owner-tools').isHidden()).toBe(true)

    // 3. li answers with a canned reply; the user sees it without reloading, and answers.
    const greeting = content.console.canned.find((r) => r.id === 'greeting')!
    await li.page.getByRole('button', { name: greeting.label['zh-Hans'], exact: true }).click()
    expect(await li.page.locator('#message').inputValue()).toBe(greeting.text['zh-Hans'])
    expect((await press(li.page, c('send'), '/messages')).status()).toBe(200)
    await entry(li.page, 'operator', greeting.text['zh-Hans']).waitFor()
    await chatSays(user.page, greeting.text['zh-Hans']).waitFor()
    expect(await user.page.locator('.msg.operator').count()).toBe(1)
    const reply = '我想问问孩子的补贴怎么申请'
    await chatSend(user.page, reply)
    await entry(li.page, 'user', reply).waitFor()
    // wang's page, open all along, shows the talk too.
    await entry(wang.page, 'user', reply).waitFor()

    // An internal note: kept for operators, never sent to the user.
    const note = '用户情绪平稳，想了解补贴'
    await li.page.getByRole('textbox', { name: c('note') }).fill(note)
    const noted = li.page.waitForResponse(
      (r) => isApi('console/conversations')(r) && r.url().endsWith('/notes'),
    )
    await li.page.getByRole('button', { name: c('add_note'), exact: true }).click()
    expect((await noted).status()).toBe(200)
    await li.page.locator('#notes').getByText(note).waitFor()

    await li.page.screenshot({ path: join(SHOTS, 'console-conversation.png'), fullPage: true })
    await wang.page.screenshot({ path: join(SHOTS, 'console-conversation-phone.png') })

    // 4. li hands the talk to wang; wang may now write; li no longer can.
    await li.page.getByPlaceholder(c('transfer_to')).fill(WANG.name)
    await li.page.getByPlaceholder(c('transfer_note')).fill('请接着跟进补贴申请')
    const transferred = li.page.waitForResponse(
      (r) => isApi('console/conversations')(r) && r.url().endsWith('/transfer'),
    )
    await li.page
      .locator('#transfer-form')
      .getByRole('button', { name: c('transfer'), exact: true })
      .click()
    expect((await transferred).status()).toBe(200)
    await li.page
      .locator('#state')
      .getByText(`${c('claimed_by')}wang`)
      .waitFor()
    await li.page.locator('#owner-tools').waitFor({ state: 'hidden' })
    await wang.page.locator('#owner-tools').waitFor()
    await chatSays(user.page, t('handoff.transferred')).waitFor()
    const fromWang = '您好，我是接手的工作人员，我们接着说。'
    await wang.page.getByLabel(c('message_placeholder')).fill(fromWang)
    expect((await press(wang.page, c('send'), '/messages')).status()).toBe(200)
    await chatSays(user.page, fromWang).waitFor()
    await entry(li.page, 'operator', fromWang).waitFor()

    // wang gives the talk back to the bot; the user's page says so and the bot answers again.
    expect((await press(wang.page, c('release_bot'), '/release')).status()).toBe(200)
    await wang.page.locator('#state').getByText(c('mode.bot'), { exact: true }).waitFor()
    // Handed back by an operator: not shown as the user leaving.
    expect(await wang.page.locator('#notice').isHidden()).toBe(true)
    await chatSays(user.page, t('handoff.released')).waitFor()
    await li.page.locator('#state').getByText(c('mode.bot'), { exact: true }).waitFor()
    expect(await li.page.locator('#notice').isHidden()).toBe(true)
    await user.page.getByRole('status').waitFor({ state: 'hidden' })
    const answered = user.page.waitForResponse(isApi('chat'))
    await user.page.getByLabel(t('page.input_label')).fill(String(SCREEN))
    await user.page.getByRole('button', { name: t('page.send'), exact: true }).click()
    expect((await answered).status()).toBe(200)
    await user.page.locator('.msg.bot .text').getByText(t('screen.ask_region')).waitFor()
    expect(await user.page.content()).not.toContain(note)

    for (const p of [user, li, wang]) {
      expect(p.errors).toEqual([])
    }
    // The refused claim is the only answer that was not ok.
    expect(refusedLoads(li)).toEqual([])
    expect(refusedLoads(wang)).toHaveLength(1)
  }, 120_000)

  it('the queue rings and counts a new emergency; a user who leaves is shown as gone', async () => {
    const li = await deskPage()
    await li.context.addInitScript(() => {
      const w = window as unknown as { beeps: number; AudioContext: typeof AudioContext }
      w.beeps = 0
      const Real = w.AudioContext
      w.AudioContext = class extends Real {
        override createOscillator(): OscillatorNode {
          w.beeps++
          return super.createOscillator()
        }
      }
    })
    await signIn(li.page, LI)
    await li.page.locator('#loading').waitFor({ state: 'hidden' })
    expect(await li.page.title()).toBe(c('title'))

    // A danger message queues an emergency item: the title counts it and the page beeps.
    const danger = await apiChat('console-e2e-danger', DANGER)
    const item = queueItem(li.page, danger)
    await item.waitFor()
    expect(await item.locator('.badge').textContent()).toBe(c('urgency.emergency'))
    expect(await item.getAttribute('class')).toContain('new')
    await li.page.waitForFunction((title) => document.title === title, `(1) ${c('title')}`)
    expect(await li.page.evaluate(() => (window as unknown as { beeps: number }).beeps)).toBe(1)

    // Its packet shows the danger words, and its transcript flags the message.
    await item.getByRole('link', { name: c('open'), exact: true }).click()
    await li.page.locator('#log .entry.user.danger .text').getByText(DANGER).waitFor()
    expect(await li.page.locator('#log .entry.user.danger .flag').textContent()).toBe(
      c('danger_flag'),
    )
    await li.page.locator('#packet li.danger').getByText(DANGER).waitFor()
    await li.page.screenshot({ path: join(SHOTS, 'console-danger.png'), fullPage: true })

    // Another user asks for a person; li claims from the queue, and the user ends the talk.
    await li.page.goto(`${server.url}/console`)
    const ref = await apiChat('console-e2e-leaver', '人工')
    const waiting = queueItem(li.page, ref)
    const claimed = li.page.waitForResponse(
      (r) => isApi('console/conversations')(r) && r.url().endsWith('/claim'),
    )
    await waiting.getByRole('button', { name: c('claim'), exact: true }).click()
    expect((await claimed).status()).toBe(200)
    await li.page.waitForURL(`${server.url}/console/c/${ref}`)
    await li.page.locator('#owner-tools').waitFor()
    await apiChat('console-e2e-leaver', '结束人工')
    await li.page.locator('#notice').getByText(c('user_left')).waitFor()
    await li.page.locator('#state').getByText(c('mode.bot'), { exact: true }).waitFor()
    await entry(li.page, 'bot', opening(t('handoff.user_ended'))).waitFor()
    expect(li.errors).toEqual([])
  }, 90_000)

  it('sign-in: wrong password, then locked after five failures (even with the right one)', async () => {
    const { page, errors } = await phone()
    await page.goto(`${server.url}/console/login`)
    const attempt = async (password: string): Promise<number> => {
      await page.getByLabel(c('name')).fill(ZHAO.name)
      await page.getByLabel(c('password')).fill(password)
      const answered = page.waitForResponse(isApi('console/login'))
      await page.getByRole('button', { name: c('sign_in'), exact: true }).click()
      const status = (await answered).status()
      await page.locator('#submit:not([disabled])').waitFor()
      return status
    }
    for (let i = 1; i <= 5; i++) {
      expect(await attempt(`wrong-password-${i}`)).toBe(401)
      await expect.poll(() => page.locator('#notice').textContent(), WAIT).toBe(c('sign_in_failed'))
    }
    expect(await attempt('wrong-password-6')).toBe(429)
    await expect.poll(() => page.locator('#notice').textContent(), WAIT).toBe(c('locked'))
    expect(await attempt(ZHAO.password)).toBe(429)
    await expect.poll(() => page.locator('#notice').textContent(), WAIT).toBe(c('locked'))
    expect(page.url()).toBe(`${server.url}/console/login`)
    expect(errors).toEqual([])
  })

  it('a state-changing request without the x-csrf-token header is refused (403)', async () => {
    const login = await fetch(`${server.url}/api/v1/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: WANG.name, password: WANG.password }),
    })
    expect(login.status).toBe(200)
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const logout = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/v1/console/logout`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: '{}',
      })
    const refused = await logout({})
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('csrf')
    expect((await logout({ 'x-csrf-token': 'not-the-token' })).status).toBe(403)
    expect((await logout({ 'x-csrf-token': csrfToken })).status).toBe(200)
  })

  it('the pages behind sign-in send a signed-out visitor to the sign-in page; signing out works', async () => {
    for (const path of ['/console', `/console/c/${'ab12'.repeat(8)}`]) {
      const res = await fetch(server.url + path, { redirect: 'manual' })
      expect(res.status, path).toBe(302)
      expect(res.headers.get('location'), path).toBe('/console/login')
    }
    const { page, errors } = await phone()
    await page.goto(`${server.url}/console/c/${'ab12'.repeat(8)}`)
    await page.waitForURL(`${server.url}/console/login`)
    await page.getByLabel(c('password')).waitFor()
    // Signed in, then out: the session is over, the queue is behind sign-in again.
    await signIn(page, WANG)
    const out = page.waitForResponse(isApi('console/logout'))
    await page.getByRole('button', { name: c('sign_out'), exact: true }).click()
    expect((await out).status()).toBe(200)
    await page.waitForURL(`${server.url}/console/login`)
    await page.goto(`${server.url}/console`)
    await page.waitForURL(`${server.url}/console/login`)
    expect(errors).toEqual([])
  })

  it('pages: strict CSP, no framing, no cache, no referrer; zh-Hant by ?lang and the toggle', async () => {
    const res = await fetch(`${server.url}/console/login`)
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'(;|$)/)
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'(;|$)/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await res.text()
    expect(html.match(/<script/g)).toHaveLength(1)
    expect(html).not.toMatch(/(src|href)="https?:/)

    const { page, errors, failedLoads } = await phone()
    await page.goto(`${server.url}/console/login`)
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans')
    await page.getByRole('link', { name: c('to_hant'), exact: true }).click()
    await page.waitForURL(`${server.url}/console/login?lang=zh-Hant`)
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant')
    expect(await page.title()).toBe(hant('title'))
    await page.getByLabel(hant('password')).fill('x')
    // Wrong details in zh-Hant are told in zh-Hant.
    await page.getByLabel(hant('name')).fill('nobody-here')
    const answered = page.waitForResponse(isApi('console/login'))
    await page.getByRole('button', { name: hant('sign_in'), exact: true }).click()
    expect((await answered).status()).toBe(401)
    await expect
      .poll(() => page.locator('#notice').textContent(), WAIT)
      .toBe(hant('sign_in_failed'))
    // Signed in, the queue keeps the language.
    await page.getByLabel(hant('name')).fill(WANG.name)
    await page.getByLabel(hant('password')).fill(WANG.password)
    await page.getByRole('button', { name: hant('sign_in'), exact: true }).click()
    await page.waitForURL(`${server.url}/console?lang=zh-Hant`)
    await page.getByRole('heading', { name: hant('queue') }).waitFor()
    await page.getByRole('link', { name: c('to_hans'), exact: true }).waitFor()
    expect(errors).toEqual([])
    // The wrong sign-in (401) is the only answer that was not ok.
    expect(refusedLoads({ failedLoads })).toHaveLength(1)
  })
})
