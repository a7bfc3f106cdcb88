/**
 * One behaviour suite for every channel: what a user notices, whatever app they write from. A
 * channel's driver says how a user's message, a button press, a follow and a sticker reach the
 * app, and reads back what the user was shown, turn by turn, as the channel rendered it.
 *
 * The golden conversation (GOLDEN below) runs through every driver, and what the user was shown,
 * as the platform's own messages, is compared with test/channels/golden/<channel>.yaml. After a
 * deliberate change, `UPDATE_CHANNEL_GOLDENS=1 npx vitest run test/channels/contract.test.ts`
 * rewrites those files; review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { stringify } from 'yaml'

export interface ChannelDriver {
  name: string
  /** Sends a user's text; `id` repeats a delivery (the platform's message id). */
  send(user: string, text: string, id?: string): Promise<void>
  press(user: string, choice: string): Promise<void>
  /** A delivery with a bad signature: the status answered. */
  forged?(user: string, text: string): Promise<number>
  follow?(user: string): Promise<void>
  /** The user leaves (unfollows, unsubscribes). */
  unfollow?(user: string): Promise<void>
  sticker?(user: string): Promise<void>
  /** Whether one message is within what the platform shows in one message (its size limit). */
  fits?(message: string): boolean
  /** Everything the user has been shown, one entry per message the platform displays. */
  shown(user: string): Promise<string[]>
  /**
   * The same messages as the platform received them (LINE's message objects, WeChat's XML…), with
   * what changes from run to run (times) made constant; the user's key is replaced by the suite.
   */
  rendered(user: string): Promise<unknown[]>
  /** The button ids the user was last offered. */
  buttons(user: string): Promise<string[]>
  /** Stored inbound messages of this user (0 after a refused delivery). */
  stored(user: string): Promise<number>
  texts: Record<string, string>
}

/** A family's conversation: a button is pressed as the channel presses it (its choice id here). */
const GOLDEN: ({ send: string } | { press: string })[] = [
  { send: '你好' },
  { press: 'screen' },
  { send: '山西大同' },
  { send: '八岁' },
  { press: 'yes' },
  { press: 'migrant_worker' },
  { send: '隔壁又在打孩子了，孩子一直在哭喊救命' },
  { send: '菜单' },
]

const GOLDEN_DIR = 'test/channels/golden'

export function channelContract(driver: () => ChannelDriver): void {
  let n = 0
  const user = (): string => `U${driver().name}${String(++n).padStart(4, '0')}contract0000000000`

  it('greets with the menu, and a pressed button follows its choice', async () => {
    const d = driver()
    const u = user()
    await d.send(u, '你好')
    expect((await d.shown(u)).join('\n')).toContain(d.texts['main.menu'])
    expect(await d.buttons(u)).toContain('screen')
    await d.press(u, 'screen')
    expect((await d.shown(u)).join('\n')).toContain(d.texts['screen.ask_region'])
  })

  it('a child in danger: 110 in the first message of the answer', async () => {
    const d = driver()
    const u = user()
    await d.send(u, '你好')
    const before = (await d.shown(u)).length
    await d.send(u, '隔壁又在打孩子了，孩子一直在哭喊救命')
    expect((await d.shown(u))[before]).toContain('110')
  })

  it('a duplicate delivery changes nothing and is not answered twice', async () => {
    const d = driver()
    const u = user()
    await d.send(u, '你好', 'dup-1')
    const once = await d.shown(u)
    await d.send(u, '你好', 'dup-1')
    expect(await d.shown(u)).toEqual(once)
    expect(await d.stored(u)).toBe(1)
  })

  it('a forged delivery is refused and changes nothing', async () => {
    const d = driver()
    if (!d.forged) return
    const u = user()
    expect([401, 403]).toContain(await d.forged(u, '你好'))
    expect(await d.stored(u)).toBe(0)
    expect(await d.shown(u)).toEqual([])
  })

  it('following the account greets with the menu; a sticker gets a kind word', async () => {
    const d = driver()
    if (!d.follow || !d.sticker) return
    const u = user()
    await d.follow(u)
    expect((await d.shown(u)).join('\n')).toContain(d.texts['main.menu'])
    await d.sticker(u)
    expect((await d.shown(u)).join('\n')).toContain(d.texts['channel.unsupported'])
  })

  it('leaving the account is acknowledged, stored as nothing, and not answered', async () => {
    const d = driver()
    if (!d.unfollow) return
    const u = user()
    await d.unfollow(u)
    expect(await d.stored(u)).toBe(0)
    expect(await d.shown(u)).toEqual([])
  })

  it("every message shown fits in one of the platform's messages", async () => {
    const d = driver()
    if (!d.fits) return
    const u = user()
    await d.send(u, '你好')
    await d.send(u, '隔壁又在打孩子了，孩子一直在哭喊救命')
    await d.press(u, 'report')
    const shown = await d.shown(u)
    expect(shown.length).toBeGreaterThan(2)
    for (const message of shown) expect(d.fits(message)).toBe(true)
  })

  it('the golden conversation is shown as its snapshot (test/channels/golden/)', async () => {
    const d = driver()
    const u = user()
    const turns: unknown[] = []
    for (const step of GOLDEN) {
      const before = (await d.rendered(u)).length
      if ('send' in step) await d.send(u, step.send)
      else await d.press(u, step.press)
      turns.push({ ...step, shown: (await d.rendered(u)).slice(before) })
    }
    const header =
      `# The golden conversation of test/channels/contract.ts, as ${d.name} showed it (generated).\n` +
      '# UPDATE_CHANNEL_GOLDENS=1 npx vitest run test/channels/contract.test.ts rewrites it.\n'
    const actual = header + stringify(turns, { lineWidth: 0 }).replaceAll(u, '<user>')
    const file = `${GOLDEN_DIR}/${d.name}.yaml`
    if (process.env['UPDATE_CHANNEL_GOLDENS']) {
      mkdirSync(GOLDEN_DIR, { recursive: true })
      writeFileSync(file, actual)
    }
    expect(existsSync(file), `${file} is missing`).toBe(true)
    expect(actual).toBe(readFileSync(file, 'utf8'))
  })
}
