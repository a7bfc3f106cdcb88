/** @module engine/assert-never — the end of an exhaustive switch. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`)
}
