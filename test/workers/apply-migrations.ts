/**
 * @module test/workers/apply-migrations
 * Setup for every workers test file: the D1 database gets the drizzle-kit migrations the same way
 * `wrangler d1 migrations apply` gives them to a real one (already applied ones are skipped).
 */
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
