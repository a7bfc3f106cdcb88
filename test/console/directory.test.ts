/**
 * The contacts directory kept by supervisors, through the real app and a real libsql file: an
 * entry without a source or a verified date is refused, a saved one is versioned and audited and
 * takes effect at once for routing (the triage API, a case's contacts) and referrals; withdrawing
 * it brings content's entry back; the export reads as content/triage/directory.yaml.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { CONSOLE_ROUTES } from '../../src/console/api.js'
import { submit } from '../reports/support.js'
import { consoleApp, type ConsoleApp } from './support.js'

const DIRECTORY = '/api/v1/console/directory'
/** A made-up number for the test; never a real one. */
const PHONE = '02300000000'

/** A checked local entry for Chongqing's 儿童主任 (the test's own, not a real office). */
const local = {
  id: 'child_director_chongqing_test',
  agency: '测试用儿童主任办公室',
  role: 'child_director',
  region: '500000',
  action: '联系测试用儿童主任办公室。',
  phone: PHONE,
  hours: '工作日 09:00-17:00',
  verified: '2026-03-01',
  source: {
    doc: '渝民发〔2020〕23号',
    section: '二(一)',
    quote: '村（居）民委员会明确1名“儿童主任”',
  },
}

let a: ConsoleApp
beforeEach(async () => {
  a = await consoleApp()
  await a.addOperator('li')
  await a.addOperator('zhang', 'supervisor')
})

async function triageContacts(): Promise<{ id: string; phone?: string }[]> {
  const res = await a.app.request('/api/v1/triage', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: '邻居家的孩子经常一个人在家，没人管', region: '重庆' }),
  })
  return ((await res.json()) as { contacts: { id: string; phone?: string }[] }).contacts
}

