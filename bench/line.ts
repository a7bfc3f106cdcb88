/**
 * LINE under load, run by bench/run.ts in its own process: `node line.js <server url> <fake port>
 * <channel secret> <deliveries>`. Serves a fake LINE API on the port (answering 200), sends signed
 * webhooks from 50 concurrent senders (one new user each time, "你好"), and prints JSON: the
 * acknowledgement times (ms) and how fast the server's outbox delivered the answers to the fake.
 */
import { createHmac } from 'node:crypto'
import { Agent, createServer, request } from 'node:http'

const [url, fakePort, secret, total] = process.argv.slice(2) as [string, string, string, string]
const TOTAL = Number(total)
const CONCURRENCY = 50

let received = 0
let lastAt = 0
let allIn: () => void = () => undefined
const done = new Promise<void>((resolve) => (allIn = resolve))
const fake = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    received++
    lastAt = performance.now()
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"sentMessages":[]}')
    if (received >= TOTAL) allIn()
  })
})
await new Promise<void>((resolve) => fake.listen(Number(fakePort), '127.0.0.1', resolve))

// node:http with keep-alive, like bench/load.ts: lighter than fetch, so the sender measures the
// server, not itself.
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
function post(body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/webhooks/line`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-line-signature': signature,
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const acks: number[] = []
let next = 0
const started = performance.now()
async function sender(): Promise<void> {
  while (next < TOTAL) {
    const i = next++
    const body = JSON.stringify({
      destination: 'Ubench',
      events: [
        {
          type: 'message',
          webhookEventId: `bench-${i}-${crypto.randomUUID()}`,
          timestamp: Date.now(),
          mode: 'active',
          source: { type: 'user', userId: `Ubench${i}${crypto.randomUUID().replaceAll('-', '')}` },
          replyToken: `token-${i}`,
          deliveryContext: { isRedelivery: false },
          message: { type: 'text', id: `m${i}`, text: '你好' },
        },
      ],
    })
    const signature = createHmac('sha256', secret).update(body).digest('base64')
    const t0 = performance.now()
    const status = await post(body, signature)
    if (status !== 200) throw new Error(`webhook ${status}`)
    acks.push(performance.now() - t0)
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, sender))
agent.destroy()
await Promise.race([done, new Promise((r) => setTimeout(r, 120_000))])
fake.close()

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
console.log(
  JSON.stringify({
    ack: { n: acks.length, p50: pct(acks, 0.5), p99: pct(acks, 0.99) },
    delivered: received,
    perSecond: received / ((lastAt - started) / 1000),
  }),
)
