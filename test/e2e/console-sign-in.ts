/**
 * @module test/e2e/console-sign-in
 * Signing in on /console/login in a browser page, as the console tests do it: the form filled,
 * the sign-in answered 200, the queue page showing who is signed in.
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { realContent } from '../support/content.js'
import type { OperatorAccount } from './server.js'

const words = realContent().console.texts['zh-Hans']
const c = (key: string): string => words[key] ?? key

export async function consoleSignIn(page: Page, url: string, who: OperatorAccount): Promise<void> {
  await page.goto(`${url}/console/login`)
  await page.getByLabel(c('name')).fill(who.name)
  await page.getByLabel(c('password')).fill(who.password)
  const answered = page.waitForResponse(
    (r) => r.url() === `${url}/api/v1/console/login` && r.request().method() === 'POST',
  )
  await page.getByRole('button', { name: c('sign_in'), exact: true }).click()
  expect((await answered).status()).toBe(200)
  await page.waitForURL(`${url}/console`)
  await page.locator('#me').getByText(who.name).waitFor()
}
