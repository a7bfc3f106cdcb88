/**
 * @module test/e2e/server
 * Starts the real service (`src/node.ts`) as a child process on a free port with its own libsql
 * file, and waits until GET /healthz answers. No sleeps: every line the server prints is a cue
 * to ask /healthz again.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../support/free-port.js'

/** The project root (two levels above this file). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** A running server and how to stop it. */
export interface RunningServer {
  url: string
  /** Everything the server printed, for failure messages. */
  output(): string
  stop(): Promise<void>
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`)
    return res.ok
  } catch {
    return false
  }
}

/** Starts `node --import tsx src/node.ts` and resolves once /healthz is ok. */
export async function startServer(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tonghu-e2e-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
    },
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
  }
}
