/**
 * `npm run line:richmenu` makes LINE's rich menu from content/channels/line-richmenu.yaml: draws
 * its image with Chromium (CHROMIUM_PATH, default Debian's /usr/bin/chromium), creates the menu
 * through the official SDK, uploads the image, and makes it every user's default. Settings:
 * LINE_CHANNEL_ACCESS_TOKEN; LINE_API_BASE_URL (tests: a local fake, which then serves the image
 * upload too; otherwise https://api.line.me and https://api-data.line.me).
 * `npm run line:richmenu -- --image FILE.png` only draws the image, to look at it.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { messagingApi } from '@line/bot-sdk'
import { parse } from 'yaml'
import {
  buildRichMenu,
  richMenuHtml,
  richMenuSchema,
  type BuiltRichMenu,
} from '../src/channels/line/richmenu.js'
import { compileContent, readSources } from '../src/content/compile.js'
import type { CompiledContent } from '../src/engine/types.js'
import { launchChromium } from './chromium.js'

export const RICH_MENU_FILE = 'content/channels/line-richmenu.yaml'

/** The menu from the content of `root`, or an error naming what does not hold. */
export function loadRichMenu(root: string): { content: CompiledContent; menu: BuiltRichMenu } {
  const { content } = compileContent(readSources(root))
  if (!content) throw new Error('the content does not compile: run npm run check')
  const spec = richMenuSchema.safeParse(parse(readFileSync(`${root}/${RICH_MENU_FILE}`, 'utf8')))
  if (!spec.success) throw new Error(`${RICH_MENU_FILE}: ${spec.error.message}`)
  const { menu, problems } = buildRichMenu(content, spec.data)
  if (!menu) throw new Error(`${RICH_MENU_FILE}: ${problems.join('; ')}`)
  return { content, menu }
}

/** The menu's image: its page rendered by Chromium at the menu's exact size, as PNG. */
export async function drawRichMenu(menu: BuiltRichMenu, tapToCall: string): Promise<Buffer> {
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: menu.request.size })
    await page.setContent(richMenuHtml(menu, tapToCall))
    return await page.screenshot({ type: 'png' })
  } finally {
    await browser.close()
  }
}

/** Creates the menu on LINE, uploads its image, makes it the default; resolves its id. */
export async function publishRichMenu(
  menu: BuiltRichMenu,
  image: Buffer,
  config: { channelAccessToken: string; baseURL?: string | undefined },
): Promise<string> {
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken: config.channelAccessToken,
    ...(config.baseURL && { baseURL: config.baseURL }),
  })
  const blob = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: config.channelAccessToken,
    ...(config.baseURL && { baseURL: config.baseURL }),
  })
  const { richMenuId } = await api.createRichMenu(menu.request as messagingApi.RichMenuRequest)
  await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(image)], { type: 'image/png' }))
  await api.setDefaultRichMenu(richMenuId)
  return richMenuId
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { content, menu } = loadRichMenu(process.cwd())
  const image = await drawRichMenu(menu, content.texts[menu.lang]['channel.tap_to_call'] ?? '')
  const at = process.argv.indexOf('--image')
  if (at >= 0) {
    const file = process.argv[at + 1] ?? 'line-richmenu.png'
    writeFileSync(file, image)
    console.log(`drawn: ${file} (${menu.request.size.width}×${menu.request.size.height})`)
  } else {
    const token = process.env['LINE_CHANNEL_ACCESS_TOKEN']
    if (!token) {
      process.stderr.write('LINE_CHANNEL_ACCESS_TOKEN is not set\n')
      process.exit(1)
    }
    const id = await publishRichMenu(menu, image, {
      channelAccessToken: token,
      baseURL: process.env['LINE_API_BASE_URL'],
    })
    console.log(`rich menu ${id} created and made the default for every user`)
  }
}
