/**
 * @module bench/servers
 * What the bench sections share: starting the service (dist/src/node.js) as a process of its own,
 * waiting until it answers, running the load generator (load.js) against one or more of them,
 * and medians.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { freePort } from '../test/support/free-port.js'

export const here = new URL('.', import.meta.url).pathname

/** The report key of every bench server on a shared database (32 zero bytes; bench data only). */
export const BENCH_REPORT_KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('server did not start')
}

export interface Instance {
  url: string
  process: ChildProcess
}

/**
 * Starts the service with these settings (and these options of node's own) on a free port;
 * resolves once /healthz answers.
 */
export async function startInstance(
  env: Record<string, string>,
  nodeOptions: string[] = [],
): Promise<Instance> {
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeOptions, join(here, '..', 'src', 'node.js')], {
    // RATE_LIMITS off: the load comes from one address (as in bench/run.ts).
    env: {
      ...process.env,
      REPORT_KEY: BENCH_REPORT_KEY,
      RATE_LIMITS: 'off',
      ...env,
      PORT: String(port),
    },
    stdio: 'ignore',
  })
  await waitReady(port)
  return { url: `http://127.0.0.1:${port}`, process: child }
}

export interface LoadResult {
  requests: number
  errors: number
  seconds: number
  p50: number
  p99: number
  /** CPU time per request (µs): the load generator's, and the server's (all its threads). */
  cpuPerRequest: number
  serverCpuPerRequest?: number
}

/** `connections` users for `seconds`, user n always on `urls[n % urls.length]`. */
export function runLoad(
  urls: string[],
  connections: number,
  seconds: number,
  label: string,
): LoadResult {
  const out = spawnSync(
    process.execPath,
    [join(here, 'load.js'), urls.join(','), String(connections), String(seconds), label],
    { encoding: 'utf8' },
  )
  if (out.status !== 0) throw new Error(`load generator failed: ${out.stderr}`)
  return JSON.parse(out.stdout) as LoadResult
}
