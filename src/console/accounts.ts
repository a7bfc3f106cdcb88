/**
 * @module console/accounts
 * Operator accounts and their server-side sessions. A session is stored by the SHA-256 of the
 * token in the cookie, so the database never holds a token that would sign anyone in. Failed
 * sign-ins are stored by name (known or not) for the lockout.
 */
import { StoreConflictError, type SqlDriver } from '../store/driver.js'

export type Role = 'operator' | 'supervisor'

export interface Operator {
  id: string
  name: string
  role: Role
  passwordHash: string
  disabled: boolean
}

export interface Session {
  operator: Operator
  csrfHash: string
  createdAt: string
  lastSeenAt: string
  /** The operator's own last request (background polls do not count). */
  lastActiveAt: string
}

export interface OnlineOperator {
  name: string
  role: Role
}

const toOperator = (r: Record<string, unknown>): Operator => ({
  id: String(r['id']),
  name: String(r['name']),
  role: r['role'] === 'supervisor' ? 'supervisor' : 'operator',
  passwordHash: String(r['password_hash']),
  disabled: Number(r['disabled']) === 1,
})

export class OperatorStore {
  constructor(private readonly db: SqlDriver) {}

  async add(o: {
    id: string
    name: string
    role: Role
    passwordHash: string
    at: string
  }): Promise<'created' | 'exists'> {
    try {
      await this.db.write([
        {
          sql: `INSERT INTO operators (id, name, role, password_hash, disabled, created_at, updated_at)
                VALUES (?, ?, ?, ?, 0, ?, ?)`,
          args: [o.id, o.name, o.role, o.passwordHash, o.at, o.at],
        },
      ])
      return 'created'
    } catch (e) {
      if (e instanceof StoreConflictError) return 'exists'
      throw e
    }
  }

  async byName(name: string): Promise<Operator | undefined> {
    const [row] = await this.db.read({
      sql: 'SELECT * FROM operators WHERE name = ?',
      args: [name],
    })
    return row && toOperator(row)
  }

  /** Sets a new password and signs the operator out everywhere. False if there is no such name. */
  async setPassword(name: string, passwordHash: string, at: string): Promise<boolean> {
    const [changed] = await this.db.write([
      {
        sql: 'UPDATE operators SET password_hash = ?, updated_at = ? WHERE name = ?',
        args: [passwordHash, at, name],
      },
      ...this.revokeAll(name, at),
    ])
    return changed === 1
  }

  /** Disables the account and ends its sessions. False if there is no such name. */
  async disable(name: string, at: string): Promise<boolean> {
    const [changed] = await this.db.write([
      { sql: 'UPDATE operators SET disabled = 1, updated_at = ? WHERE name = ?', args: [at, name] },
      ...this.revokeAll(name, at),
    ])
    return changed === 1
  }

  private revokeAll(name: string, at: string): { sql: string; args: string[] }[] {
    return [
      {
        sql: `UPDATE operator_sessions SET revoked_at = ? WHERE revoked_at IS NULL
              AND operator_id = (SELECT id FROM operators WHERE name = ?)`,
        args: [at, name],
      },
    ]
  }

  /**
   * Records a sign-in try (by `key`, a hash of the name typed: a password typed into the name
   * field is not kept) before the password is checked, unless `max` tries are stored since
   * `since` ('locked'). Tries made at the same moment each count, so parallel guesses cannot all
   * pass the lock. A successful try is removed again (forgiveTry).
   */
  async recordTry(
    key: string,
    id: number,
    at: string,
    since: string,
    max: number,
  ): Promise<'ok' | 'locked'> {
    try {
      await this.db.write([
        // What is older than the window counts no more: the table does not grow without end.
        { sql: 'DELETE FROM login_failures WHERE name = ? AND at <= ?', args: [key, since] },
        {
          sql: `INSERT INTO login_failures (id, name, at) SELECT ?, ?,
                  CASE WHEN (SELECT count(*) FROM login_failures WHERE name = ? AND at > ?) >= ?
                  THEN NULL ELSE ? END`,
          args: [id, key, key, since, max, at],
        },
      ])
      return 'ok'
    } catch (e) {
      if (e instanceof StoreConflictError) return 'locked'
      throw e
    }
  }

  async forgiveTry(id: number): Promise<void> {
    await this.db.write([{ sql: 'DELETE FROM login_failures WHERE id = ?', args: [id] }])
  }

  async createSession(s: {
    idHash: string
    operatorId: string
    csrfHash: string
    at: string
  }): Promise<void> {
    await this.db.write([
      {
        sql: `INSERT INTO operator_sessions (id, operator_id, csrf_hash, created_at, last_seen_at,
                last_active_at)
              VALUES (?, ?, ?, ?, ?, ?)`,
        args: [s.idHash, s.operatorId, s.csrfHash, s.at, s.at, s.at],
      },
    ])
  }

  /** A live (not revoked) session and its operator. */
  async session(idHash: string): Promise<Session | undefined> {
    const [row] = await this.db.read({
      sql: `SELECT o.*, s.csrf_hash, s.created_at AS session_created, s.last_seen_at,
              COALESCE(s.last_active_at, s.last_seen_at) AS last_active
            FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
            WHERE s.id = ? AND s.revoked_at IS NULL`,
      args: [idHash],
    })
    if (!row) return undefined
    return {
      operator: toOperator(row),
      csrfHash: String(row['csrf_hash']),
      createdAt: String(row['session_created']),
      lastSeenAt: String(row['last_seen_at']),
      lastActiveAt: String(row['last_active']),
    }
  }

  /** The session was seen at `at`; `active` when the operator (not a poll) made the request. */
  async touch(idHash: string, at: string, active: boolean): Promise<void> {
    await this.db.write([
      {
        sql: active
          ? 'UPDATE operator_sessions SET last_seen_at = ?, last_active_at = ? WHERE id = ?'
          : 'UPDATE operator_sessions SET last_seen_at = ? WHERE id = ?',
        args: active ? [at, at, idHash] : [at, idHash],
      },
    ])
  }

  async revoke(idHash: string, at: string): Promise<void> {
    await this.db.write([
      { sql: 'UPDATE operator_sessions SET revoked_at = ? WHERE id = ?', args: [at, idHash] },
    ])
  }

  /** Operators with a live session seen since `since` (signed in and the console open). */
  async online(since: string, createdSince: string): Promise<OnlineOperator[]> {
    const rows = await this.db.read({
      sql: `SELECT DISTINCT o.name, o.role FROM operator_sessions s
            JOIN operators o ON o.id = s.operator_id
            WHERE s.revoked_at IS NULL AND s.last_seen_at >= ? AND s.created_at >= ?
              AND o.disabled = 0
            ORDER BY o.name`,
      args: [since, createdSince],
    })
    return rows.map((r) => ({
      name: String(r['name']),
      role: r['role'] === 'supervisor' ? 'supervisor' : 'operator',
    }))
  }
}
