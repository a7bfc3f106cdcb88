/**
 * Three instances of the service (src/node.ts, each its own process) on one libsql server
 * (sqld), as behind a load balancer with no stickiness: every user's consecutive messages go to
 * different instances, so each instance's memory of a conversation is out of date at its next
 * turn. One instance is killed with kill -9 while the users talk; a message it did not answer is
 * sent again, with the same messageId, to the next instance (as a client retries).
 *
 * Then: every message has exactly one turn (a conversation's turn number is the number of its
 * messages: none lost, none answered twice), every user's answers are the ones a single
 * instance gives for the same words (no stale state was served), and a message sent again gets
 * its first answer. And an instance whose server stops answering gives clean 503s within its
 * DATABASE_TIMEOUT_MS and serves again as soon as the server does.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDriver } from '../../src/store/driver.js'
import { openNodeDriver } from '../../src/store/open-node.js'
import { startSqld, type Sqld } from '../support/sqld.js'
import { startServer, type RunningServer } from './server.js'

const USERS = 12
/** The walk of bench/load.ts: menu, a flow, back, the menu again. */
const SCRIPT = ['你好', '3', '不是', '2', '菜单', '2', '1', '返回', '4', '菜单']
/** Killed once this many messages have been answered. */
const KILL_AFTER = (USERS * SCRIPT.length) / 3

interface Answer {
  conversationId: string
  replies: { text: string }[]
  state: { flow: string; node: string; mode: string }
}

let sqld: Sqld
let servers: RunningServer[] = []
let db: SqlDriver

beforeAll(async () => {
  sqld = await startSqld()
  // The first migrates the new database; the others then start together.
  servers = [await startServer({ env: { DATABASE_URL: sqld.url } })]
  servers.push(
    ...(await Promise.all([1, 2].map(() => startServer({ env: { DATABASE_URL: sqld.url } })))),
  )
  db = openNodeDriver(sqld.url)
}, 120_000)

afterAll(async () => {
  await db?.close()
  await Promise.all(servers.map((s) => s.stop()))
  await sqld?.stop()
})

async function send(server: RunningServer, body: object): Promise<Answer | undefined> {
  try {
    const res = await fetch(`${server.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return res.status === 200 ? ((await res.json()) as Answer) : undefined
  } catch {
    return undefined // the instance is gone (or went while it was asked)
  }
}

describe('three instances on one libsql server, one killed with kill -9', () => {
  it('loses no turn, answers none twice, and never serves a stale state', async () => {
    // What one instance alone answers to the walk: the reference.
    const reference: Answer[] = []
    const alone = randomUUID()
    for (const [i, text] of SCRIPT.entries())
      reference.push((await send(servers[0]!, { userId: alone, text, messageId: `ref-${i}` }))!)
    expect(reference.every((a) => a !== undefined)).toBe(true)

    let answered = 0
    let resent = 0
    let killed: Promise<void> | undefined
    const victim = servers[2]!
    const users = Array.from({ length: USERS }, () => randomUUID())
    const answers = await Promise.all(
      users.map(async (userId, u) => {
        const mine: Answer[] = []
        for (const [i, text] of SCRIPT.entries()) {
          const body = { userId, text, messageId: `${u}-${i}` }
          // The next instance for every message; when it does not answer, the one after it.
          let answer: Answer | undefined
          for (let attempt = 0; !answer; attempt++) {
            if (attempt > 30) throw new Error(`message ${u}-${i} was never answered`)
            if (attempt > 0) resent++
            answer = await send(servers[(u + i + attempt) % servers.length]!, body)
          }
          mine.push(answer)
          if (++answered === KILL_AFTER) killed = victim.kill()
        }
        return { userId, mine }
      }),
    )
    await killed
    // The kill came while users were still talking: some messages had to be sent again.
    expect(resent).toBeGreaterThan(0)

    for (const { mine } of answers) {
      // Each answer is the one a single instance gives at that point of the walk.
      expect(mine.map((a) => [a.state, a.replies])).toEqual(
        reference.map((a) => [a.state, a.replies]),
      )
      const [row] = await db.read({
        sql: 'SELECT seq FROM conversations WHERE id = ?',
        args: [mine[0]!.conversationId],
      })
      expect(row?.['seq']).toBe(SCRIPT.length)
    }
    // A message sent again, to an instance that did not answer it, gets its first answer.
    const { userId, mine } = answers[0]!
    const again = await send(servers[1]!, { userId, text: SCRIPT[0], messageId: '0-0' })
    expect(again?.replies).toEqual(mine[0]!.replies)
  }, 180_000)
})

describe('an instance on a libsql server that stops answering', () => {
  it('answers 503 within its timeout, then serves again once the server does, without a restart', async () => {
    const server = await startServer({
      env: { DATABASE_URL: sqld.url, DATABASE_TIMEOUT_MS: '500' },
    })
    servers.push(server)
    const userId = randomUUID()
    const hello = { userId, text: SCRIPT[0], messageId: 'stall-0' }
    sqld.pause()
    try {
      const res = await fetch(`${server.url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(hello),
      })
      expect(res.status).toBe(503)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable')
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503)
    } finally {
      sqld.resume()
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
    // The same message, sent again: answered once, as if the stall had not been.
    const answer = await send(server, hello)
    expect(answer?.replies.length).toBeGreaterThan(0)
    const [row] = await db.read({
      sql: 'SELECT seq FROM conversations WHERE id = ?',
      args: [answer!.conversationId],
    })
    expect(row?.['seq']).toBe(1)
  }, 120_000)
})
