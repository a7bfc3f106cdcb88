/**
 * @module test/workers/cloudflare-modules
 * Types for the two runtime modules the workers tests import, limited to what they use. The
 * package's own types (`@cloudflare/vitest-pool-workers/types`) need @cloudflare/workers-types,
 * whose globals (Request, Response, fetch…) clash with the DOM and Node types that the root
 * tsconfig checks everything else with.
 */
declare module 'cloudflare:test' {
  import type { D1Like } from '../../src/store/d1.js'

  /** A migration as `readD1Migrations()` returns it, in Node, from drizzle/. */
  export interface D1Migration {
    name: string
    queries: string[]
  }

  /** Applies the migrations not yet recorded in `d1_migrations`, as `wrangler d1 migrations apply` does. */
  export function applyD1Migrations(
    db: D1Like,
    migrations: D1Migration[],
    migrationsTableName?: string,
  ): Promise<void>
}

declare module 'cloudflare:workers' {
  import type { D1Migration } from 'cloudflare:test'
  import type { Env } from '../../src/worker.js'

  /** The worker's bindings (wrangler.toml), plus what vitest.workers.config.ts adds. */
  export const env: Env & {
    TEST_MIGRATIONS: D1Migration[]
    /** src/worker.ts bundled without Node built-ins, run without nodejs_compat. */
    BARE: { fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> }
  }

  /** The worker's own exports, called as a client would: through its fetch handler. */
  export const exports: {
    default: { fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> }
  }
}
