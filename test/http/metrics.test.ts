/** GET /metrics behind METRICS_TOKEN, in Prometheus text format; the headers every API answer carries. */
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { Metrics, type Counters } from '../../src/chat/metrics.js'
import { NodeMetrics } from '../../src/node-metrics.js'
import { testApp } from '../support/app.js'

async function withToken(token: string | undefined, metrics: Counters = new Metrics()) {
  const t = await testApp()
  const app = createApp({
    ...t.deps,
    metrics,
    ping: async () => undefined,
    ...(token !== undefined && { metricsToken: token }),
  })
  return { ...t, app }
}

describe('GET /metrics', () => {
  it('is not there without METRICS_TOKEN', async () => {
    const t = await withToken(undefined)
    expect((await t.app.request('/metrics')).status).toBe(404)
  })

  // workerd's hand-written counters, and Node's prom-client registry with the process's figures.
  for (const [runtime, make] of [
    ['workerd', () => new Metrics()],
    ['Node (prom-client)', () => new NodeMetrics()],
  ] as const) {
    it(`with METRICS_TOKEN (${runtime}): 401 without the bearer token or with another, the counters with it`, async () => {
      const t = await withToken('s3cret-metrics-token', make())
      const none = await t.app.request('/metrics')
      expect(none.status).toBe(401)
      expect(none.headers.get('www-authenticate')).toBe('Bearer')
      const wrong = await t.app.request('/metrics', {
        headers: { authorization: 'Bearer s3cret-metrics-tokeN' },
      })
      expect(wrong.status).toBe(401)
      expect(await wrong.text()).not.toContain('tonghu_')
      await t.app.request('/api/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'metrics-user-0123456789abcdef', text: '你好' }),
      })
      const res = await t.app.request('/metrics', {
        headers: { authorization: 'Bearer s3cret-metrics-token' },
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
      const text = await res.text()
      // The exposition format: HELP and TYPE before each sample, one sample per line (empty lines
      // are allowed and ignored), a final newline.
      expect(text).toMatch(
        /^# HELP tonghu_turns_total .+\n# TYPE tonghu_turns_total counter\ntonghu_turns_total 1$/m,
      )
      // (prom-client writes NaN as Nan, which Prometheus reads.)
      for (const line of text.split('\n').filter(Boolean))
        expect(line).toMatch(
          /^(# (HELP|TYPE) [a-zA-Z_:][\w:]* .+|[a-zA-Z_:][\w:]*(\{[^}]*\})? (-?[\d.]+(e[-+]?\d+)?|NaN|Nan|[-+]Inf))$/,
        )
      expect(text.endsWith('\n')).toBe(true)
      if (runtime !== 'workerd') expect(text).toMatch(/^process_resident_memory_bytes \d+$/m)
    })
  }
})

describe('headers of every answer', () => {
  it('API answers (200, 400, 404, 405) carry nosniff and no-store; the page keeps its own', async () => {
    const t = await withToken(undefined)
    const answers = [
      await t.app.request('/healthz'),
      await t.app.request('/docs/openapi.json'),
      await t.app.request('/api/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
      await t.app.request('/api/v1/nope'),
      await t.app.request('/api/v1/chat', { method: 'PUT' }),
      await t.app.request('/'),
    ]
    expect(answers.map((r) => r.status)).toEqual([200, 200, 400, 404, 405, 200])
    for (const r of answers) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('cache-control')).toBe('no-store')
    }
    expect(answers[5]!.headers.get('x-frame-options')).toBe('DENY')
  })
})
