/**
 * Personal WeChat through the wechaty bridge, end to end: wechaty itself with its mock puppet, the
 * bridge as `npm run wechaty` starts it, a real libsql file, and a second process's dependencies
 * (the server's, `npm start`) on the same file. A contact's messages and what the bot says back
 * are read from the mock, as the contact's phone would show them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { acceptMessage, operatorTurn, recoverPending } from '../../src/chat/handle-message.js'
import { silentLogger } from '../../src/chat/log.js'
import { SendPacer } from '../../src/channels/wechaty/pacer.js'
import { nodeDeps } from '../../src/node-deps.js'
import { wechatyWorld, type WechatyWorld } from './wechaty-support.js'
import { storedId } from '../support/users.js'

let w: WechatyWorld
let server: Awaited<ReturnType<typeof nodeDeps>>
let texts: Record<string, string>

beforeAll(async () => {
  w = await wechatyWorld()
  server = await nodeDeps(w.env, silentLogger)
  texts = w.bridge.deps.content.texts['zh-Hans']
})
afterAll(async () => {
  await w.close()
  await server.driver.close()
})

async function count(sql: string, arg: string): Promise<number> {
  const [row] = await server.driver.read({ sql, args: [arg] })
  return Number(row?.['n'])
}
const idOf = (user: string): Promise<string> => storedId(server.deps, 'wechaty', user)
const storedOf = async (user: string): Promise<number> =>
  count('SELECT count(*) AS n FROM inbound_messages WHERE conversation_id = ?', await idOf(user))

describe('the wechaty bridge', () => {
  it('prints the login QR code', () => {
    expect(w.printed.join('\n')).toContain('test-qrcode')
  })

  it('菜单 gets the main menu, its choices as numbered lines', async () => {
    const u = w.user()
    await w.deliver(u, { text: '菜单' })
    const menu = u.shown.join('\n')
    expect(menu).toContain(texts['main.menu'])
    expect(menu).toContain(`2. ${texts['main.screen']}`)
  })

  it('a child in danger: 110 in the first message of the answer', async () => {
    const u = w.user()
    await w.deliver(u, { text: '隔壁又在打孩子了，孩子一直在哭喊救命' })
    expect(u.shown[0]).toContain('110')
  })

  it('screening: the number of its choice starts it; a region answered gets the next question', async () => {
    const u = w.user()
    await w.deliver(u, { text: '菜单' })
    await w.deliver(u, { text: '2' })
    expect(u.shown.join('\n')).toContain(texts['screen.ask_region'])
    const before = u.shown.length
    await w.deliver(u, { text: '重庆' })
    const next = u.shown.slice(before).join('\n')
    expect(next).not.toContain(texts['screen.ask_region'])
    expect(next).toMatch(/\n1\. /)
  })

  it('a friend request is accepted and greeted with the menu', async () => {
    const u = w.user()
    await w.befriend(u)
    expect(u.shown.join('\n')).toContain(texts['main.menu'])
  })

  it('a photo gets a kind word that only words are read', async () => {
    const u = w.user()
    await w.deliver(u, { type: types.Message.Image })
    expect(u.shown[0]).toBe(texts['channel.unsupported'])
  })

  it('the same message delivered twice is answered once', async () => {
    const u = w.user()
    await w.deliver(u, { id: 'twice-1', text: '你好' })
    const once = [...u.shown]
    expect(once.length).toBeGreaterThan(0)
    await w.deliver(u, { id: 'twice-1', text: '你好' })
    expect(u.shown).toEqual(once)
    expect(await storedOf(u.id)).toBe(1)
  })

  it('in a group: nothing without a mention; a mention gets only the pointer to a one-to-one chat', async () => {
    const u = w.user()
    const room = w.room()
    await w.deliver(u, { room: room.id, text: '隔壁又在打孩子了' })
    expect(room.shown).toEqual([])
    await w.deliver(u, { room: room.id, text: '@tonghu 隔壁又在打孩子了', mention: true })
    expect(room.shown).toEqual([texts['channel.group_pointer']])
    expect(room.shown[0]).toContain('110')
    // Nothing of it is stored, and the user is not written to.
    expect(await storedOf(u.id)).toBe(0)
    expect(u.shown).toEqual([])
  })

  it("an operator's words, written by the server process, are sent by the bridge", async () => {
    const u = w.user()
    await w.deliver(u, { text: '人工' })
    const conversation = { id: await idOf(u.id), channel: 'wechaty', userKey: u.id }
    const op = { kind: 'operator' as const, operator: 'li' }
    await operatorTurn(server.deps, conversation, { ...op, action: 'claim' })
    await operatorTurn(server.deps, conversation, {
      ...op,
      action: 'message',
      text: '您好，我是热线工作人员。',
    })
    // The server's deliverer leaves wechaty's replies alone: it cannot send them.
    server.outbox.kick()
    await server.outbox.idle()
    expect(
      await count(
        'SELECT count(*) AS n FROM outbox WHERE conversation_id = ? AND delivered_at IS NULL',
        conversation.id,
      ),
    ).toBeGreaterThan(0)
    // The bridge's deliverer, on its timer, sends them.
    await w.settle(() => u.shown.includes('您好，我是热线工作人员。'))
    expect(u.shown).toContain('您好，我是热线工作人员。')
  })

  it('a message stored before a crash is answered at the restart, once', async () => {
    const u = w.user()
    const taken = await acceptMessage(w.bridge.deps, {
      channel: 'wechaty',
      userKey: u.id,
      messageId: 'before-crash',
      input: { kind: 'text', text: '菜单' },
    })
    expect(taken).toBeDefined()
    expect(await recoverPending(w.bridge.deps, ['wechaty'])).toBe(1)
    await w.settle()
    expect(u.shown.join('\n')).toContain(texts['main.menu'])
    const shown = u.shown.length
    // WeChat delivers it again after the restart: not answered again.
    await w.deliver(u, { id: 'before-crash', text: '菜单' })
    expect(u.shown).toHaveLength(shown)
  })

  it('sends are paced: once the burst is spent, each message waits its turn, in order', async () => {
    w.advance(60_000) // a quiet minute: the burst is back
    const u = w.user()
    const from = w.timeline.length
    await w.deliver(u, { text: '菜单' })
    await w.deliver(u, { text: '1' })
    await w.deliver(u, { text: '菜单' })
    await w.deliver(u, { text: '菜单' })
    const line = w.timeline.slice(from)
    const sent = line.filter((e) => e === 'sent').length
    expect(sent).toBe(u.shown.length)
    expect(sent).toBeGreaterThan(3)
    // The first three go at once; every one after waits a second (the test's clock stands still).
    expect(line.slice(0, 3)).toEqual(['sent', 'sent', 'sent'])
    expect(line.slice(3)).toEqual(line.slice(3).map((_, i) => (i % 2 === 0 ? 'wait 1000' : 'sent')))
  })
})

describe('the pacer', () => {
  it('lets a burst through, then one a second, in the order asked', async () => {
    let now = 0
    const line: string[] = []
    const pacer = new SendPacer({
      perSecond: 1,
      burst: 3,
      now: () => now,
      sleep: async (ms) => {
        line.push(`wait ${ms}`)
        now += ms
      },
    })
    await Promise.all([1, 2, 3, 4, 5].map((i) => pacer.take().then(() => line.push(`send ${i}`))))
    expect(line).toEqual([
      'send 1',
      'send 2',
      'send 3',
      'wait 1000',
      'send 4',
      'wait 1000',
      'send 5',
    ])
    now += 1500 // a second and a half: one message may go at once, the next waits half a second
    await pacer.take()
    await pacer.take()
    expect(line.slice(7)).toEqual(['wait 500'])
  })
})
