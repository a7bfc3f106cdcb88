/**
 * `npm run line:richmenu` end to end: the image drawn by Chromium at the menu's size, then the
 * menu created, its image uploaded and made the default through the official SDK — against a
 * local fake of LINE's API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawRichMenu, loadRichMenu, publishRichMenu } from '../../scripts/line-richmenu.js'
import { fakeLine, type FakeLine } from '../channels/fake-line.js'

let line: FakeLine
beforeAll(async () => {
  line = await fakeLine()
})
afterAll(() => line.close())

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

describe('npm run line:richmenu', () => {
  it('draws the image at the menu size, creates the menu, uploads the image, makes it default', async () => {
    const { menu } = loadRichMenu(process.cwd())
    const image = await drawRichMenu(menu, '点一下拨打')
    expect(pngSize(image)).toEqual(menu.request.size)
    expect(image.length).toBeLessThan(1024 * 1024) // LINE's limit for a menu image

    const id = await publishRichMenu(menu, image, {
      channelAccessToken: 'test-token',
      baseURL: line.url,
    })
    expect(line.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /v2/bot/richmenu',
      `POST /v2/bot/richmenu/${id}/content`,
      `POST /v2/bot/user/all/richmenu/${id}`,
    ])
    const [create, upload] = line.calls
    expect(create?.authorization).toBe('Bearer test-token')
    expect(create?.body).toMatchObject({
      size: menu.request.size,
      areas: menu.request.areas,
      chatBarText: menu.request.chatBarText,
    })
    expect(upload?.contentType).toBe('image/png')
    expect(upload?.raw.equals(image)).toBe(true)
  })
})
