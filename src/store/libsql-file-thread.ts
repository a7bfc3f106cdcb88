/**
 * @module store/libsql-file-thread
 * The writer thread of libsql-file-threaded.ts: the group-commit driver on the file, answering
 * that thread's messages. The writes of one message are handed over together, so they share a
 * commit (and with them any that arrive before it starts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { StoreConflictError } from './driver.js'
import type { FromThread, ThreadError, ToThread } from './libsql-file-threaded.js'
import { openLibsqlFile } from './libsql-file.js'

const port = parentPort!
const driver = openLibsqlFile((workerData as { path: string }).path)

const threadError = (e: unknown): ThreadError => ({
  conflict: e instanceof StoreConflictError,
  message: e instanceof Error ? e.message : 'database error',
})

async function answer(m: ToThread): Promise<FromThread> {
  try {
    switch (m.op) {
      case 'write': {
        const settled = await Promise.allSettled(m.batch.map((stmts) => driver.write(stmts)))
        return {
          id: m.id,
          outcomes: settled.map((s) =>
            s.status === 'fulfilled' ? s.value : threadError(s.reason),
          ),
        }
      }
      case 'exec':
        await driver.exec(m.script)
        return { id: m.id, done: true }
      case 'close':
        await driver.close()
        return { id: m.id, done: true }
    }
  } catch (e) {
    return { id: m.id, error: threadError(e) }
  }
}

port.on('message', (m: ToThread) => void answer(m).then((reply) => port.postMessage(reply)))
