/**
 * @module store/directory
 * The contacts directory as supervisors keep it: every save is a version (append-only rows of
 * `directory_versions`), an entry is its latest version, a withdrawn entry is a version without
 * one. What the entries mean, and how they join content/triage/directory.yaml, is
 * console/directory.ts's.
 */
import type { DirectoryEntry } from '../triage/types.js'
import type { SqlDriver } from './driver.js'

export interface DirectoryVersion {
  entryId: string
  /** 1 for the first save of an entry. */
  version: number
  at: string
  actor: string
  entry: DirectoryEntry | null
}

export class DirectoryStore {
  constructor(private readonly db: SqlDriver) {}

  /** Saves a version of an entry (null withdraws it). */
  async save(v: { entryId: string; at: string; actor: string; entry: DirectoryEntry | null }) {
    await this.db.write([
      {
        sql: 'INSERT INTO directory_versions (entry_id, at, actor, entry) VALUES (?, ?, ?, ?)',
        args: [v.entryId, v.at, v.actor, v.entry === null ? null : JSON.stringify(v.entry)],
      },
    ])
  }

  /** Every entry's latest version (withdrawn ones too), by entry id. */
  async latest(): Promise<DirectoryVersion[]> {
    const rows = await this.db.read({
      sql: `SELECT v.entry_id, v.at, v.actor, v.entry,
              (SELECT count(*) FROM directory_versions w WHERE w.entry_id = v.entry_id) AS version
            FROM directory_versions v
            WHERE v.id = (SELECT max(id) FROM directory_versions w WHERE w.entry_id = v.entry_id)
            ORDER BY v.entry_id`,
      args: [],
    })
    return rows.map((r) => ({
      entryId: String(r['entry_id']),
      version: Number(r['version']),
      at: String(r['at']),
      actor: String(r['actor']),
      entry: r['entry'] === null ? null : (JSON.parse(String(r['entry'])) as DirectoryEntry),
    }))
  }
}
