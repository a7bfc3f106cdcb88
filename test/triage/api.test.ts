/** POST /api/v1/triage on a bare Hono app: the docs/design.md shape, and 400s that name the field. */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { CompiledContent } from '../../src/engine/types.js'
import { triageRoutes } from '../../src/http/routes/triage.js'
import type { TriageAnswer } from '../../src/triage/triage.js'
import { triageContent } from './support.js'

const app = new Hono()
app.route(
  '/api/v1/triage',
  triageRoutes({ content: { triage: triageContent() } as CompiledContent }),
)

const post = (body: unknown) =>
  app.request('/api/v1/triage', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
const answer = async (body: unknown): Promise<TriageAnswer> => {
  const res = await post(body)
  expect(res.status).toBe(200)
  return (await res.json()) as TriageAnswer
}

describe('POST /api/v1/triage', () => {
  it('an emergency: 110 first, before anything else, with safety advice', async () => {
    const a = await answer({ text: '隔壁又在打孩子了，孩子一直在哭喊救命' })
    expect(a).toMatchObject({ urgency: 'emergency', mandatedReporter: false })
    expect(a.firstAction.contacts[0]?.phone).toBe('110')
    expect(a.contacts[0]?.phone).toBe('110')
    expect(a.firstAction.text).toContain('110')
    expect(a.firstAction.text.split('\n')).toHaveLength(2)
    expect(a.region).toMatchObject({ code: 'national', covered: false })
    expect(a.citations.length).toBeGreaterThan(0)
  })

  it('someone hurt: 120 beside 110', async () => {
    const a = await answer({ text: '孩子被打得满身是血', region: 'chongqing' })
    expect(a.firstAction.contacts.map((c) => c.phone)).toEqual(['110', '120'])
    expect(a.firstAction.text).toContain('120')
  })

  it('a child writing about themself is answered as a child', async () => {
    const a = await answer({ text: '我爸拿皮带抽我' })
    expect(a).toMatchObject({ urgency: 'emergency', selfReport: true })
    expect(a.firstAction.text).toContain('你')
  })

  it('a teacher in Qinzhou: urgent, a mandated reporter, the duty with its clause', async () => {
    const a = await answer({
      text: '班上一个学生身上经常有淤青',
      region: 'qinzhou',
      reporterRole: 'teacher',
    })
    expect(a).toMatchObject({ urgency: 'urgent', mandatedReporter: true })
    expect(a.reporter).toMatchObject({
      role: 'teacher',
      region: 'qinzhou',
      status: 'mandated',
      from: 'request',
    })
    expect(a.reporter!.text).toContain('第一时间向公安机关报告')
    expect(a.citations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ doc: '钦政办〔2017〕141号', section: '四(二)2' }),
      ]),
    )
    expect(a.firstAction.contacts[0]?.phone).toBe('110')
  })

  it('a role claimed in the text counts; in Wenling a hotel is told to 备案 too', async () => {
    const a = await answer({ text: '我是酒店前台，有个男人带着一个小女孩开房', region: '331081' })
    expect(a).toMatchObject({ urgency: 'urgent', mandatedReporter: true })
    expect(a.reporter).toMatchObject({ role: 'hotel', from: 'text' })
    expect(a.reporter!.text).toContain('向主管部门备案')
  })

  it('a teacher in Shanxi is told the seed does not name them', async () => {
    const a = await answer({ text: '学生说他爸经常打他', region: 'shanxi', reporterRole: '老师' })
    expect(a).toMatchObject({ urgency: 'urgent', mandatedReporter: false })
    expect(a.reporter).toMatchObject({ status: 'not_named' })
  })

  it('a region outside the seeds gets the national baseline and says so', async () => {
    const a = await answer({ text: '孩子爸爸天天喝酒，不管孩子', region: '110105' })
    expect(a).toMatchObject({ urgency: 'standard', region: { code: '110105', covered: false } })
    expect(a.region.note).toContain('全国通用')
    expect(a.firstAction.contacts[0]?.id).toBe('village_committee_national')
  })

  it('a benefit question raises no alarm', async () => {
    const a = await answer({ text: '困境儿童的生活费每个月多少钱', region: 'wenling' })
    expect(a).toMatchObject({ urgency: 'none', mandatedReporter: false })
    expect(a.firstAction.contacts).toEqual([])
  })

  it('a missing or empty text is a 400 naming text', async () => {
    for (const body of [{}, { text: '   ' }, { text: 5 }]) {
      const res = await post(body)
      expect(res.status).toBe(400)
      const err = (await res.json()) as { error: { code: string; fields: { path: string }[] } }
      expect(err.error.code).toBe('invalid_request')
      expect(err.error.fields.map((f) => f.path)).toEqual(['text'])
    }
  })

  it('an unknown region or role is a 400 naming the field', async () => {
    const r1 = (await (await post({ text: '你好', region: 'atlantis' })).json()) as {
      error: { fields: { path: string }[] }
    }
    expect(r1.error.fields.map((f) => f.path)).toEqual(['region'])
    const r2 = await post({ text: '你好', reporterRole: 'astronaut' })
    expect(r2.status).toBe(400)
    const e2 = (await r2.json()) as { error: { fields: { path: string; message: string }[] } }
    expect(e2.error.fields[0]).toMatchObject({ path: 'reporterRole' })
    expect(e2.error.fields[0]!.message).toContain('teacher')
  })

  it('malformed JSON is a 400 that says so', async () => {
    const res = await post('{"text": ')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
    })
  })

  it('a text over 2000 characters is a 400', async () => {
    expect((await post({ text: '打'.repeat(2001) })).status).toBe(400)
  })
})

describe('POST /api/v1/triage when nothing matches', () => {
  it('a report-length message it cannot read asks about danger instead of reassuring', async () => {
    const a = await answer({ text: '那个男的把我同学拉进了小巷子' })
    expect(a).toMatchObject({ urgency: 'none', unsure: true })
    expect(a.firstAction.text).toContain('孩子现在有危险吗')
    expect(a.firstAction.text).toContain('110')
  })

  it('a question, a benefit question or a denial is not unsure', async () => {
    for (const text of [
      '孩子想学跳舞，哪里有免费的兴趣班',
      '困境儿童的生活费每个月多少钱',
      '他没有打孩子，只是吓唬一下',
    ])
      expect((await answer({ text })).unsure).toBe(false)
  })
})