describe('the contacts directory kept by supervisors', () => {
  it('refuses an entry without a source or a verified date, and anything routing cannot use', async () => {
    const zhang = await a.signIn('zhang')
    const { verified: _v, ...unverified } = local
    const { source: _s, ...unsourced } = local
    for (const entry of [
      unverified,
      unsourced,
      { ...local, source: { doc: '', section: '', quote: '' } },
      { ...local, source: { ...local.source, quote: '' } },
      { ...local, region: 'national' },
      { ...local, role: 'fortune_teller' },
      // A local "police" entry would come before 110.
      { ...local, role: 'police' },
      // Content's national advice cannot be moved to one region (it would leave all the others).
      { ...local, id: 'village_committee_national', role: 'village_committee' },
      { ...local, id: 'police' },
      { ...local, phone: '023 ABC' },
      { ...local, verified: '2026-02-30' },
    ]) {
      const res = await zhang.post(DIRECTORY, { entry })
      expect(res.status, JSON.stringify(entry)).toBe(400)
    }
    const [row] = await a.driver.read({
      sql: 'SELECT count(*) AS n FROM directory_versions',
      args: [],
    })
    expect(Number(row?.['n'])).toBe(0)
  })

  it('only supervisors change it; everyone reads it', async () => {
    const [li, zhang] = await Promise.all([a.signIn('li'), a.signIn('zhang')])
    expect((await li.post(DIRECTORY, { entry: local })).status).toBe(403)
    expect((await li.get(`${DIRECTORY}/export`)).status).toBe(403)
    expect((await li.get(DIRECTORY)).status).toBe(200)
    expect((await zhang.post(DIRECTORY, { entry: local })).status).toBe(200)
    expect((await li.post(`${DIRECTORY}/${local.id}/withdraw`)).status).toBe(403)
    const routes = CONSOLE_ROUTES.filter((r) => r.path.startsWith(DIRECTORY)).map(
      (r) => `${r.method} ${r.path}`,
    )
    expect(routes).toEqual([
      `get ${DIRECTORY}`,
      `post ${DIRECTORY}`,
      `post ${DIRECTORY}/:entryId/withdraw`,
      `get ${DIRECTORY}/export`,
    ])
  })

  it('a saved entry routes at once, in the triage API, a case and its referral; versioned, audited, withdrawn', async () => {
    const zhang = await a.signIn('zhang')
    expect((await triageContacts()).map((c) => c.id)).toContain('child_director_chongqing')
    const filed = await submit(a, {
      what: '孩子经常一个人在家，没人做饭',
      age: 6,
      region: 'chongqing',
    })
    const caseNumber = String(filed.body['caseNumber'])

    expect((await zhang.post(DIRECTORY, { entry: local })).status).toBe(200)
    const routed = await triageContacts()
    expect(routed.find((c) => c.id === local.id)?.phone).toBe(PHONE)
    expect(routed.map((c) => c.id)).not.toContain('child_director_chongqing')

    const detail = (await (await zhang.get(`/api/v1/console/cases/${caseNumber}`)).json()) as {
      contacts: { id: string; phone?: string; referable: boolean }[]
    }
    expect(detail.contacts.find((c) => c.id === local.id)).toMatchObject({
      phone: PHONE,
      referable: true,
    })
    const sheet = await (
      await zhang.get(`/api/v1/console/cases/${caseNumber}/referral?to=${local.id}`)
    ).text()
    expect(sheet).toContain(`电话：${PHONE}`)
    expect(sheet).toContain('测试用儿童主任办公室')

    // Content's entry for the region can be replaced there (and comes back when withdrawn).
    const replaced = { ...local, id: 'child_director_chongqing', agency: '渝北测试儿童主任' }
    expect((await zhang.post(DIRECTORY, { entry: replaced })).status).toBe(200)
    expect((await zhang.post(`${DIRECTORY}/child_director_chongqing/withdraw`)).status).toBe(200)
    // An edit is a new version.
    a.clock.advance(60_000)
    expect(
      (await zhang.post(DIRECTORY, { entry: { ...local, hours: '每天 08:00-20:00' } })).status,
    ).toBe(200)
    const listed = (await (await zhang.get(DIRECTORY)).json()) as {
      entries: {
        id: string
        origin: string
        version?: number
        updatedBy?: string
        hours?: string
      }[]
    }
    expect(listed.entries[0]).toMatchObject({
      id: local.id,
      origin: 'console',
      version: 2,
      updatedBy: 'zhang',
      hours: '每天 08:00-20:00',
    })
    expect(
      listed.entries.some((e) => e.origin === 'content' && e.id === 'child_director_chongqing'),
    ).toBe(true)

    const exported = await zhang.get(`${DIRECTORY}/export`)
    expect(exported.headers.get('content-type')).toContain('text/yaml')
    const file = JSON.parse(await exported.text()) as { entries: { id: string }[] }
    expect(file.entries.map((e) => e.id)).toEqual([local.id])

    // Withdrawn: content's entry routes again.
    expect((await zhang.post(`${DIRECTORY}/${local.id}/withdraw`)).status).toBe(200)
    // Withdrawn already: nothing to withdraw.
    expect((await zhang.post(`${DIRECTORY}/child_director_chongqing/withdraw`)).status).toBe(404)
    expect((await zhang.post(`${DIRECTORY}/no_such_entry/withdraw`)).status).toBe(404)
    expect((await triageContacts()).map((c) => c.id)).toContain('child_director_chongqing')
    expect((await a.deps.console.audit.about(local.id)).map((e) => e.action)).toEqual([
      'directory_save',
      'directory_save',
      'directory_withdraw',
    ])
    await expect(
      a.driver.write([{ sql: 'DELETE FROM directory_versions', args: [] }]),
    ).rejects.toThrow()
  })

  it('a chat report is told the supervisor’s entry', async () => {
    const zhang = await a.signIn('zhang')
    expect((await zhang.post(DIRECTORY, { entry: local })).status).toBe(200)
    const user = 'u-directory-0123456789abcdef012345'
    let last
    for (const s of [
      '举报',
      '不是',
      '邻居家的孩子经常一个人在家，没人做饭',
      '6岁',
      '重庆',
      '某小区',
      '不是',
      '不是',
      '邻居',
      '是',
    ])
      last = await a.chat(user, s)
    const phones = last!.replies.flatMap((r) => (r.contacts ?? []).map((c) => c.phone))
    expect(phones).toContain(PHONE)
  })
})
