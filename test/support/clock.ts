/** A frozen clock that moves only when told, and ids from a counter: tests are repeatable. */
export interface TestClock {
  now: () => Date
  advance(ms: number): void
}

export function frozenClock(start = '2026-03-02T09:00:00+08:00'): TestClock {
  let t = Date.parse(start)
  return { now: () => new Date(t), advance: (ms) => void (t += ms) }
}

export function seededIds(prefix = 'id'): () => string {
  let n = 0
  return () => `${prefix}-${String(++n).padStart(4, '0')}`
}
