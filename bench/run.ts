/**
 * `npm run bench`: prints figures, measured in one run on this machine. Not a test: nothing here
 * fails on timing. Each HTTP figure is the median of three rounds, servers and load generator in
 * separate processes, the bare-Hono ceiling measured in the same run as the durable chat turn.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/support/free-port.js'
import { compiled } from '../src/generated/content.js'
import { engineTurnsPerSecond, triageMicrosPerMessage } from './engine.js'
import { policyBench } from './policy.js'
import { scaleBench, soakBench } from './scale.js'
import { here, median, runLoad, waitReady, type LoadResult } from './servers.js'
import { consoleServices } from '../src/console/services.js'
import { migrations } from '../src/generated/migrations.js'
import { nodeScrypt } from '../src/node-scrypt.js'
import { migrate } from '../src/store/migrate.js'
import { openNodeDriver } from '../src/store/open-node.js'

/** Conversations active at once in the live hand-off measure (issue: 50), and its rounds. */
const LIVE_CONVERSATIONS = 50
const LIVE_ROUNDS = Number(process.env['BENCH_LIVE_ROUNDS'] ?? 20)

interface LiveStats {
  n: number
  p50: number
  p99: number
  max: number
}

/** The live hand-off: a server with one operator, 50 conversations talking both ways at once. */
async function measureLive(dir: string): Promise<{ opToUser: LiveStats; userToOp: LiveStats }> {
  const database = `file:${join(dir, 'live.db')}`
  const driver = openNodeDriver(database, undefined)
  await migrate(driver, migrations)
  const staff = consoleServices(driver, nodeScrypt)
  const password = 'bench operator password'
  await staff.operators.add({
    id: 'bench',
    name: 'bench',
    role: 'operator',
    passwordHash: await staff.passwords.hash(password),
    at: new Date().toISOString(),
  })
  await driver.close()
  const port = await freePort()
  const server = spawn(process.execPath, [join(here, '..', 'src', 'node.js')], {
    env: { ...process.env, DATABASE_URL: database, PORT: String(port), RATE_LIMITS: 'off' },
    stdio: 'ignore',
  })
  try {
    await waitReady(port)
    const out = spawnSync(
      process.execPath,
      [
        join(here, 'live.js'),
        `http://127.0.0.1:${port}`,
        String(LIVE_CONVERSATIONS),
        String(LIVE_ROUNDS),
        'bench',
        password,
      ],
      { encoding: 'utf8' },
    )
    if (out.status !== 0) throw new Error(`live bench failed: ${out.stderr}`)
    return JSON.parse(out.stdout) as { opToUser: LiveStats; userToOp: LiveStats }
  } finally {
    server.kill('SIGTERM')
  }
}

const CONNECTIONS = 50
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8)
const ROUNDS = 3

const TICKS_PER_SECOND =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100

/** CPU time a process has used so far, in µs (Linux; undefined elsewhere). */
function cpuMicros(pid: number): number | undefined {
  const stat = `/proc/${pid}/stat`
  if (!existsSync(stat)) return undefined
  // The fields after the command name (which may hold spaces): utime and stime are 12th and 13th.
  const text = readFileSync(stat, 'utf8')
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6
}

async function measure(
  script: string,
  env: Record<string, string>,
  label: string,
): Promise<LoadResult> {
  const port = await freePort()
  const server: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, RATE_LIMITS: 'off', ...env, PORT: String(port) },
    stdio: 'ignore',
  })
  try {
    await waitReady(port)
    const url = `http://127.0.0.1:${port}`
    runLoad([url], CONNECTIONS, 1, `${label}-warm`) // warm-up
    const cpuBefore = cpuMicros(server.pid!)
    const result = runLoad([url], CONNECTIONS, SECONDS, label)
    const cpuAfter = cpuMicros(server.pid!)
    if (cpuBefore !== undefined && cpuAfter !== undefined)
      result.serverCpuPerRequest = (cpuAfter - cpuBefore) / result.requests
    return result
  } finally {
    server.kill('SIGTERM')
  }
}

function row(name: string, value: string, note = ''): void {
  console.log(`| ${name} | ${value} | ${note} |`)
}

const engine = median([0, 1, 2, 3, 4].map(() => engineTurnsPerSecond(20_000)))
const policy = await policyBench(compiled.policy)
triageMicrosPerMessage(2_000) // warm-up
const triageCost = [0, 1, 2].map(() => triageMicrosPerMessage(20_000))
const triageZh = median(triageCost.map((c) => c.zh))
const triageEn = median(triageCost.map((c) => c.en))

/** LINE: webhook acknowledgements at 50 concurrent deliveries, and outbox sends to a fake API. */
async function measureLine(dir: string): Promise<{
  ack: LiveStats
  delivered: number
  perSecond: number
}> {
  const [port, fakePort] = [await freePort(), await freePort()]
  const secret = 'bench-line-secret'
  const server = spawn(process.execPath, [join(here, '..', 'src', 'node.js')], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${join(dir, 'line.db')}`,
      PORT: String(port),
      LINE_CHANNEL_SECRET: secret,
      LINE_CHANNEL_ACCESS_TOKEN: 'bench-token',
      LINE_API_BASE_URL: `http://127.0.0.1:${fakePort}`,
    },
    stdio: 'ignore',
  })
  try {
    await waitReady(port)
    const out = spawnSync(
      process.execPath,
      [join(here, 'line.js'), `http://127.0.0.1:${port}`, String(fakePort), secret, '2000'],
      { encoding: 'utf8' },
    )
    if (out.status !== 0) throw new Error(`line bench failed: ${out.stderr}`)
    return JSON.parse(out.stdout) as { ack: LiveStats; delivered: number; perSecond: number }
  } finally {
    server.kill('SIGTERM')
  }
}

