/**
 * @module chat/live
 * Wakes the long polls waiting on a conversation (the web page's updates, the console) as soon as
 * a turn of it commits in this process. Across processes nothing is woken: the polls also look
 * again every second, so another process's turn is seen within about a second.
 */
export class Live {
  private readonly waiting = new Map<string, Set<() => void>>()

  /** Resolves when `key` is notified, or after `ms`. */
  wait(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiting.get(key) ?? new Set<() => void>()
      this.waiting.set(key, set)
      const done = (): void => {
        clearTimeout(timer)
        set.delete(done)
        if (set.size === 0 && this.waiting.get(key) === set) this.waiting.delete(key)
        resolve()
      }
      const timer = setTimeout(done, ms)
      set.add(done)
    })
  }

  notify(key: string): void {
    for (const done of [...(this.waiting.get(key) ?? [])]) done()
  }
}

/** Wakes no one: without a Live, long polls look once a second. */
const unwoken = new Live()

/**
 * Asks `read` until it has something or `ms` have passed, waking on `key` (and at least every
 * second, for turns committed by another process).
 */
export async function longPoll<T>(
  live: Live | undefined,
  key: string,
  ms: number,
  read: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const until = Date.now() + ms
  for (;;) {
    const found = await read()
    const left = until - Date.now()
    if (found !== undefined || left <= 0) return found
    await (live ?? unwoken).wait(key, Math.min(left, 1000))
  }
}
