import { defineConfig } from 'vitest/config'

// One config per runtime: vitest.node.config.ts (Node: unit, store on a libsql file and a libsql
// server, HTTP, goldens, Chromium) and vitest.workers.config.ts (inside workerd, with D1).
export default defineConfig({
  test: {
    projects: ['./vitest.*.config.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
})
