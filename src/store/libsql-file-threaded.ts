/**
 * @module store/libsql-file-threaded
 * The embedded libsql file with its writes on a worker thread. A commit waits for its fsync (a few
 * milliseconds on a busy disk); on the thread that serves requests that wait stalls every
 * request. Here the thread (libsql-file-thread.ts) runs the same group-commit driver
 * (libsql-file.ts) while the event loop goes on; reads stay on this thread, on a connection of
 * their own (WAL: readers see every committed write and never wait for the writer).
 *
 * Writes arriving in one event-loop turn travel as one message and share one group commit there.
 */
import { Worker } from 'node:worker_threads'
import { StoreConflictError, StoreError, type SqlDriver, type Stmt } from './driver.js'
import { openLibsqlFile } from './libsql-file.js'

type Request = { op: 'write'; batch: Stmt[][] } | { op: 'exec'; script: string } | { op: 'close' }

/** What this thread asks of the writer thread. */
export type ToThread = Request & { id: number }

/** A store error as it crosses threads: its kind and its message (never the driver's text). */
export interface ThreadError {
  conflict: boolean
  message: string
}

/** The writer thread's answer: one outcome per write of the batch, or the op's own outcome. */
export type FromThread =
  | { id: number; outcomes: (number[] | ThreadError)[] }
  | { id: number; done: true }
  | { id: number; error: ThreadError }

const fromThread = (e: ThreadError): Error =>
  e.conflict ? new StoreConflictError(e.message) : new StoreError(e.message)

interface Waiting {
  resolve(reply: FromThread): void
  reject(error: Error): void
}

/**
 * Starts the writer thread. From sources (tests, `npm run chat`, all under tsx) it loads the .ts
 * file through tsx, since Node 20 does not give worker threads the loader hooks.
 */
function startThread(path: string): Worker {
  const workerData = { path }
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./libsql-file-thread.js', import.meta.url), { workerData })
  const [api, script] = [
    import.meta.resolve('tsx/esm/api'),
    new URL('./libsql-file-thread.ts', import.meta.url).href,
  ].map((s) => JSON.stringify(s))
  const code = `const { tsImport } = await import(${api}); await tsImport(${script}, ${script})`
  return new Worker(code, { eval: true, workerData })
}

/** Opens `path` (not `:memory:`: the two threads need one file) with a writer thread. */
export function openLibsqlFileThreaded(path: string): SqlDriver {
  // Opened first: creates the file and its directory, and puts it in WAL mode.
  const reader = openLibsqlFile(path)
  const thread = startThread(path)
  const waiting = new Map<number, Waiting>()
  let nextId = 0
  let failed: Error | undefined
  const fail = (error: Error): void => {
    failed = error
    for (const w of waiting.values()) w.reject(error)
    waiting.clear()
  }
  thread.on('message', (reply: FromThread) => {
    const w = waiting.get(reply.id)
    waiting.delete(reply.id)
    w?.resolve(reply)
  })
  thread.on('error', (e) => fail(new StoreError('the database thread failed', { cause: e })))
  thread.on('exit', () => fail(new StoreError('the database thread has stopped')))

  const ask = (message: Request): Promise<FromThread> =>
    new Promise((resolve, reject) => {
      if (failed) return reject(failed)
      const id = nextId++
      waiting.set(id, { resolve, reject })
      thread.postMessage({ ...message, id })
    })
  const settle = async (message: Request): Promise<void> => {
    const reply = await ask(message)
    if ('error' in reply) throw fromThread(reply.error)
  }

  let queue: { stmts: Stmt[]; resolve(changes: number[]): void; reject(error: Error): void }[] = []
  const flush = (): void => {
    const batch = queue
    queue = []
    ask({ op: 'write', batch: batch.map((w) => w.stmts) })
      .then((reply) => {
        if (!('outcomes' in reply))
          throw new StoreError('unexpected answer from the database thread')
        batch.forEach((w, i) => {
          const outcome = reply.outcomes[i]!
          if (Array.isArray(outcome)) w.resolve(outcome)
          else w.reject(fromThread(outcome))
        })
      })
      .catch((e: Error) => {
        for (const w of batch) w.reject(e)
      })
  }

  return {
    write(stmts) {
      return new Promise((resolve, reject) => {
        queue.push({ stmts, resolve, reject })
        if (queue.length === 1) setImmediate(flush)
      })
    },
    read: (stmt) => reader.read(stmt),
    exec: (script) => settle({ op: 'exec', script }),
    async close() {
      if (failed) return reader.close()
      await settle({ op: 'close' })
      await thread.terminate()
      await reader.close()
    },
  }
}
