/**
 * The limits on the real Node server (issue 15): the address is the socket's, or the trusted
 * proxy's X-Forwarded-For entry. A flood of reports from one address stops at the content's
 * limit; another address is still served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../e2e/server.js'
import { realContent } from '../support/content.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: '1' } })
})
afterAll(async () => server.stop())

const report = (i: number, from: string) =>
  fetch(`${server.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ what: `第${i}次：邻居家的孩子没人管`, inDanger: false }),
  })

describe('the real server limits reports per address', () => {
  it('refuses the one past the limit with 429 and Retry-After, and serves another address', async () => {
    const { max } = realContent().limits.reportsPerAddress
    const statuses: number[] = []
    for (let i = 0; i <= max; i++) statuses.push((await report(i, '203.0.113.5')).status)
    expect(statuses.slice(0, max).every((s) => s === 200)).toBe(true)
    expect(statuses[max]).toBe(429)
    const last = await report(max + 1, '203.0.113.5')
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await report(0, '198.51.100.20')).status).toBe(200)
  })
})
