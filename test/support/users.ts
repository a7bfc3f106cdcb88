/**
 * Web user ids for tests. The web channel takes a `userId` of at least 128 bits (22 characters or
 * more, as the page makes: 32 hex digits); tests name their users ("u1", "alice") and this makes
 * the name a proper id, the same on every run, the name still readable at its start.
 */
export function webUser(name: string): string {
  return name.length >= 22 ? name : `${name}-`.padEnd(32, '0')
}
