/** Sealing: round trip, a rotated key still opens old values, no key material in errors. */
import { describe, expect, it } from 'vitest'
import { loadKeyring, newKeyBase64, ReportKeyError } from '../../src/reports/keyring.js'

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
