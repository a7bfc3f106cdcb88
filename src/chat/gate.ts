/**
 * @module chat/gate
 * At most `limit` tasks at once; the rest wait their turn, in order. The work a webhook sets off
 * after acknowledging runs through one, so that a burst of deliveries cannot crowd out the
 * acknowledgements themselves (what waits is stored already: nothing is lost by waiting).
 */
export class Gate {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((go) => this.waiting.push(go))
    this.active++
    try {
      return await task()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }
}
