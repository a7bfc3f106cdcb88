/**
 * @module store/rekey
 * `npm run rekey`: every sealed value (src/reports/keyring.ts) sealed again under the newest key
 * (the first of REPORT_KEYS), so an old key can then be dropped.
 *
 * SEALED_COLUMNS is the one list of where sealed values live. A new sealed column goes in it, or
 * its values keep the old key and become unreadable once that key is dropped (the rekey test
 * scans every column of a real database for values the list missed).
 *
 * Safe to run while the service runs, and to run again: rows are taken in key order, a batch at a
 * time, each batch one transaction; a row is written only if it still holds what was read (so a
 * concurrent change wins and the next run takes it), and only rows with a value under another
 * key are read. Stopped part way, a run leaves every value readable; the next run goes on.
 */
import { sealedPrefix, type Keyring } from '../reports/keyring.js'
import type { Row, SqlDriver, SqlValue, Stmt } from './driver.js'

export interface SealedTable {
  table: string
  /** The primary key. */
  key: string
  columns: readonly string[]
  /** A column naming the key that sealed the row, set to the new key with it. */
  keyIdColumn?: string
}

/** Every column that holds a sealed value. */
export const SEALED_COLUMNS: readonly SealedTable[] = [
  // What a chat user sent, and the answer kept for a duplicate delivery.
  { table: 'inbound_messages', key: 'id', columns: ['payload', 'response'] },
  { table: 'outbox', key: 'id', columns: ['reply'] },
  { table: 'handoff_notes', key: 'id', columns: ['note'] },
  // The user's id on the channel (push channels send to it).
  { table: 'conversations', key: 'id', columns: ['user_key'] },
  // The reporter's identity and contact, what happened and where, and an API case's PIN receipt.
  {
    table: 'cases',
    key: 'case_number',
    columns: ['reporter_sealed', 'what', 'place', 'pin_sealed'],
    keyIdColumn: 'key_id',
  },
]

export interface RekeyProgress {
  table: string
  /** Rows sealed again so far in this table. */
  resealed: number
}

export interface RekeyResult {
  /** Rows written, per table. */
  resealed: Record<string, number>
  /** Rows with a value no configured key opens (left as they are). */
  unreadable: Record<string, number>
  /** Rows still under another key at the end (unreadable, or changed during the run). */
  remaining: Record<string, number>
}

export async function rekey(
  driver: SqlDriver,
  keys: Keyring,
  options: { batch?: number; onBatch?(progress: RekeyProgress): void } = {},
): Promise<RekeyResult> {
  const batch = options.batch ?? 200
  const current = sealedPrefix(keys.currentId)
  const result: RekeyResult = { resealed: {}, unreadable: {}, remaining: {} }
  // Sealed (s1.) and not by the current key; plain text and NULL are left alone.
  const stale = (c: string): string =>
    `(substr(${c}, 1, 3) = 's1.' AND substr(${c}, 1, ${current.length}) <> ?)`
  for (const t of SEALED_COLUMNS) {
    const conditions = t.columns.map(stale)
    const args: SqlValue[] = t.columns.map(() => current)
    if (t.keyIdColumn) {
      conditions.push(`${t.keyIdColumn} <> ?`)
      args.push(keys.currentId)
    }
    const where = `(${conditions.join(' OR ')})`
    const select = `SELECT ${[t.key, ...t.columns].join(', ')} FROM ${t.table}
      WHERE ${where} AND (? IS NULL OR ${t.key} > ?) ORDER BY ${t.key} LIMIT ${batch}`
    let after: SqlValue = null
    let resealed = 0
    let unreadable = 0
    for (;;) {
      const rows = await driver.read({ sql: select, args: [...args, after, after] })
      if (rows.length === 0) break
      after = rows[rows.length - 1]![t.key]!
      const updates: Stmt[] = []
      for (const row of rows) {
        const update = await resealRow(t, row, keys, current)
        if (update) updates.push(update)
        else unreadable++
      }
      if (updates.length > 0)
        resealed += (await driver.write(updates)).reduce((n, changes) => n + changes, 0)
      options.onBatch?.({ table: t.table, resealed })
    }
    result.resealed[t.table] = resealed
    result.unreadable[t.table] = unreadable
    const [left] = await driver.read({
      sql: `SELECT count(*) AS n FROM ${t.table} WHERE ${where}`,
      args,
    })
    result.remaining[t.table] = Number(left?.['n'] ?? 0)
  }
  return result
}

/** The row's UPDATE, its values sealed again; undefined when one cannot be opened. */
async function resealRow(
  t: SealedTable,
  row: Row,
  keys: Keyring,
  current: string,
): Promise<Stmt | undefined> {
  const values: SqlValue[] = []
  for (const c of t.columns) {
    const v = row[c] ?? null
    if (typeof v !== 'string' || !keys.isSealed(v) || v.startsWith(current)) {
      values.push(v)
      continue
    }
    try {
      values.push(await keys.seal(await keys.open(v)))
    } catch {
      return undefined
    }
  }
  const set = [
    ...t.columns.map((c) => `${c} = ?`),
    ...(t.keyIdColumn ? [`${t.keyIdColumn} = ?`] : []),
  ]
  // Only if the row still holds what was read: a change made meanwhile is not overwritten.
  const same = t.columns.map((c) => `${c} IS ?`)
  return {
    sql: `UPDATE ${t.table} SET ${set.join(', ')} WHERE ${t.key} = ? AND ${same.join(' AND ')}`,
    args: [
      ...values,
      ...(t.keyIdColumn ? [keys.currentId] : []),
      row[t.key] ?? null,
      ...t.columns.map((c) => row[c] ?? null),
    ],
  }
}
