/**
 * The supervisor's dashboard in real Chromium against the real server: a supervisor finds it from
 * the queue, sees the figures of conversations driven through the chat API (the same numbers as
 * GET /api/v1/console/stats), server-made SVG charts that are labelled images, each flow as a
 * diagram, the period form and the CSV link, in zh-Hans and zh-Hant, on a desk and a phone, with
 * no CSP violation; an operator is shown no link and refused by the server. Screenshots are
 * written for a person to look at.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realContent } from '../support/content.js'
import { deskPage, launchChromium, phonePage, type PhonePage } from './browser.js'
import { consoleSignIn } from './console-sign-in.js'
import { ROOT, startServer, type OperatorAccount, type RunningServer } from './server.js'

const content = realContent()
const c = (key: string): string => content.console.texts['zh-Hans'][key] ?? key
const hant = (key: string): string => content.console.texts['zh-Hant'][key] ?? key
const SHOTS = process.env['E2E_SCREENSHOTS'] ?? join(ROOT, 'test-results', 'e2e')
const LI: OperatorAccount = { name: 'li', password: 'li-long-password-1', role: 'operator' }
const ZHANG: OperatorAccount = {
  name: 'zhang',
  password: 'zhang-long-password-9',
  role: 'supervisor',
}

let server: RunningServer
let browser: Browser
const pages: PhonePage[] = []

async function chat(userId: string, text: string): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, text }),
  })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  ;[server, browser] = await Promise.all([
    startServer({ operators: [LI, ZHANG] }),
    launchChromium(),
  ])
  mkdirSync(SHOTS, { recursive: true })
  for (const n of [1, 2, 3]) await chat(`u-dash-${n}-0123456789abcdef0123456789ab`, '你好')
  await chat('u-dash-4-0123456789abcdef0123456789ab', '隔壁又在打孩子了，孩子一直在哭喊救命')
  await chat('u-dash-1-0123456789abcdef0123456789ab', '人工')
})

afterAll(async () => {
  for (const p of pages) await p.context.close()
  await browser?.close()
  await server?.stop()
})

async function open(kind: 'desk' | 'phone'): Promise<PhonePage> {
  const p = kind === 'desk' ? await deskPage(browser) : await phonePage(browser)
  pages.push(p)
  return p
}

describe('the supervisor dashboard in Chromium', () => {
  it('a supervisor opens it from the queue and sees the figures the API gives', async () => {
    const desk = await open('desk')
    const { page } = desk
    await consoleSignIn(page, server.url, ZHANG)
    const link = page.getByRole('link', { name: c('dashboard'), exact: true })
    await link.waitFor()
    await link.click()
    await page.waitForURL(`${server.url}/console/dashboard`)
    await page.getByRole('heading', { name: c('dashboard'), level: 1 }).waitFor()
    const api = (await page.evaluate(async () => {
      const res = await fetch('/api/v1/console/stats')
      return res.json()
    })) as {
      conversations: { total: number }
      handoffs: { total: number }
      emergencies: unknown[]
    }
    expect(api.conversations.total).toBe(4)
    expect(api.handoffs.total).toBe(2)
    expect(await page.locator('#total-conversations').textContent()).toBe('4')
    expect(await page.locator('#total-handoffs').textContent()).toBe('2')
    expect(await page.locator('#emergencies tbody tr').count()).toBe(1)
    // Charts are server-made SVG images with a title and the figures as their description.
    const charts = page.locator('svg[role="img"]')
    expect(await charts.count()).toBeGreaterThan(10)
    const first = charts.first()
    const labelled = (await first.getAttribute('aria-labelledby'))?.split(' ') ?? []
    expect(labelled).toHaveLength(2)
    expect(await page.locator(`[id="${labelled[1]}"]`).textContent()).toMatch(/：4/)
    // Where people give up: the main menu as a diagram, entered by all three who said 你好.
    const main = page.locator('figure[data-flow="main"] svg')
    await main.waitFor()
    expect(await main.locator('desc').textContent()).toContain(
      `menu · ask_choice：${c('dash.entered')} 3`,
    )
    // The period form and a preset move the page; the CSV link names the same period.
    const href = await page.locator('#export').getAttribute('href')
    expect(href).toMatch(
      /^\/api\/v1\/console\/stats\.csv\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/,
    )
    await page.getByRole('link', { name: c('dash.last30'), exact: true }).click()
    await page.waitForURL(/from=/)
    const from = await page.locator('#from').inputValue()
    await page.locator('#from').fill('2026-01-01')
    await page.getByRole('button', { name: c('dash.show'), exact: true }).click()
    await page.waitForURL(/from=2026-01-01/)
    expect(from).not.toBe('2026-01-01')
    expect(await page.locator('#from').inputValue()).toBe('2026-01-01')
    await page.goto(`${server.url}/console/dashboard`)
    await page.screenshot({ path: join(SHOTS, 'dashboard-desk.png'), fullPage: true })
    // The CSV downloads with the session, aggregates only.
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!)
    expect(csv.split('\r\n')[0]).toBe('measure,dimension,key,value')
    expect(csv).not.toContain('打孩子')
    expect(desk.errors).toEqual([])
  })

  it('reads in zh-Hant on a phone, with nothing wider than the screen', async () => {
    const phone = await open('phone')
    const { page } = phone
    await consoleSignIn(page, server.url, ZHANG)
    await page.goto(`${server.url}/console/dashboard?lang=zh-Hant`)
    await page.getByRole('heading', { name: hant('dashboard'), level: 1 }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant')
    await page.getByText(hant('dash.dropoff'), { exact: true }).waitFor()
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: join(SHOTS, 'dashboard-phone-hant.png'), fullPage: true })
    await page
      .locator('figure[data-flow="main"] svg')
      .screenshot({ path: join(SHOTS, 'dashboard-phone-flow.png') })
    await page.locator('#live-h').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'dashboard-phone-top.png') })
    expect(phone.errors).toEqual([])
  })

  it('an operator is shown no link, and the server refuses the page and the figures', async () => {
    const desk = await open('desk')
    const { page } = desk
    await consoleSignIn(page, server.url, LI)
    expect(await page.locator('#dashboard-link').isHidden()).toBe(true)
    const res = await page.goto(`${server.url}/console/dashboard`)
    expect(res?.status()).toBe(403)
    await page.getByRole('alert').getByText(c('dash.forbidden')).waitFor()
    expect(await page.locator('svg').count()).toBe(0)
    const status = await page.evaluate(async () => (await fetch('/api/v1/console/stats')).status)
    expect(status).toBe(403)
  })

  it('the page is sent with the console headers: a strict CSP, no framing, no cache', async () => {
    const desk = await open('desk')
    await consoleSignIn(desk.page, server.url, ZHANG)
    const res = await desk.page.goto(`${server.url}/console/dashboard`)
    const headers = res!.headers()
    expect(headers['content-security-policy']).toMatch(/default-src 'none'/)
    expect(headers['content-security-policy']).toMatch(/script-src 'sha256-/)
    expect(headers['content-security-policy']).not.toMatch(/unsafe-inline/)
    expect(headers['x-frame-options']).toBe('DENY')
    expect(headers['cache-control']).toBe('no-store')
    expect(desk.errors).toEqual([])
  })
})
