/** The case repository on D1 in workerd: the same contract as on libsql (see test/store/contract.ts). */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { loadKeyring } from '../../src/reports/keyring.js'
import { checkCase } from '../../src/reports/follow-up.js'
import { prepareCase } from '../../src/reports/open-case.js'
import { compiled } from '../../src/generated/content.js'
import { Passwords } from '../../src/console/password.js'
import { nobleScrypt } from '../../src/console/noble-scrypt.js'
import { PIN_COST } from '../../src/reports/pin.js'
import { CaseStore } from '../../src/store/cases.js'
import { d1Driver } from '../../src/store/d1.js'

describe('cases on D1', () => {
  it('opens a case with a sealed contact and finds it with its PIN', async () => {
    const cases = new CaseStore(d1Driver(env.DB))
    const svc = {
      cases,
      keys: await loadKeyring(env.REPORT_KEY ?? ''),
      // The real cost, as the worker checks PINs (@noble/hashes in workerd).
      pins: new Passwords(nobleScrypt, PIN_COST),
      random: (n: number) => crypto.getRandomValues(new Uint8Array(n)),
      triage: compiled.triage,
    }
    const now = new Date('2026-03-02T01:00:00Z')
    const p = await prepareCase(svc, {
      report: {
        inDanger: true,
        what: '孩子被打了',
        age: 8,
        region: 'wenling',
        place: null,
        happeningNow: true,
        hurt: true,
        reporterRole: 'hotel',
        anonymous: false,
      },
      contact: '13800000000',
      submissionKey: `api:workers-${crypto.randomUUID()}`,
      source: 'api',
      conversationId: null,
      now,
      newId: () => crypto.randomUUID(),
    })
    expect(await cases.create(p.row, p.handoff)).toBe('created')
    expect(p.row.reporterSealed).not.toContain('13800000000')
    expect(await checkCase(svc, p.row.caseNumber, p.pin, 'workers-client', now)).toMatchObject({
      kind: 'found',
    })
    expect(await cases.handoffsFor(p.row.caseNumber)).toEqual([
      { status: 'queued', reason: 'report_emergency' },
    ])
  })
})
