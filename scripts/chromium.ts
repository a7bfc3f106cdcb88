/**
 * @module scripts/chromium
 * Debian's Chromium through playwright-core (no browser download), headless and with no network
 * beyond this machine: for the browser tests and for drawing images (the LINE rich menu).
 */
import { chromium, type Browser } from 'playwright-core'

/** Chromium's path: Debian's package unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/** Launches headless Chromium with no network beyond this machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  })
}
