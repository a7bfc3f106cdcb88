/**
 * The soak's traffic, run as its own process for a fixed time against one server: chat users
 * walking the conversation of load.ts, reporters filing a report and checking it with its PIN,
 * danger triage, and the health and readiness checks a load balancer would make. Prints one
 * JSON line: requests and errors per kind, and the statuses that were not 2xx.
 */
import { Agent, request } from 'node:http'

const [url, secondsArg] = process.argv.slice(2)
const deadline = performance.now() + Number(secondsArg) * 1000
/** A request with no answer after this long counts as an error. */
const STALLED_MS = 10_000
const agent = new Agent({ keepAlive: true, maxSockets: 64 })
const SCRIPT = ['你好', '3', '不是', '2', '菜单', '2', '1', '返回', '4', '菜单']

interface Answer {
  status: number
  body: string
}

function call(method: string, path: string, body?: unknown, headers = {}): Promise<Answer> {
  const data = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(data !== undefined && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(data),
          }),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    // A stalled server shows as errors, not as a bench that never ends.
    req.setTimeout(STALLED_MS, () => req.destroy(new Error('no answer')))
    req.end(data)
  })
}

const requests: Record<string, number> = {}
const errors: Record<string, number> = {}
const statuses: Record<string, number> = {}
async function count(kind: string, answer: Promise<Answer>): Promise<Answer | undefined> {
  requests[kind] = (requests[kind] ?? 0) + 1
  try {
    const a = await answer
    if (a.status >= 200 && a.status < 300) return a
    statuses[`${kind} ${a.status}`] = (statuses[`${kind} ${a.status}`] ?? 0) + 1
  } catch {
    statuses[`${kind} no answer`] = (statuses[`${kind} no answer`] ?? 0) + 1
  }
  errors[kind] = (errors[kind] ?? 0) + 1
  return undefined
}

async function chatter(n: number): Promise<void> {
  // A web userId holds at least 128 random bits (the server refuses shorter ones).
  const userId = `soak-${n}-${crypto.randomUUID()}`
  for (let i = 0; performance.now() < deadline; i++) {
    const text = SCRIPT[i % SCRIPT.length]
    const messageId = `soak-${process.pid}-${n}-${i}`
    await count('chat', call('POST', '/api/v1/chat', { userId, text, messageId }))
  }
}

async function reporter(n: number): Promise<void> {
  for (let i = 0; performance.now() < deadline; i++) {
    const what = '邻居家的孩子经常一个人在家，没有人做饭（压力测试，不是真的报告）'
    const filed = await count(
      'report',
      call('POST', '/api/v1/reports', { what }, { 'idempotency-key': `soak-${n}-${i}-key` }),
    )
    if (!filed) continue
    const { caseNumber, pin } = JSON.parse(filed.body) as { caseNumber: string; pin: string }
    await count(
      'status',
      call('GET', `/api/v1/reports/${caseNumber}`, undefined, { 'x-report-pin': pin }),
    )
  }
}

async function triager(): Promise<void> {
  while (performance.now() < deadline)
    await count('triage', call('POST', '/api/v1/triage', { text: '孩子被打了，腿上有伤' }))
}

async function prober(): Promise<void> {
  while (performance.now() < deadline) {
    await count('healthz', call('GET', '/healthz'))
    await count('readyz', call('GET', '/readyz'))
    await new Promise((r) => setTimeout(r, 200))
  }
}

await Promise.all([
  ...Array.from({ length: 20 }, (_, n) => chatter(n)),
  reporter(0),
  reporter(1),
  triager(),
  prober(),
])
console.log(JSON.stringify({ requests, errors, statuses }))
agent.destroy()
