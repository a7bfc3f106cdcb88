/** Sealed values cross runtimes: what the Node host sealed (node:crypto) opens in workerd. */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { loadKeyring } from '../../src/reports/keyring.js'
import { SEALED_BY_NODE } from '../fixtures/sealed.js'

describe('the keyring in workerd', () => {
  it('opens a value sealed by the Node host, with the same key', async () => {
    expect(env.REPORT_KEY).toBe(SEALED_BY_NODE.key)
    const keys = await loadKeyring(env.REPORT_KEY ?? '')
    expect(await keys.open(SEALED_BY_NODE.sealed)).toBe(SEALED_BY_NODE.plain)
  })
})
