/**
 * @module test/policy/routes
 * POST /api/v1/screen and GET /api/v1/entitlements, mounted on a bare Hono app as the lead will
 * mount them: the docs/design.md shapes, regions by slug and division code, the national baseline
 * marked, and a 400 naming the field for bad input.
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { policyRoutes } from '../../src/http/routes/policy.js'
import type { EntitlementsAnswer } from '../../src/policy/browse.js'
import type { ScreenAnswer } from '../../src/policy/types.js'
import { realBundle } from './support.js'

const NOW = new Date('2025-06-01T02:00:00Z')

function app(): Hono {
  const a = new Hono()
  a.route('/api/v1', policyRoutes({ content: { policy: realBundle() }, clock: () => NOW }))
  return a
}

const post = (body: unknown): Promise<Response> =>
  Promise.resolve(
    app().request('/api/v1/screen', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )

async function fields(res: Response): Promise<string[]> {
  expect(res.status).toBe(400)
  const body = (await res.json()) as { error: { code: string; fields?: { path: string }[] } }
  expect(body.error.code).toBe('invalid_request')
  return (body.error.fields ?? []).map((f) => f.path)
}

describe('POST /api/v1/screen', () => {
  it('answers with the docs/design.md shape: one result per entitlement, reasons with citations, missing, ask', async () => {
    const res = await post({
      region: 'shanxi',
      facts: {
        child_age: 9,
        father_status: 'deceased',
        mother_status: 'imprisoned',
        mother_status_years: 6,
        mother_years_served: 5,
      },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as ScreenAnswer
    expect(body).toMatchObject({ region: 'shanxi', asOf: '2025-06-01', baseline: false })
    expect(body.results).toHaveLength(realBundle().regions['shanxi']!.entitlements.length)
    const orphan = body.results.find((r) => r.entitlement === 'orphan_basic_living')!
    expect(orphan).toMatchObject({
      name: expect.any(String),
      category: '基本生活',
      status: 'eligible',
      missing: [],
    })
    expect(orphan.reasons[0]).toEqual({
      text: expect.any(String),
      citation: {
        doc: '晋政发〔2017〕46号',
        section: expect.any(String),
        quote: expect.any(String),
      },
    })
    expect(body.ask.length).toBeGreaterThan(0)
  })

  it('takes the region by division code, including a city inside a covered province', async () => {
    for (const [region, slug] of [
      ['140000', 'shanxi'],
      ['140100', 'shanxi'],
      ['500000', 'chongqing'],
      ['450700', 'qinzhou'],
      ['331081', 'wenling'],
      ['Wenling', 'wenling'],
    ]) {
      const body = (await (await post({ region, facts: {} })).json()) as ScreenAnswer
      expect(body.region, region).toBe(slug)
      expect(body.baseline).toBe(false)
    }
  })

  it('gives any other region the national baseline, and says so', async () => {
    const body = (await (await post({ region: '430000', facts: {} })).json()) as ScreenAnswer
    expect(body).toMatchObject({
      region: 'national',
      requested: '430000',
      baseline: true,
      notice: expect.stringContaining('国发〔2016〕36号'),
    })
  })

  it('takes asOf, and unknownFacts that are then not asked again', async () => {
    const body = (await (
      await post({
        region: 'chongqing',
        asOf: '2020-01-01',
        facts: {},
        unknownFacts: ['child_age'],
      })
    ).json()) as ScreenAnswer
    expect(body.asOf).toBe('2020-01-01')
    expect(body.ask).not.toContain('child_age')
  })

  it('malformed JSON is a 400 that says so', async () => {
    const res = await post('{"region": "shanxi", facts')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json')
  })

  it('names the field: missing region, missing facts', async () => {
    expect(await fields(await post({ facts: {} }))).toEqual(['region'])
    expect(await fields(await post({ region: 'shanxi' }))).toEqual(['facts'])
  })

  it('names the field: an unknown fact id, a wrong type, a value out of range', async () => {
    expect(await fields(await post({ region: 'shanxi', facts: { child_height: 120 } }))).toEqual([
      'facts',
    ])
    expect(await fields(await post({ region: 'shanxi', facts: { child_age: 'nine' } }))).toEqual([
      'facts.child_age',
    ])
    expect(
      await fields(await post({ region: 'shanxi', facts: { father_status: 'dead' } })),
    ).toEqual(['facts.father_status'])
    expect(
      await fields(await post({ region: 'shanxi', facts: { child_disability_grade: 7 } })),
    ).toEqual(['facts.child_disability_grade'])
    expect(
      await fields(await post({ region: 'shanxi', facts: {}, unknownFacts: ['nope'] })),
    ).toEqual(['unknownFacts.0'])
  })

  it('names the field: dates', async () => {
    expect(await fields(await post({ region: 'shanxi', asOf: '2025-02-30', facts: {} }))).toEqual([
      'asOf',
    ])
    expect(
      await fields(await post({ region: 'shanxi', facts: { child_birth_date: '2015/3/4' } })),
    ).toEqual(['facts.child_birth_date'])
    expect(
      await fields(
        await post({
          region: 'shanxi',
          asOf: '2020-01-01',
          facts: { child_birth_date: '2021-01-01' },
        }),
      ),
    ).toEqual(['facts.child_birth_date'])
    // Without asOf, "today" (Asia/Shanghai, from the clock) is the limit.
    expect(
      await fields(await post({ region: 'shanxi', facts: { child_birth_date: '2025-06-02' } })),
    ).toEqual(['facts.child_birth_date'])
  })

  it('names the field: answers that contradict each other', async () => {
    expect(
      await fields(
        await post({
          region: 'shanxi',
          facts: { family_dibao: true, family_economic_hardship: false },
        }),
      ),
    ).toEqual(['facts.family_economic_hardship'])
    expect(
      await fields(
        await post({
          region: 'shanxi',
          facts: { child_abandoned: true, father_status: 'present' },
        }),
      ),
    ).toEqual(['facts.father_status'])
  })
})

describe('GET /api/v1/entitlements', () => {
  it('lists what a region offers, with conditions, citations and where to apply', async () => {
    const res = await app().request('/api/v1/entitlements?region=wenling')
    expect(res.status).toBe(200)
    const body = (await res.json()) as EntitlementsAnswer
    expect(body).toMatchObject({ region: 'wenling', name: '温岭', baseline: false })
    expect(body.documents[0]).toMatchObject({ number: '温市委办发〔2023〕24号' })
    const dibao = body.entitlements.find((e) => e.id === 'wl_dibao_child_allowance')!
    expect(dibao.amount).toMatchObject({
      text: expect.stringContaining('200元/月'),
      citation: { doc: '温市委办发〔2023〕24号' },
    })
    expect(dibao.apply).toMatchObject({
      where: expect.any(String),
      citation: expect.objectContaining({ quote: expect.any(String) }),
    })
    expect(dibao.conditions).toHaveProperty('all')
    expect(body.services.length).toBeGreaterThan(0)
  })

  it('by division code, and the national baseline for anywhere else', async () => {
    const cq = (await (
      await app().request('/api/v1/entitlements?region=500000')
    ).json()) as EntitlementsAnswer
    expect(cq.region).toBe('chongqing')
    expect(cq.documents.map((d) => d.number)).toEqual(['渝府发〔2016〕59号', '渝民发〔2020〕23号'])
    const other = (await (
      await app().request('/api/v1/entitlements?region=beijing')
    ).json()) as EntitlementsAnswer
    expect(other).toMatchObject({
      region: 'national',
      requested: 'beijing',
      baseline: true,
      notice: expect.any(String),
    })
  })

  it('a missing region is a 400 naming the field', async () => {
    expect(await fields(await app().request('/api/v1/entitlements'))).toEqual(['region'])
    expect(
      await fields(await app().request('/api/v1/entitlements?region=shanxi&asOf=soon')),
    ).toEqual(['asOf'])
  })
})
