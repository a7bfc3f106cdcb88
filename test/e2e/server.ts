/**
 * @module test/e2e/server
 * Starts the real service (`src/node.ts`) as a child process on a free port with its own libsql
 * file and its own report key (so parallel test files never share ./data/report.key), and waits
 * until GET /healthz answers. No sleeps: every line the server prints is a cue to ask /healthz
 * again. Operator accounts can be created first, with the real CLI (scripts/operator.ts).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../support/free-port.js'

/** The project root (two levels above this file). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The report key every e2e server (and the operator CLI run for it) uses: 32 zero bytes. */
export const TEST_REPORT_KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

/** A console account to create before the server starts. */
export interface OperatorAccount {
  name: string
  /** At least 12 characters (the CLI refuses shorter ones). */
  password: string
  role: 'operator' | 'supervisor'
}

/** Options for {@link startServer}. */
export interface ServerOptions {
  /** Console accounts made with `scripts/operator.ts add` against the server's database. */
  operators?: OperatorAccount[]
  /** More settings for the server's environment. */
  env?: Record<string, string>
}

/** A running server and how to stop it. */
export interface RunningServer {
  url: string
  /** Everything the server printed, for failure messages. */
  output(): string
  stop(): Promise<void>
  /** kill -9: no shutdown, nothing flushed; resolves once the process is gone. */
  kill(): Promise<void>
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`)
    return res.ok
  } catch {
    return false
  }
}

/** Runs `scripts/operator.ts add NAME --role ROLE` with the password on standard input. */
function addOperator(env: NodeJS.ProcessEnv, account: OperatorAccount): Promise<void> {
  return new Promise((resolve, reject) => {
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/operator.ts', 'add', account.name, '--role', account.role],
      { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let output = ''
    cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    cli.once('error', reject)
    cli.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`operator add ${account.name} failed (${code}):\n${output}`)),
    )
    cli.stdin.end(account.password + '\n')
  })
}

/** Starts `node --import tsx src/node.ts` and resolves once /healthz is ok. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghu-e2e-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
    REPORT_KEY: TEST_REPORT_KEY,
    ...options.env,
  }
  delete env['REPORT_KEYS']
  try {
    // One after another: each run migrates the same new database file.
    for (const account of options.operators ?? []) await addOperator(env, account)
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true })

  await new Promise<void>((resolve, reject) => {
    let ready = false
    const check = (): void => {
      void healthy(url).then((ok) => {
        if (ok && !ready) {
          ready = true
          resolve()
        }
      })
    }
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      check()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      if (!ready) {
        cleanup()
        reject(new Error(`server exited (${code}) before it was ready:\n${output}`))
      }
    })
  })

  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const forced = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(forced)
      }
      cleanup()
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await exited
      }
    },
  }
}
