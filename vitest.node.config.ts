import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/workers/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
