/**
 * The rekey (src/store/rekey.ts) on a real libsql file: rows of every table in SEALED_COLUMNS
 * sealed under k1 are sealed under k2 and read the same; a run stopped after its first batch
 * leaves everything readable and the next one finishes; a run with nothing to do writes nothing;
 * a value no configured key opens is counted and left, and the run still ends.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../src/generated/migrations.js'
import { loadKeyring, type Keyring } from '../../src/reports/keyring.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { migrate } from '../../src/store/migrate.js'
import { rekey, SEALED_COLUMNS } from '../../src/store/rekey.js'

const K0 = 'k0:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='
const K1 = 'k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE='
const K2 = 'k2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI='

async function database(): Promise<SqlDriver> {
  const driver = openLibsqlFile(join(mkdtempSync(join(tmpdir(), 'tonghu-rekey-')), 'r.db'))
  await migrate(driver, migrations)
  return driver
}

/** Rows in every sealed table, their values sealed by `keys`; one message payload in clear. */
async function fill(db: SqlDriver, keys: Keyring): Promise<void> {
  const s = (v: string) => keys.seal(v)
  for (let i = 0; i < 5; i++)
    await db.write([
      {
        sql: `INSERT INTO inbound_messages (id, conversation_id, payload, received_at, status, response)
              VALUES (?, 'c', ?, 't', 'processed', ?)`,
        args: [
          `m${i}`,
          i === 0 ? 'plain words' : await s(`words ${i}`),
          i === 1 ? null : await s(`answer ${i}`),
        ],
      },
      {
        sql: `INSERT INTO outbox (conversation_id, turn_id, idx, channel, reply, created_at)
              VALUES ('c', ?, 0, 'web', ?, 't')`,
        args: [`m${i}`, await s(`reply ${i}`)],
      },
      {
        sql: `INSERT INTO handoff_notes (id, conversation_id, author, note, at) VALUES (?, 'c', 'li', ?, 't')`,
        args: [`n${i}`, await s(`note ${i}`)],
      },
      {
        sql: `INSERT INTO cases (case_number, submission_key, source, status, urgency, concerns, what,
                anonymous, reporter_sealed, pin_sealed, key_id, created_at, updated_at)
              VALUES (?, ?, 'api', 'received', 'standard', '[]', 'w', ?, ?, ?, ?, 't', 't')`,
        args: [
          `TH-${i}`,
          `s${i}`,
          i === 2 ? 1 : 0,
          i === 2 ? null : await s(`reporter ${i}`),
          await s(`pin ${i}`),
          keys.currentId,
        ],
      },
    ])
}

/** Every value of every sealed column, opened; and which keys sealed them. */
async function contents(db: SqlDriver, keys: Keyring) {
  const opened: Record<string, (string | null)[]> = {}
  const sealedBy = new Set<string>()
  for (const t of SEALED_COLUMNS)
    for (const c of t.columns) {
      const rows = await db.read({
        sql: `SELECT ${c} AS v FROM ${t.table} ORDER BY ${t.key}`,
        args: [],
      })
      opened[`${t.table}.${c}`] = await Promise.all(
        rows.map(async ({ v }) => {
          if (typeof v !== 'string') return null
          if (keys.isSealed(v)) sealedBy.add(v.split('.')[1]!)
          return keys.open(v)
        }),
      )
    }
  return { opened, sealedBy: [...sealedBy].sort() }
}

describe('rekey', () => {
  it('moves every sealed column to the newest key, survives a stop, and then has nothing to do', async () => {
    const db = await database()
    const [k1, both, k2] = await Promise.all([K1, `${K2},${K1}`, K2].map((c) => loadKeyring(c)))
    await fill(db, k1!)
    const before = await contents(db, k1!)
    expect(before.sealedBy).toEqual(['k1'])

    // Stopped after its first batch (two rows of the first table).
    const stop = new Error('stopped')
    await expect(
      rekey(db, both!, {
        batch: 2,
        onBatch: () => {
          throw stop
        },
      }),
    ).rejects.toBe(stop)
    const midway = await contents(db, both!)
    expect(midway.sealedBy).toEqual(['k1', 'k2'])
    expect(midway.opened).toEqual(before.opened)

    const done = await rekey(db, both!, { batch: 2 })
    expect(Object.values(done.remaining)).toEqual(SEALED_COLUMNS.map(() => 0))
    expect(done.resealed['cases']).toBe(5)
    // k1 can go now: k2 alone reads every value as it was.
    const after = await contents(db, k2!)
    expect(after.sealedBy).toEqual(['k2'])
    expect(after.opened).toEqual(before.opened)
    expect(after.opened['inbound_messages.payload']![0]).toBe('plain words')
    const keyIds = await db.read({ sql: 'SELECT DISTINCT key_id FROM cases', args: [] })
    expect(keyIds).toEqual([{ key_id: 'k2' }])

    const again = await rekey(db, both!)
    expect(Object.values(again.resealed)).toEqual(SEALED_COLUMNS.map(() => 0))
  })

  it('counts and leaves what no configured key opens, and still ends', async () => {
    const db = await database()
    await fill(db, await loadKeyring(K0))
    const result = await rekey(db, await loadKeyring(`${K2},${K1}`), { batch: 2 })
    expect(result.unreadable['handoff_notes']).toBe(5)
    expect(result.remaining['handoff_notes']).toBe(5)
    expect(Object.values(result.resealed)).toEqual(SEALED_COLUMNS.map(() => 0))
  })
})
