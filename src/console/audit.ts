/**
 * @module console/audit
 * Who saw and changed what: one row per console action, append-only (the table's triggers refuse
 * UPDATE and DELETE). `detail` says what was done, never what a user or reporter wrote.
 */
import type { SqlDriver, Stmt } from '../store/driver.js'

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
    return rows.map((r) => ({
      at: String(r['at']),
      actor: String(r['actor']),
      action: String(r['action']),
      target: r['target'] === null ? null : String(r['target']),
      detail:
        r['detail'] === null ? null : (JSON.parse(String(r['detail'])) as AuditEntry['detail']),
    }))
  }
}
