/**
 * @module test/e2e/browser
 * Chromium (scripts/chromium.ts) with a phone-sized context and a record of every console error
 * and page error, which a test expects to be empty.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'

export { launchChromium } from '../../scripts/chromium.js'

/** A page in a fresh phone-sized context (its own storage), and the errors it logs. */
export interface PhonePage {
  context: BrowserContext
  page: Page
  /** Console errors and uncaught exceptions, except failed loads a test provokes on purpose. */
  errors: string[]
  /** Console messages about failed loads (HTTP 4xx/5xx, aborted requests). */
  failedLoads: string[]
}

/** Opens a new 390×844 touch context, like a mid-sized phone. */
export function phonePage(browser: Browser): Promise<PhonePage> {
  return recordedPage(browser, {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    // Replies scroll into view at once, so a screenshot never catches a scroll half-way.
    reducedMotion: 'reduce',
  })
}

/** Opens a new 1280×800 context, like an operator's desk. */
export function deskPage(browser: Browser): Promise<PhonePage> {
  return recordedPage(browser, { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
}

/** A page in a fresh context (its own cookies and storage), recording its errors. */
async function recordedPage(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0],
): Promise<PhonePage> {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  const errors: string[] = []
  const failedLoads: string[] = []
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    if (/Failed to load resource/.test(msg.text())) failedLoads.push(msg.text())
    else errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  return { context, page, errors, failedLoads }
}
