/**
 * @module node-scrypt
 * scrypt through node:crypto for the Node host (on libuv's thread pool, so a sign-in does not
 * stall other requests). workerd uses @noble/hashes (src/console/noble-scrypt.ts): same bytes.
 */
import { scrypt } from 'node:crypto'
import type { Scrypt } from './console/password.js'

export const nodeScrypt: Scrypt = (password, salt, { log2N, r, p }, dkLen) =>
  new Promise((resolve, reject) => {
    const N = 2 ** log2N
    scrypt(password, salt, dkLen, { N, r, p, maxmem: 256 * N * r * p + 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(new Uint8Array(key)),
    )
  })