const bare: LoadResult[] = []
const chat: LoadResult[] = []
const dir = mkdtempSync(join(tmpdir(), 'tonghu-bench-'))
let live: Awaited<ReturnType<typeof measureLive>>
let lineLoad: Awaited<ReturnType<typeof measureLine>>
try {
  live = await measureLive(dir)
  lineLoad = await measureLine(dir)
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await measure(join(here, 'bare-server.js'), {}, 'bare'))
    chat.push(
      await measure(
        join(here, '..', 'src', 'node.js'),
        { DATABASE_URL: `file:${join(dir, `round-${round}.db`)}` },
        'chat',
      ),
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const rps = (r: LoadResult): number => r.requests / r.seconds
const bareRps = median(bare.map(rps))
const chatRps = median(chat.map(rps))

console.log(
  `\nTonghu bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds (medians)\n`,
)
console.log('| measure | value | note |')
console.log('|---|---|---|')
row(
  'pure engine, 5-question flow',
  `${Math.round(engine).toLocaleString('en')} turns/s`,
  'in process, real compiled content',
)
row(
  'danger triage, one message',
  `${triageZh.toFixed(1)} µs (Chinese), ${triageEn.toFixed(1)} µs (English)`,
  `runs on every turn; the engine turn above is ${(1e6 / engine).toFixed(1)} µs with it`,
)
row(
  'bare Hono route (ceiling)',
  `${Math.round(bareRps).toLocaleString('en')} req/s`,
  `p50 ${median(bare.map((r) => r.p50)).toFixed(2)} ms, p99 ${median(bare.map((r) => r.p99)).toFixed(2)} ms`,
)
row(
  'durable chat turn, libsql file',
  `${Math.round(chatRps).toLocaleString('en')} turns/s`,
  `p50 ${median(chat.map((r) => r.p50)).toFixed(2)} ms, p99 ${median(chat.map((r) => r.p99)).toFixed(2)} ms`,
)
row(
  'chat / ceiling',
  `${(chatRps / bareRps).toFixed(2)}×`,
  `errors: bare ${bare.reduce((n, r) => n + r.errors, 0)}, chat ${chat.reduce((n, r) => n + r.errors, 0)}`,
)
const serverCpu = (rs: LoadResult[]): number | undefined =>
  rs.every((r) => r.serverCpuPerRequest !== undefined)
    ? median(rs.map((r) => r.serverCpuPerRequest!))
    : undefined
const [bareCpu, chatCpu] = [serverCpu(bare), serverCpu(chat)]
const loadCpu = median(chat.map((r) => r.cpuPerRequest))
if (bareCpu !== undefined && chatCpu !== undefined) {
  row(
    'CPU per request, server (all threads)',
    `bare ${Math.round(bareCpu)} µs, chat ${Math.round(chatCpu)} µs`,
    `load generator ${Math.round(loadCpu)} µs per request`,
  )
  // Every core busy with nothing but chat turns and their load: no run can do better than this.
  const bound = (availableParallelism() * 1e6) / (chatCpu + loadCpu)
  row(
    'chat turns the CPUs could carry at most',
    `${Math.round(bound).toLocaleString('en')} turns/s`,
    `${availableParallelism()} cores ÷ (chat server + load generator CPU per turn) = ${(bound / bareRps).toFixed(2)}× the ceiling`,
  )
}
for (const r of policy) row(r.name, r.display, r.note)
const chatP99 = median(chat.map((r) => r.p99))
row(
  `operator → user, ${LIVE_CONVERSATIONS} live conversations`,
  `p50 ${live.opToUser.p50.toFixed(1)} ms, p99 ${live.opToUser.p99.toFixed(1)} ms`,
  `${live.opToUser.n} messages; from the console's POST to the page's long poll answering (target p99 < 1 s); p99 = ${(live.opToUser.p99 / chatP99).toFixed(1)}× the chat turn's p99 in this run`,
)
row(
  'LINE webhook acknowledged, 50 concurrent deliveries',
  `p50 ${lineLoad.ack.p50.toFixed(1)} ms, p99 ${lineLoad.ack.p99.toFixed(1)} ms`,
  `${lineLoad.ack.n} signed webhooks, stored before the 200 (target p99 ≤ 50 ms); bare Hono p99 in this run ${median(bare.map((r) => r.p99)).toFixed(1)} ms`,
)
row(
  'LINE answers delivered from the outbox',
  `${Math.round(lineLoad.perSecond).toLocaleString('en')} sends/s`,
  `${lineLoad.delivered} of ${lineLoad.ack.n} answers reached a local fake LINE API (reply token, one send per turn)`,
)
row(
  `user → operator, ${LIVE_CONVERSATIONS} live conversations`,
  `p50 ${live.userToOp.p50.toFixed(1)} ms, p99 ${live.userToOp.p99.toFixed(1)} ms`,
  `${live.userToOp.n} messages; from the chat POST to the console's long poll answering (target p99 < 1 s)`,
)

// Beyond one machine: a libsql server, several instances, and the soak (bench/scale.ts).
const scaleDir = mkdtempSync(join(tmpdir(), 'tonghu-bench-scale-'))
try {
  for (const r of [...(await scaleBench(scaleDir)), ...(await soakBench(scaleDir))])
    row(r.name, r.value, r.note)
} finally {
  rmSync(scaleDir, { recursive: true, force: true })
}
