/**
 * @module store/tokens
 * A platform's access token shared by all instances (table `access_tokens`): read by everyone,
 * refreshed by the one instance that holds the row's lease, so that two instances never fetch
 * (and so invalidate) each other's token.
 */
import type { SqlDriver } from './driver.js'

export interface StoredToken {
  token: string | null
  expiresAt: string | null
}

export class TokenStore {
  constructor(private readonly db: SqlDriver) {}

  async get(id: string): Promise<StoredToken | undefined> {
    const [row] = await this.db.read({
      sql: 'SELECT token, expires_at FROM access_tokens WHERE id = ?',
      args: [id],
    })
    if (!row) return undefined
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v))
    return { token: text(row['token']), expiresAt: text(row['expires_at']) }
  }

  /** Takes the right to refresh until `until`; false while another instance holds it. */
  async lease(id: string, until: string, now: string): Promise<boolean> {
    const [, changed] = await this.db.write([
      { sql: 'INSERT INTO access_tokens (id) VALUES (?) ON CONFLICT (id) DO NOTHING', args: [id] },
      {
        sql: `UPDATE access_tokens SET lease_until = ?
              WHERE id = ? AND (lease_until IS NULL OR lease_until < ?)`,
        args: [until, id, now],
      },
    ])
    return (changed ?? 0) > 0
  }

  /** The new token, and the lease given back. */
  async save(id: string, token: string, expiresAt: string): Promise<void> {
    await this.db.write([
      {
        sql: 'UPDATE access_tokens SET token = ?, expires_at = ?, lease_until = NULL WHERE id = ?',
        args: [token, expiresAt, id],
      },
    ])
  }

  /** The lease given back without a token (the platform refused or did not answer). */
  async unlease(id: string): Promise<void> {
    await this.db.write([
      { sql: 'UPDATE access_tokens SET lease_until = NULL WHERE id = ?', args: [id] },
    ])
  }
}
