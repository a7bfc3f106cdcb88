/**
 * @module chat/keyed-queue
 * Runs tasks one at a time per key (a conversation), in arrival order. Only an optimisation:
 * turns of one user in one process then never race each other. Across processes the store's
 * turn-number check still decides; nothing here is needed for correctness.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(task, task)
    const tail = result.catch(() => undefined)
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }
}
