/**
 * @module channels/wechaty/pacer
 * How fast the bridge sends: a token bucket, at most `perSecond` messages a second with bursts of
 * `burst`, every send of the bot in one line (so a conversation's messages keep their order).
 * A personal account that sends faster than a person could is flagged by WeChat and restricted
 * (sending blocked for hours, or the account banned): 1 a second with a burst of 3 lets a turn's
 * few messages out at once and keeps a busy hour under what a busy person sends.
 */
export interface PacerOptions {
  perSecond: number
  burst: number
  /** Milliseconds (Date.now in production; a test's clock). */
  now(): number
  sleep(ms: number): Promise<void>
}

export class SendPacer {
  private tokens: number
  private last: number
  private line: Promise<void> = Promise.resolve()

  constructor(private readonly options: PacerOptions) {
    this.tokens = options.burst
    this.last = options.now()
  }

  /** Resolves when the next message may go out (after those asked for before it). */
  take(): Promise<void> {
    const turn = this.line.then(() => this.wait())
    this.line = turn
    return turn
  }

  private refill(): void {
    const now = this.options.now()
    const { perSecond, burst } = this.options
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) / 1000) * perSecond)
    this.last = now
  }

  private async wait(): Promise<void> {
    this.refill()
    if (this.tokens < 1) {
      await this.options.sleep(Math.ceil(((1 - this.tokens) / this.options.perSecond) * 1000))
      this.refill()
    }
    this.tokens -= 1
  }
}
