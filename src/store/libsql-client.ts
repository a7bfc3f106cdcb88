/**
 * @module store/libsql-client
 * A libsql server (`sqld`) or Turso (`libsql://`, `http(s)://`) over HTTP.
 *
 * Group commit, as the file driver does it: at most one write transaction of this instance is at
 * the server at a time. Writes that arrive while one is out wait and then go together, as one
 * request: `BEGIN IMMEDIATE`, each write in its own savepoint (a write that fails is rolled back
 * to its savepoint alone, the others go on), `COMMIT`. Many writers sending a transaction each
 * made the server spin on its write lock and stall (issue 15); one transaction per instance does
 * not.
 *
 * Every wait is bounded: a write that has not gone out within `timeoutMs` is refused, and a
 * request (read or write) that has had no answer within `timeoutMs` is cancelled, both as a
 * StoreError (a 503 at the HTTP layer). Nothing is kept from a failed request, so the next write
 * simply tries again: when the server comes back, so does the store, without a restart. A write
 * cancelled in flight may still have committed at the server; its caller was told it failed, so
 * it was never acknowledged, and a retry with the same message id gets the first answer.
 */
import { createClient, type InStatement } from '@libsql/client'
import { BatchCond, openHttp, type BatchStep, type StmtResult } from '@libsql/hrana-client'
import { StoreError, storeError, type Row, type SqlDriver, type Stmt } from './driver.js'

export interface LibsqlClientOptions {
  authToken?: string | undefined
  /** How long a write may wait to go out, and any request for its answer (5 s). */
  timeoutMs?: number | undefined
  /** The most writes in one transaction (256). */
  maxGroup?: number | undefined
}

interface Pending {
  stmts: Stmt[]
  resolve(changes: number[]): void
  reject(error: Error): void
  timer: ReturnType<typeof setTimeout>
}

/** What happened to one step of a batch: its result, its error, or not run (undefined). */
type Outcome = { result: StmtResult | undefined } | { error: unknown }

const settle = (p: Promise<StmtResult | undefined>): Promise<Outcome> =>
  p.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  )

/** The HTTP address of a libsql URL: `libsql://` is https (Turso), `ws(s)://` the same host. */
export function httpUrl(url: string): string {
  return url.replace(/^libsql:/, 'https:').replace(/^ws(s?):/, 'http$1:')
}

export function libsqlClientDriver(url: string, options: LibsqlClientOptions = {}): SqlDriver {
  const timeoutMs = options.timeoutMs ?? 5000
  const maxGroup = options.maxGroup ?? 256
  const base = httpUrl(url)
  // Every request is cancelled when it has had no answer in time.
  const timed = (input: Request): Promise<Response> =>
    fetch(input, { signal: AbortSignal.timeout(timeoutMs) })
  const reads = createClient({ url: base, authToken: options.authToken, fetch: timed })
  let writes = openHttp(base, options.authToken, timed)
  const toStatement = (s: Stmt): InStatement => ({ sql: s.sql, args: s.args })

  let queue: Pending[] = []
  let sending = false
  let draining = Promise.resolve()
  let closed = false

  /** Sends one group as one request; each writer is told its own outcome. */
  async function send(group: Pending[]): Promise<void> {
    if (writes.closed) writes = openHttp(base, options.authToken, timed)
    const stream = writes.openStream()
    const batch = stream.batch(false)
    const begin = batch.step()
    const began = settle(begin.run('BEGIN IMMEDIATE'))
    // `alive`: the transaction is still open after the previous writer (its savepoint released
    // or rolled back to). When it is not, nothing more runs, the COMMIT included.
    let alive = BatchCond.ok(begin)
    const steps = group.map((w) => {
      const savepoint = batch.step().condition(alive)
      void savepoint.run('SAVEPOINT w').catch(() => undefined)
      let last: BatchStep = savepoint
      const outcomes = w.stmts.map((s) => {
        const step = batch.step().condition(BatchCond.ok(last))
        last = step
        return settle(step.run([s.sql, s.args]))
      })
      const release = batch.step().condition(BatchCond.ok(last))
      // Its own outcome too: a writer is told it committed only if its savepoint was kept.
      outcomes.push(settle(release.run('RELEASE w')))
      const undo = batch
        .step()
        .condition(BatchCond.ok(savepoint))
        .condition(BatchCond.not(BatchCond.ok(release)))
      void undo.run('ROLLBACK TO w').catch(() => undefined)
      const undone = batch.step().condition(BatchCond.ok(undo))
      void undone.run('RELEASE w').catch(() => undefined)
      alive = BatchCond.or(batch, [BatchCond.ok(release), BatchCond.ok(undone)])
      return outcomes
    })
    const commit = batch.step().condition(alive)
    const committed = settle(commit.run('COMMIT'))
    void batch
      .step()
      .condition(BatchCond.not(BatchCond.ok(commit)))
      .run('ROLLBACK')
      .catch(() => undefined)
    const done = batch.execute()
    stream.closeGracefully()
    try {
      await done
    } catch (e) {
      for (const w of group) w.reject(storeError(e, 'write'))
      return
    }
    const [start, end] = await Promise.all([began, committed])
    if ('error' in start || 'error' in end || !end.result) {
      const cause = 'error' in start ? start.error : 'error' in end ? end.error : undefined
      for (const w of group) w.reject(storeError(cause, 'commit'))
      return
    }
    await Promise.all(
      group.map(async (w, i) => {
        const outcomes = await Promise.all(steps[i]!)
        const failed = outcomes.find((o) => 'error' in o)
        if (failed && 'error' in failed) w.reject(storeError(failed.error, 'write'))
        else if (outcomes.some((o) => 'result' in o && !o.result))
          w.reject(new StoreError('a write of the group was not run'))
        else
          w.resolve(
            outcomes
              .slice(0, -1)
              .map((o) => ('result' in o ? (o.result?.affectedRowCount ?? 0) : 0)),
          )
      }),
    )
  }

  /** Sends what is waiting, a group at a time, until nothing is; resolves when it is done. */
  const drain = (): Promise<void> => {
    if (sending) return draining
    sending = true
    draining = (async () => {
      try {
        while (queue.length > 0) {
          const group = queue.slice(0, maxGroup)
          queue = queue.slice(group.length)
          for (const w of group) clearTimeout(w.timer)
          await send(group).catch((e: unknown) => {
            for (const w of group) w.reject(storeError(e, 'write'))
          })
        }
      } finally {
        sending = false
      }
    })()
    return draining
  }

  return {
    write(stmts) {
      return new Promise((resolve, reject) => {
        if (closed) return reject(new StoreError('database is closed (write)'))
        const w: Pending = {
          stmts,
          resolve,
          reject,
          timer: setTimeout(() => {
            queue = queue.filter((x) => x !== w)
            reject(new StoreError(`no write went out within ${timeoutMs} ms`))
          }, timeoutMs),
        }
        queue.push(w)
        if (queue.length === 1) setImmediate(() => void drain())
      })
    },
    async read(stmt) {
      if (closed) throw new StoreError('database is closed (read)')
      try {
        const result = await reads.execute(toStatement(stmt))
        return result.rows.map((r) =>
          Object.fromEntries(result.columns.map((c, i) => [c, r[i] as Row[string]])),
        )
      } catch (e) {
        throw storeError(e, 'read')
      }
    },
    async exec(script) {
      try {
        await reads.executeMultiple(script)
      } catch (e) {
        throw storeError(e, 'migration')
      }
    },
    async close() {
      if (closed) return
      closed = true
      await drain()
      reads.close()
      writes.close()
    },
  }
}
