/**
 * @module vitest.workers.config
 * The `workers` project: tests that run inside workerd (miniflare) with the bindings that
 * wrangler.toml declares, a local D1 included. The drizzle-kit migrations are read here, in Node,
 * and handed to the tests as a binding, because workerd has no filesystem.
 *
 * The test runner itself needs Node APIs in workerd (the pool turns `nodejs_compat` on for it), so
 * tests there cannot show that the app does without them. For that, src/worker.ts is also bundled
 * the way wrangler does (no Node built-ins available) and run as a second worker, `tonghu-bare`,
 * with the compatibility settings of wrangler.toml only; the tests reach it as `env.BARE`.
 */
import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { build } from 'esbuild'
import { defineProject } from 'vitest/config'

// Nothing may phone home or download at test time.
process.env['WRANGLER_SEND_METRICS'] = 'false'
process.env['CLOUDFLARE_CF_FETCH_ENABLED'] = 'false'

const WRANGLER = './wrangler.toml'
const TEST_REPORT_KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='
// Overwritten on each run, so nothing piles up; node_modules/.cache is where tools keep such files.
const BUNDLE = 'node_modules/.cache/tonghu-worker/worker.js'

/** Bundles the worker for workerd; fails, naming the import, if anything needs a Node module. */
async function bundleWorker(): Promise<string> {
  await build({
    entryPoints: ['src/worker.ts'],
    outfile: BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'silent',
  })
  return BUNDLE
}

const TEST_LINE_SECRET = 'test-line-secret'
const FAKE_LINE = 'http://fake-line.test'
/**
 * The WeChat Official Account as test/channels/wechat-client.ts signs and seals for it (WECHAT,
 * AES_KEY); the worker answers in plain mode, the bare worker in 安全模式. Its API is not faked:
 * a passive reply needs none, and anything sent there gets fakeLineApi's 502.
 */
const TEST_WECHAT = {
  WECHAT_TOKEN: 'test-wechat-token',
  WECHAT_APP_ID: 'wx0123456789abcdef',
  WECHAT_APP_SECRET: 'secret',
  WECHAT_API_BASE_URL: 'http://fake-wechat.test',
}
const TEST_WECHAT_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
/** What the worker sent to LINE, for the tests to read back (GET FAKE_LINE/_calls). */
const lineCalls: unknown[] = []

/**
 * The worker's outbound fetches, answered here in Node: a stand-in for LINE's API that records
 * every call. Nothing else may leave the test.
 */
async function fakeLineApi(request: Request): Promise<Response> {
  const url = new URL(request.url)
  if (url.origin !== FAKE_LINE) return new Response('no network in tests', { status: 502 })
  if (url.pathname === '/_calls') return Response.json(lineCalls)
  lineCalls.push({
    path: url.pathname,
    retryKey: request.headers.get('x-line-retry-key'),
    authorization: request.headers.get('authorization'),
    body: await request.json(),
  })
  return Response.json({ sentMessages: [] })
}

const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(
  readFileSync(WRANGLER, 'utf8'),
)?.[1]

export default defineProject({
  plugins: [
    cloudflareTest(async () => {
      const bundle = await bundleWorker()
      return {
        main: './src/worker.ts',
        wrangler: { configPath: WRANGLER },
        miniflare: {
          // REPORT_KEY: a fixed test key (32 zero bytes), never a real one. LINE: test settings,
          // its API served by fakeLineApi below. WeChat: test settings (above).
          bindings: {
            TEST_MIGRATIONS: await readD1Migrations('drizzle'),
            REPORT_KEY: TEST_REPORT_KEY,
            LINE_CHANNEL_SECRET: TEST_LINE_SECRET,
            LINE_CHANNEL_ACCESS_TOKEN: 'test-token',
            LINE_API_BASE_URL: FAKE_LINE,
            ...TEST_WECHAT,
          },
          outboundService: fakeLineApi,
          serviceBindings: { BARE: 'tonghu-bare' },
          workers: [
            {
              name: 'tonghu-bare',
              modules: true,
              scriptPath: bundle,
              // workerd resolves module names against this root and refuses paths above it.
              modulesRoot: dirname(bundle),
              ...(compatibilityDate !== undefined && { compatibilityDate }),
              // The id wrangler gives a local D1 without a database_id: the same database.
              d1Databases: { DB: 'DB' },
              bindings: {
                REPORT_KEY: TEST_REPORT_KEY,
                ...TEST_WECHAT,
                WECHAT_ENCODING_AES_KEY: TEST_WECHAT_AES_KEY,
              },
            },
          ],
        },
      }
    }),
  ],
  test: {
    name: 'workers',
    include: ['test/workers/**/*.test.ts'],
    setupFiles: ['./test/workers/apply-migrations.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
