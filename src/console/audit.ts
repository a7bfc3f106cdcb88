/**
 * @module console/audit
 * Who saw and changed what: one row per console action, append-only (the table's triggers refuse
 * UPDATE and DELETE). `detail` says what was done, never what a user or reporter wrote.
 */
import type { Row, SqlDriver, Stmt } from '../store/driver.js'

export interface AuditEntry {
  at: string
  actor: string
  action: string
  target: string | null
  detail: Record<string, string | number | boolean> | null
}

export function auditStatement(e: AuditEntry): Stmt {
  return {
    sql: 'INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)',
    args: [e.at, e.actor, e.action, e.target, e.detail && JSON.stringify(e.detail)],
  }
}

/** What the audit page filters by; `before` pages back from an entry's id (newest first). */
export interface AuditFilter {
  actor?: string | undefined
  action?: string | undefined
  /** ISO times, [from, to). */
  from?: string | undefined
  to?: string | undefined
  before?: number | undefined
  limit: number
}

export class AuditLog {
  constructor(private readonly db: SqlDriver) {}

  async append(e: AuditEntry): Promise<void> {
    await this.db.write([auditStatement(e)])
  }

  /** The entries about one target (a conversation ref, a case number), oldest first. */
  async about(target: string): Promise<AuditEntry[]> {
    const rows = await this.db.read({
      sql: 'SELECT at, actor, action, target, detail FROM audit_log WHERE target = ? ORDER BY id',
      args: [target],
    })
    return rows.map(toEntry)
  }

  /** Entries matching the filter, newest first, at most `limit`. */
  async list(f: AuditFilter): Promise<(AuditEntry & { id: number })[]> {
    const where: string[] = []
    const args: (string | number)[] = []
    const add = (sql: string, value: string | number | undefined): void => {
      if (value === undefined) return
      where.push(sql)
      args.push(value)
    }
    add('actor = ?', f.actor)
    add('action = ?', f.action)
    add('at >= ?', f.from)
    add('at < ?', f.to)
    add('id < ?', f.before)
    const rows = await this.db.read({
      sql: `SELECT id, at, actor, action, target, detail FROM audit_log
            ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      args: [...args, f.limit],
    })
    return rows.map((r) => ({ id: Number(r['id']), ...toEntry(r) }))
  }
}

function toEntry(r: Row): AuditEntry {
  return {
    at: String(r['at']),
    actor: String(r['actor']),
    action: String(r['action']),
    target: r['target'] === null ? null : String(r['target']),
    detail: r['detail'] === null ? null : (JSON.parse(String(r['detail'])) as AuditEntry['detail']),
  }
}
