/**
 * The live hand-off, measured against a running server (run by bench/run.ts in its own process):
 * `node live.js <url> <conversations> <rounds> <operator> <password>`. Each of N users asks for a
 * person and one operator claims them all; then, every round, in all N conversations at once,
 * the operator writes and the user's page is waiting on GET /api/v1/chat/updates, and the user
 * writes while the console waits on the conversation's updates. Prints JSON: the times from
 * sending to the other side's poll answering, in ms.
 */
import { conversationRef } from '../src/store/ref.js'

const [url, n, rounds, name, password] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
]
const json = { 'content-type': 'application/json' }

async function ok(res: Promise<Response>): Promise<unknown> {
  const r = await res
  if (!r.ok) throw new Error(`${r.status} ${r.url}`)
  return r.json()
}

const login = await fetch(`${url}/api/v1/console/login`, {
  method: 'POST',
  headers: json,
  body: JSON.stringify({ name, password }),
})
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
const { csrfToken } = (await login.json()) as { csrfToken: string }
const consoleHeaders = { ...json, cookie, 'x-csrf-token': csrfToken }

const chat = (userId: string, text: string): Promise<unknown> =>
  ok(
    fetch(`${url}/api/v1/chat`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ userId, text }),
    }),
  )

interface Conversation {
  userId: string
  ref: string
  userCursor: number
  consoleCursor: number
}

const conversations: Conversation[] = await Promise.all(
  Array.from({ length: Number(n) }, async (_, i) => {
    const userId = `bench-${i}-${crypto.randomUUID()}`
    await chat(userId, '你好')
    const { conversationId } = (await chat(userId, '人工')) as { conversationId: string }
    const ref = await conversationRef(conversationId)
    await ok(
      fetch(`${url}/api/v1/console/conversations/${ref}/claim`, {
        method: 'POST',
        headers: consoleHeaders,
      }),
    )
    const { cursor } = (await ok(fetch(`${url}/api/v1/chat/updates?userId=${userId}`))) as {
      cursor: number
    }
    const view = (await ok(
      fetch(`${url}/api/v1/console/conversations/${ref}`, { headers: { cookie } }),
    )) as {
      cursor: number
    }
    return { userId, ref, userCursor: cursor, consoleCursor: view.cursor }
  }),
)

const opToUser: number[] = []
const userToOp: number[] = []

async function operatorWrites(c: Conversation, round: number): Promise<void> {
  const arrived = (async () => {
    for (;;) {
      const got = (await ok(
        fetch(`${url}/api/v1/chat/updates?userId=${c.userId}&after=${c.userCursor}`),
      )) as {
        replies: unknown[]
        cursor: number
      }
      c.userCursor = got.cursor
      if (got.replies.length > 0) return performance.now()
    }
  })()
  await new Promise((r) => setTimeout(r, 5))
  const sent = performance.now()
  await ok(
    fetch(`${url}/api/v1/console/conversations/${c.ref}/messages`, {
      method: 'POST',
      headers: consoleHeaders,
      body: JSON.stringify({ text: `第${round}条：您好，我在。` }),
    }),
  )
  opToUser.push((await arrived) - sent)
}

async function userWrites(c: Conversation, round: number): Promise<void> {
  const arrived = (async () => {
    for (;;) {
      const got = (await ok(
        fetch(`${url}/api/v1/console/conversations/${c.ref}/updates?after=${c.consoleCursor}`, {
          headers: { cookie },
        }),
      )) as { transcript: unknown[]; cursor: number }
      c.consoleCursor = got.cursor
      if (got.transcript.length > 0) return performance.now()
    }
  })()
  await new Promise((r) => setTimeout(r, 5))
  const sent = performance.now()
  await chat(c.userId, `第${round}句：孩子这两天不太好`)
  userToOp.push((await arrived) - sent)
}

for (let round = 0; round < Number(rounds); round++) {
  await Promise.all(conversations.map((c) => operatorWrites(c, round)))
  await Promise.all(conversations.map((c) => userWrites(c, round)))
}

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
const stats = (xs: number[]) => ({
  n: xs.length,
  p50: pct(xs, 0.5),
  p99: pct(xs, 0.99),
  max: pct(xs, 1),
})
console.log(JSON.stringify({ opToUser: stats(opToUser), userToOp: stats(userToOp) }))
