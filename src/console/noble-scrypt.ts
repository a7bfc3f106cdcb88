/**
 * @module console/noble-scrypt
 * scrypt from @noble/hashes (audited, maintained, no Node built-ins) for workerd. Node uses
 * node:crypto (src/node-scrypt.ts); both give the same bytes.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js'
import type { Scrypt } from './password.js'

export const nobleScrypt: Scrypt = (password, salt, { log2N, r, p }, dkLen) =>
  scryptAsync(password, salt, { N: 2 ** log2N, r, p, dkLen })
