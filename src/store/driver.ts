/**
 * @module store/driver
 * What the repository needs of a database: atomic writes of a few statements, and reads. Each
 * driver (libsql file, libsql client, D1) is a thin adapter; one contract suite tests them all.
 */

export type SqlValue = string | number | null
export type Row = Record<string, SqlValue>

export interface Stmt {
  sql: string
  args: SqlValue[]
}

export interface SqlDriver {
  /** Runs the statements as one transaction; resolves to each statement's changed-row count. */
  write(stmts: Stmt[]): Promise<number[]>
  read(stmt: Stmt): Promise<Row[]>
  /** Runs a migration script (statements separated by `--> statement-breakpoint`). */
  exec(script: string): Promise<void>
  close(): Promise<void>
}

/** A write broke a uniqueness rule: a duplicate, or another writer got there first. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError'
}

/**
 * The database failed. The driver's own error is kept as `cause` and its text is never copied
 * into the message: driver errors can include bound parameters, i.e. what a user wrote.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError'
}

const CONSTRAINT = /SQLITE_CONSTRAINT|UNIQUE constraint failed|PRIMARY KEY constraint/i

/** Classifies a driver error into the store's two error kinds. */
export function storeError(cause: unknown, during: string): StoreConflictError | StoreError {
  const code =
    typeof cause === 'object' && cause !== null
      ? String((cause as { code?: unknown }).code ?? '')
      : ''
  const message = cause instanceof Error ? cause.message : ''
  const conflict =
    CONSTRAINT.test(code) ||
    CONSTRAINT.test(message) ||
    CONSTRAINT.test(String((cause as Error)?.cause ?? ''))
  return conflict
    ? new StoreConflictError(`conflict during ${during}`, { cause })
    : new StoreError(`database error during ${during}`, { cause })
}
