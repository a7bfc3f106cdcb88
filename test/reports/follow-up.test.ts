/**
 * 查询进度's PIN check does the same work for a case number that does not exist as for one that
 * does: a sealed stand-in is opened and compared, so the answer's timing does not tell which
 * numbers are real. (Time itself is never asserted: the work done is.)
 */
import { describe, expect, it } from 'vitest'
import { checkCase } from '../../src/reports/follow-up.js'
import { makeCaseNumber } from '../../src/reports/case-number.js'
import { reportApp, seededRandom, submit } from './support.js'

describe('checkCase', () => {
  it('opens a sealed PIN for an unknown number as for a known one, and finds only the right one', async () => {
    const t = await reportApp()
    const { body } = await submit(t, { what: '孩子一个人在家好几天了' })
    const [caseNumber, pin] = [String(body['caseNumber']), String(body['pin'])]
    const opened: string[] = []
    const keys = t.deps.reports.keys
    const svc = {
      ...t.deps.reports,
      keys: { ...keys, open: (s: string) => (opened.push(s), keys.open(s)) },
    }
    const now = t.deps.clock()
    const unknown = makeCaseNumber(2026, seededRandom(7))
    expect((await checkCase(svc, unknown, pin, now)).kind).toBe('not_found')
    expect((await checkCase(svc, caseNumber, '000000', now)).kind).toBe(
      pin === '000000' ? 'found' : 'not_found',
    )
    expect((await checkCase(svc, caseNumber, pin, now)).kind).toBe('found')
    expect(opened).toHaveLength(3)
    expect(opened.every((s) => keys.isSealed(s))).toBe(true)
  })
})
