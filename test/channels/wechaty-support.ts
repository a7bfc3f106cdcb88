/**
 * The wechaty bridge as `npm run wechaty` starts it, on a temporary libsql file, logged in through
 * wechaty's own mock puppet (wechaty-puppet-mock): mock contacts write to the bot, and what the bot
 * says to them is read back from the mock, as the contact's phone would show it. The pacer's clock
 * is the test's: a wait is recorded and passes at once.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { types } from 'wechaty'
import { mock, PuppetMock } from 'wechaty-puppet-mock'
import { silentLogger } from '../../src/chat/log.js'
import { startBridge, type BridgeProcess } from '../../src/channels/wechaty/start.js'
import { newKeyBase64 } from '../../src/reports/keyring.js'

/** A mock contact or room as an emitter of what is said there (the mock's own typing of it needs
 * typed-emitter, which is not installed). */
interface Listening {
  on(
    event: 'message',
    listener: (m: { payload: { talkerId: string; text?: string } }) => void,
  ): unknown
}

export interface MockUser {
  id: string
  /** What the bot has said to this user, one entry per message. */
  shown: string[]
}

export interface WechatyWorld {
  bridge: BridgeProcess
  env: Record<string, string>
  mocker: mock.Mocker
  /** Everything that happened on the pacer's clock and the wire: `wait <ms>` and `sent`. */
  timeline: string[]
  /** The QR code lines printed. */
  printed: string[]
  /** Moves the pacer's clock. */
  advance(ms: number): void
  user(id?: string): MockUser
  room(): { id: string; shown: string[] }
  /**
   * Delivers a message to the bot, as the puppet does (its id, type, room and mentions as given;
   * the same id again is a redelivery), and waits until it has been answered and sent.
   */
  deliver(from: MockUser, m: Delivery): Promise<void>
  /** A friend request from this user, as the puppet reports one; waits until it is answered. */
  befriend(from: MockUser): Promise<void>
  /** Waits for `until` (polling, at most 5 s) and then for the bridge to be idle. */
  settle(until?: () => boolean): Promise<void>
  close(): Promise<void>
}

export interface Delivery {
  id?: string
  text?: string
  type?: number
  room?: string
  mention?: boolean
}

let n = 0

export async function wechatyWorld(): Promise<WechatyWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghu-wechaty-'))
  const env = { DATABASE_URL: `file:${join(dir, 'app.db')}`, REPORT_KEY: newKeyBase64() }
  const timeline: string[] = []
  const printed: string[] = []
  let clock = 0
  const mocker = new mock.Mocker()
  const puppet = new PuppetMock({ mocker })
  const bridge = await startBridge(env, silentLogger, {
    puppet,
    timer: {
      now: () => clock,
      sleep: async (ms) => {
        timeline.push(`wait ${ms}`)
        clock += ms
      },
    },
    print: (line) => printed.push(line),
  })
  mocker.scan('https://login.weixin.qq.com/l/test-qrcode', types.ScanStatus.Waiting)
  const me = mocker.createContact({ name: 'tonghu' })
  const loggedIn = new Promise((r) => bridge.bot.once('login', r))
  mocker.login(me)
  await loggedIn

  /** Collects what the bot says in a conversation. */
  const listen = (where: object, shown: string[]): void => {
    ;(where as Listening).on('message', (m) => {
      if (m.payload.talkerId !== me.id) return
      timeline.push('sent')
      shown.push(m.payload.text ?? '')
    })
  }

  const settle = async (until: () => boolean = () => true): Promise<void> => {
    for (let i = 0; i < 500 && !until(); i++) await new Promise((r) => setTimeout(r, 10))
    await bridge.settled()
  }

  return {
    bridge,
    env,
    mocker,
    timeline,
    printed,
    advance: (ms) => void (clock += ms),
    user(id) {
      const contact = mocker.createContact({ ...(id && { id }), name: `user${++n}` })
      const shown: string[] = []
      listen(contact, shown)
      return { id: contact.id, shown }
    },
    room() {
      const r = mocker.createRoom({ topic: 'a group', memberIdList: [me.id] })
      const shown: string[] = []
      listen(r, shown)
      return { id: r.id, shown }
    },
    async deliver(from, m) {
      const id = m.id ?? `msg-${++n}`
      if (!mocker.cacheMessagePayload.has(id))
        mocker.MessageMock.create({
          id,
          talkerId: from.id,
          timestamp: Date.now(),
          type: m.type ?? types.Message.Text,
          ...(m.text !== undefined && { text: m.text }),
          ...(m.room
            ? { roomId: m.room, mentionIdList: m.mention ? [me.id] : [] }
            : { listenerId: me.id }),
        })
      // Once wechaty has handed the message to its listeners (the bridge's came first), the
      // bridge knows of it: then it is answered and sent when the bridge is settled.
      const taken = new Promise<void>((resolve) => {
        const on = (msg: { id: string }): void => {
          if (msg.id !== id) return
          bridge.bot.off('message', on)
          resolve()
        }
        bridge.bot.on('message', on)
      })
      puppet.emit('message', { messageId: id })
      await taken
      await bridge.settled()
    },
    async befriend(from) {
      const id = `friendship-${++n}`
      // The mock keeps no friend requests: this one is what a real puppet reports.
      const payload = { id, contactId: from.id, hello: '你好', type: types.Friendship.Receive }
      const raw = puppet.friendshipRawPayload.bind(puppet)
      puppet.friendshipRawPayload = async (fid: string) => (fid === id ? payload : raw(fid))
      const accepted = new Promise<void>((resolve) => {
        const accept = puppet.friendshipAccept.bind(puppet)
        puppet.friendshipAccept = async (fid: string) => {
          await accept(fid)
          if (fid === id) resolve()
        }
      })
      puppet.emit('friendship', { friendshipId: id })
      await accepted
      await settle(() => from.shown.length > 0)
    },
    settle,
    close: () => bridge.stop(),
  }
}
