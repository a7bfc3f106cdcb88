/**
 * Sealing: round trip, a rotated key still opens old values, no key material in errors; the Node
 * host's AES-GCM and WebCrypto's open each other's values.
 */
import { describe, expect, it } from 'vitest'
import { nodeAesGcm } from '../../src/node-aes-gcm.js'
import {
  loadKeyring,
  newKeyBase64,
  ReportKeyError,
  webCryptoAesGcm,
} from '../../src/reports/keyring.js'
import { SEALED_BY_NODE } from '../fixtures/sealed.js'

describe('keyring', () => {
  it('seals and opens; the sealed form names the key and hides the text', async () => {
    const keys = await loadKeyring(newKeyBase64())
    const sealed = await keys.seal('13800000000')
    expect(sealed).not.toContain('13800000000')
    expect(sealed.split('.')[1]).toBe(keys.currentId)
    expect(await keys.open(sealed)).toBe('13800000000')
  })

  it('after rotation the new key seals and the old one still opens', async () => {
    const oldKey = newKeyBase64()
    const before = await loadKeyring(`k1:${oldKey}`)
    const sealed = await before.seal('old secret')
    const after = await loadKeyring(`k2:${newKeyBase64()},k1:${oldKey}`)
    expect(after.currentId).toBe('k2')
    expect(await after.open(sealed)).toBe('old secret')
    expect((await after.seal('x')).startsWith('s1.k2.')).toBe(true)
  })

  it('refuses bad configuration without echoing it', async () => {
    await expect(loadKeyring('')).rejects.toBeInstanceOf(ReportKeyError)
    const err = await loadKeyring('c2hvcnQ=').catch((e: Error) => e)
    expect(err).toBeInstanceOf(ReportKeyError)
    expect((err as Error).message).not.toContain('c2hvcnQ')
    const other = await loadKeyring(newKeyBase64())
    const sealed = await (await loadKeyring(newKeyBase64())).seal('x')
    await expect(other.open(sealed)).rejects.toBeInstanceOf(ReportKeyError)
  })
})

describe('node:crypto and WebCrypto AES-GCM', () => {
  const implementations = { 'node:crypto': nodeAesGcm, WebCrypto: webCryptoAesGcm }
  const pairs = Object.entries(implementations).flatMap(([sealer, seal]) =>
    Object.entries(implementations).map(([opener, open]) => ({ sealer, seal, opener, open })),
  )

  it.each(pairs)('sealed by $sealer, opened by $opener', async ({ seal, open }) => {
    const key = newKeyBase64()
    const plain = '电话 13800000000, 名字 小明 🙂' + 'x'.repeat(1000)
    const sealed = await (await loadKeyring(`k:${key}`, seal)).seal(plain)
    expect(sealed).not.toContain('13800000000')
    expect(await (await loadKeyring(`k:${key}`, open)).open(sealed)).toBe(plain)
  })

  it.each(Object.entries(implementations))(
    '%s refuses a value whose tag does not match',
    async (_, aes) => {
      const key = newKeyBase64()
      const keys = await loadKeyring(`k:${key}`, aes)
      const sealed = await keys.seal('13800000000')
      const [prefix, id, iv, ct] = sealed.split('.') as [string, string, string, string]
      const flipped = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1)
      await expect(keys.open([prefix, id, iv, flipped].join('.'))).rejects.toThrow()
      await expect(keys.open([prefix, id, iv, ct.slice(0, 8)].join('.'))).rejects.toThrow()
    },
  )

  it.each(Object.entries(implementations))(
    '%s opens the fixed value sealed by Node',
    async (_, aes) => {
      const keys = await loadKeyring(SEALED_BY_NODE.key, aes)
      expect(await keys.open(SEALED_BY_NODE.sealed)).toBe(SEALED_BY_NODE.plain)
    },
  )
})
