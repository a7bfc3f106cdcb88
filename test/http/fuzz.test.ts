/**
 * The API fuzz, bounded (issue 15): every operation of the OpenAPI document gets requests made
 * from its own schemas (test/http/fuzz.ts). No answer may be a 5xx, and every 400 names the
 * field. The seed is fixed so that a failure repeats; `npm run fuzz` runs longer with new seeds.
 */
import { describe, expect, it } from 'vitest'
import { consoleApp } from '../console/support.js'
import { fuzz, operations, type OpenApi } from './fuzz.js'

const RUNS = 100

describe('the API fuzz', () => {
  it('covers every operation of the document, the console too', async () => {
    const t = await consoleApp()
    const doc = (await (await t.app.request('/docs/openapi.json')).json()) as OpenApi
    const ops = operations(doc, () => false).map(([label]) => label)
    expect(ops).toContain('POST /api/v1/chat')
    expect(ops).toContain('POST /api/v1/reports')
    expect(ops.filter((l) => l.includes('/api/v1/console/')).length).toBeGreaterThan(5)
  })

  it('answers every request without a 5xx, and every 400 names what is wrong', async () => {
    const { sent, faults } = await fuzz(RUNS, 20261207)
    expect(faults.slice(0, 5)).toEqual([])
    expect(sent).toBeGreaterThan(RUNS * 10)
  }, 180_000)
})
