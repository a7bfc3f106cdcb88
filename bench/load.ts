/**
 * The load generator, run as its own process: N connections (keep-alive), each one user who
 * walks a conversation over and over (你好 → 3 → 不是 → 1 → 菜单 → 2 …), for a fixed time. The
 * URL may be a comma-separated list of instances: user n talks to the n-th (modulo) only.
 * Prints one JSON line: requests, errors, seconds, latency percentiles in ms, and the CPU time
 * this generator used per request (µs).
 */
import { Agent, request } from 'node:http'

const [url, connectionsArg, secondsArg, label] = process.argv.slice(2)
const targets = url!.split(',').map((u) => new URL('/api/v1/chat', u))
const connections = Number(connectionsArg)
const seconds = Number(secondsArg)
const SCRIPT = ['你好', '3', '不是', '2', '菜单', '2', '1', '返回', '4', '菜单']
/** A request with no answer after this long counts as an error. */
const STALLED_MS = 10_000
const agent = new Agent({ keepAlive: true, maxSockets: connections })

function post(target: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    // A stalled server shows as errors, not as a bench that never ends.
    req.setTimeout(STALLED_MS, () => req.destroy(new Error('no answer')))
    req.end(body)
  })
}

const latencies: number[] = []
let errors = 0
const cpuAtStart = process.cpuUsage()
const start = performance.now()
const deadline = start + seconds * 1000

async function user(n: number): Promise<void> {
  const target = targets[n % targets.length]!
  // A web userId holds at least 128 random bits (the server refuses shorter ones).
  const userId = `${label}-${n}-${crypto.randomUUID()}`
  for (let i = 0; performance.now() < deadline; i++) {
    const body = JSON.stringify({
      userId,
      text: SCRIPT[i % SCRIPT.length],
      messageId: `${process.pid}-${n}-${i}`,
    })
    const t = performance.now()
    try {
      const status = await post(target, body)
      if (status !== 200) errors++
    } catch {
      errors++
    }
    latencies.push(performance.now() - t)
  }
}

await Promise.all(Array.from({ length: connections }, (_, n) => user(n)))
const elapsed = (performance.now() - start) / 1000
const cpu = process.cpuUsage(cpuAtStart)
latencies.sort((a, b) => a - b)
const pct = (p: number): number =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    seconds: elapsed,
    p50: pct(50),
    p99: pct(99),
    cpuPerRequest: (cpu.user + cpu.system) / latencies.length,
  }),
)
agent.destroy()
