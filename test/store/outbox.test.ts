/**
 * The outbox's held rows (a channel that answers in the webhook's response, WeChat's passive
 * reply): the deliverer does not see them while held; the holder takes them once, or releases
 * them to the deliverer; a hold that has passed is the deliverer's. Also the shared access token's
 * lease: one refresher at a time.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrations } from '../../src/generated/migrations.js'
import type { SqlDriver } from '../../src/store/driver.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { migrate } from '../../src/store/migrate.js'
import { OutboxStore } from '../../src/store/outbox.js'
import { TokenStore } from '../../src/store/tokens.js'

const T0 = '2026-01-05T01:00:00.000Z'
const HOLD = '2026-01-05T01:01:00.000Z'
const LATER = '2026-01-05T01:02:00.000Z'

let driver: SqlDriver
let store: OutboxStore

beforeEach(async () => {
  driver = openLibsqlFile(join(mkdtempSync(join(tmpdir(), 'tonghu-outbox-')), 'o.db'))
  await migrate(driver, migrations)
  store = new OutboxStore(driver)
  await driver.write([
    {
      sql: `INSERT INTO conversations (id, channel, user_key, seq, mode, state, updated_at)
            VALUES ('wechat:u', 'wechat', 'u', 1, 'bot', '{}', ?)`,
      args: [T0],
    },
    ...[0, 1].map((idx) => ({
      sql: `INSERT INTO outbox (conversation_id, turn_id, idx, channel, reply, created_at, lease_until)
            VALUES ('wechat:u', 't1', ?, 'wechat', ?, ?, ?)`,
      args: [idx, `r${idx}`, T0, HOLD],
    })),
  ])
})

const due = (now: string) => store.due(['wechat'], now, 8, 10)

describe('held outbox rows', () => {
  it('are not due while held; the holder takes them once, in order', async () => {
    expect(await due(T0)).toEqual([])
    expect(await store.claimHeld('t1', 'another-hold', LATER, T0)).toEqual([])
    const rows = await store.claimHeld('t1', HOLD, LATER, T0)
    expect(rows.map((r) => r.reply)).toEqual(['r0', 'r1'])
    expect(await store.claimHeld('t1', HOLD, LATER, T0)).toEqual([])
    await store.delivered(
      rows.map((r) => r.id),
      T0,
    )
    expect(await due(LATER)).toEqual([])
  })

  it('released, they are due at once; a passed hold is no longer the holder’s', async () => {
    await store.release('t1', 'another-hold')
    expect(await due(T0)).toEqual([])
    await store.release('t1', HOLD)
    expect((await due(T0)).map((r) => r.reply)).toEqual(['r0', 'r1'])
    expect(await store.claimHeld('t1', HOLD, LATER, T0)).toEqual([])
  })

  it('a hold that has passed: the deliverer may lease them, and the holder can no longer take them', async () => {
    expect((await due(LATER)).length).toBe(2)
    expect(await store.lease('t1', '2026-01-05T01:03:00.000Z', LATER)).toBe(true)
    expect(await store.claimHeld('t1', HOLD, LATER, LATER)).toEqual([])
  })
})

describe('the shared access token', () => {
  it('one instance at a time may refresh it; the saved token is read by all', async () => {
    const tokens = new TokenStore(driver)
    expect(await tokens.get('wechat:wx')).toBeUndefined()
    expect(await tokens.lease('wechat:wx', HOLD, T0)).toBe(true)
    expect(await tokens.lease('wechat:wx', HOLD, T0)).toBe(false)
    await tokens.save('wechat:wx', 'tok', LATER)
    expect(await tokens.get('wechat:wx')).toEqual({ token: 'tok', expiresAt: LATER })
    expect(await tokens.lease('wechat:wx', HOLD, T0)).toBe(true)
    await tokens.unlease('wechat:wx')
    expect(await new TokenStore(driver).lease('wechat:wx', HOLD, T0)).toBe(true)
  })
})
