/**
 * `npm run backup` and `npm run rekey` against the real service (src/node.ts, its own process)
 * on a libsql file: a copy made while users talk restores to a service that reads the case back;
 * rows sealed under k1 are all sealed under k2 after a rekey (run while the service runs, twice),
 * and the service still reads them once k1 is no longer configured.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { ROOT, startServer, type RunningServer } from './server.js'

// Given to the servers as REPORT_KEY (startServer sets it and leaves REPORT_KEYS out); both
// settings take the same "id:base64,…" list.
const K1 = 'k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE='
const K2 = 'k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI='

const dir = mkdtempSync(join(tmpdir(), 'tonghu-backup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `scripts/NAME.ts` as `npm run NAME` does; resolves to its exit code and output. */
function script(
  name: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, output }))
  })
}

async function post(server: RunningServer, path: string, body: object, headers = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

const report = (server: RunningServer) =>
  post(
    server,
    '/api/v1/reports',
    { what: '邻居家的孩子一个人在家两天了（测试）', contact: '13800000000', name: '王老师' },
    { 'idempotency-key': `test-${randomUUID()}` },
  ) as Promise<{ caseNumber: string; pin: string }>

async function status(server: RunningServer, caseNumber: string, pin: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/reports/${caseNumber}`, {
    headers: { 'x-report-pin': pin },
  })
  return res.status
}

const chat = (server: RunningServer, userId: string, text: string, messageId: string) =>
  post(server, '/api/v1/chat', { userId, text, messageId }) as Promise<{ replies: unknown[] }>

describe('npm run backup', () => {
  it('copies the database while users talk; the service started on the copy reads the case', async () => {
    const live = `file:${join(dir, 'live.db')}`
    const server = await startServer({ env: { DATABASE_URL: live } })
    const copy = join(dir, 'copy', 'backup.db')
    let restored: RunningServer | undefined
    try {
      const filed = await report(server)
      const user = randomUUID()
      const first = await chat(server, user, '你好', 'b-0')
      // Users go on talking while the copy is made.
      const talking = Promise.all(
        ['1', '菜单', '2', '菜单'].map((text, i) => chat(server, randomUUID(), text, `t-${i}`)),
      )
      const backup = await script('backup', { DATABASE_URL: live }, copy)
      await talking
      expect(backup.code).toBe(0)
      expect(statSync(copy).mode & 0o777).toBe(0o600)
      // A second copy onto the same file is refused: nothing is overwritten.
      expect((await script('backup', { DATABASE_URL: live }, copy)).code).toBe(1)
      await server.stop()

      restored = await startServer({ env: { DATABASE_URL: `file:${copy}` } })
      expect(await status(restored, filed.caseNumber, filed.pin)).toBe(200)
      // The stored answer came along too: the same message gets its first answer.
      expect((await chat(restored, user, '你好', 'b-0')).replies).toEqual(first.replies)
    } finally {
      await server.stop()
      await restored?.stop()
    }
  }, 120_000)
})

/** Every text value in every table of the file that was sealed under `keyId`. */
async function sealedUnder(path: string, keyId: string): Promise<string[]> {
  const db = openLibsqlFile(path)
  const found: string[] = []
  const prefix = `s1.${keyId}.`
  try {
    const tables = await db.read({
      sql: "SELECT name FROM sqlite_master WHERE type = 'table'",
      args: [],
    })
    for (const { name } of tables) {
      const columns = await db.read({
        sql: 'SELECT name FROM pragma_table_info(?)',
        args: [name ?? null],
      })
      for (const { name: column } of columns) {
        const [row] = await db.read({
          sql: `SELECT count(*) AS n FROM "${String(name)}" WHERE substr("${String(column)}", 1, ?) = ?`,
          args: [prefix.length, prefix],
        })
        if (Number(row?.['n']) > 0) found.push(`${String(name)}.${String(column)}`)
      }
    }
  } finally {
    await db.close()
  }
  return found.sort()
}

describe('npm run rekey', () => {
  it('seals every value under the newest key, again and again, and k1 can then go', async () => {
    const path = join(dir, 'rekey.db')
    const databaseUrl = `file:${path}`
    let server = await startServer({ env: { DATABASE_URL: databaseUrl, REPORT_KEY: K1 } })
    const user = randomUUID()
    let filed: { caseNumber: string; pin: string }
    let first: { replies: unknown[] }
    try {
      filed = await report(server)
      first = await chat(server, user, '你好', 'r-0')
      await chat(server, user, '1', 'r-1')
    } finally {
      await server.stop()
    }
    // Sealed under k1: the reporter, the PIN, the messages and their answers.
    expect(await sealedUnder(path, 'k1')).toEqual(
      expect.arrayContaining([
        'cases.pin_sealed',
        'cases.reporter_sealed',
        'inbound_messages.payload',
        'inbound_messages.response',
      ]),
    )

    // k2 first on the service, then the rekey while it runs; a second run finds nothing to do.
    server = await startServer({
      env: { DATABASE_URL: databaseUrl, REPORT_KEY: `${K2},${K1}` },
    })
    try {
      await chat(server, user, '菜单', 'r-2')
      const run = await script('rekey', { DATABASE_URL: databaseUrl, REPORT_KEYS: `${K2},${K1}` })
      expect(run.output).toContain('every sealed value is under the newest key')
      expect(run.code).toBe(0)
      const again = await script('rekey', { DATABASE_URL: databaseUrl, REPORT_KEYS: `${K2},${K1}` })
      expect(again.code).toBe(0)
      expect(again.output).not.toMatch(/[1-9]\d* sealed again/)
    } finally {
      await server.stop()
    }
    // Nothing anywhere is left under k1, in any column of any table.
    expect(await sealedUnder(path, 'k1')).toEqual([])

    server = await startServer({ env: { DATABASE_URL: databaseUrl, REPORT_KEY: K2 } })
    try {
      expect(await status(server, filed.caseNumber, filed.pin)).toBe(200)
      expect((await chat(server, user, '你好', 'r-0')).replies).toEqual(first.replies)
    } finally {
      await server.stop()
    }
  }, 180_000)
})
