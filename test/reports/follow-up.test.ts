/**
 * 查询进度's PIN check does the same work for a case number that does not exist as for one that
 * does: scrypt against a stand-in hash of the same cost, so the answer's timing does not tell
 * which numbers are real. (Time itself is never asserted: the work done is.)
 */
import { describe, expect, it } from 'vitest'
import { checkCase } from '../../src/reports/follow-up.js'
import { prepareCase } from '../../src/reports/open-case.js'
import type { ReportDraft } from '../../src/reports/draft.js'
import type { Passwords } from '../../src/console/password.js'
import { makeCaseNumber } from '../../src/reports/case-number.js'
import { reportApp, seededRandom, submit } from './support.js'

const EMPTY_REPORT: ReportDraft = {
  inDanger: null,
  what: '',
  age: null,
  region: null,
  place: null,
  happeningNow: null,
  hurt: null,
  reporterRole: null,
  anonymous: true,
}

describe('checkCase', () => {
  it('runs scrypt at the same cost for an unknown number as for a known one, and finds only the right one', async () => {
    const t = await reportApp()
    const { body } = await submit(t, { what: '孩子一个人在家好几天了' })
    const [caseNumber, pin] = [String(body['caseNumber']), String(body['pin'])]
    const verified: string[] = []
    const pins = t.deps.reports.pins
    const svc = {
      ...t.deps.reports,
      pins: Object.assign(Object.create(pins) as Passwords, {
        verify: (p: string, hash: string) => (verified.push(hash), pins.verify(p, hash)),
      }),
    }
    const now = t.deps.clock()
    const unknown = makeCaseNumber(2026, seededRandom(7))
    expect((await checkCase(svc, unknown, pin, 'client', now)).kind).toBe('not_found')
    expect((await checkCase(svc, caseNumber, '000000', 'client', now)).kind).toBe(
      pin === '000000' ? 'found' : 'not_found',
    )
    expect((await checkCase(svc, caseNumber, pin, 'client', now)).kind).toBe('found')
    expect(verified).toHaveLength(3)
    // The same cost each time: `scrypt$<log2 N>$<r>$<p>$…` alike up to the salt.
    const costs = verified.map((h) => h.split('$').slice(0, 4).join('$'))
    expect(new Set(costs).size).toBe(1)
    expect(costs[0]).toMatch(/^scrypt\$\d+\$\d+\$\d+$/)
  })

  it('a case from before PINs were hashed (its PIN sealed, no hash) is still found with its PIN', async () => {
    const t = await reportApp()
    const svc = t.deps.reports
    const now = t.deps.clock()
    const prepared = await prepareCase(svc, {
      report: { ...EMPTY_REPORT, what: '孩子一个人在家' },
      contact: null,
      submissionKey: 'web:legacy-case',
      source: 'chat',
      conversationId: null,
      now,
      newId: t.deps.ids,
    })
    const legacy = { ...prepared.row, pinHash: null, pinSealed: await svc.keys.seal(prepared.pin) }
    expect(await svc.cases.create(legacy)).toBe('created')
    const n = legacy.caseNumber
    expect((await checkCase(svc, n, prepared.pin, 'client', now)).kind).toBe('found')
    const wrong = prepared.pin === '000000' ? '111111' : '000000'
    expect((await checkCase(svc, n, wrong, 'client', now)).kind).toBe('not_found')
  })
})
