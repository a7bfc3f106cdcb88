/**
 * @module chat/outbox
 * Delivers the push channels' replies from the outbox: each turn's replies in order, as few sends
 * as the platform allows (LINE: 5 messages a send), the first with the free reply token while it
 * is valid, the rest as pushes carrying a retry key made from the turn, so that a send repeated
 * after a crash is not shown twice. A failure waits (the platform's Retry-After, or a back-off
 * doubling from 1 s to 10 minutes) and holds back that conversation's later turns; after 8 tries
 * a turn is given up and logged (when, never what).
 */
import { sha256, toHex } from '../bytes.js'
import type { PushChannel } from '../channels/channel.js'
import type { ConversationState, Lang, Reply } from '../engine/types.js'
import type { DueRow, OutboxStore } from '../store/outbox.js'
import type { Logger } from './log.js'
import type { Counters } from './metrics.js'

const MAX_ATTEMPTS = 8
const LEASE_MS = 30_000
const MAX_BACKOFF_MS = 10 * 60_000
const BATCH = 100

export interface OutboxDeps {
  store: OutboxStore
  /** The push channels this deliverer sends. */
  channels: Record<string, PushChannel>
  /**
   * Push channels that another process sends (the wechaty bridge, `npm run wechaty`): their
   * replies are left in the outbox for its deliverer, never taken by this one.
   */
  elsewhere?: readonly string[]
  /** Opens a sealed value (a reply, the user's platform id). */
  open(sealed: string): Promise<string>
  clock(): Date
  log: Logger
  metrics: Counters
}

/** A UUID made from a turn and a send's place in it: the same send, the same key. */
async function retryKey(turnId: string, part: number): Promise<string> {
  const hex = toHex((await sha256(`${turnId}#${part}`)).slice(0, 16))
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function langOf(state: string): Lang {
  try {
    return (JSON.parse(state) as ConversationState).lang ?? 'zh-Hans'
  } catch {
    return 'zh-Hans'
  }
}

export class OutboxDeliverer {
  /** Every push channel: whose replies wait in the outbox (this deliverer's and those sent elsewhere). */
  readonly channels: readonly string[]
  /** The channels this deliverer sends. */
  private readonly sending: readonly string[]
  private running: Promise<void> | undefined
  private again = false

  constructor(private readonly deps: OutboxDeps) {
    this.sending = Object.keys(deps.channels)
    this.channels = [...this.sending, ...(deps.elsewhere ?? [])]
  }

  /** Delivers what is due soon (now, or right after the pass that is running). */
  kick(): void {
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.drain().finally(() => {
      this.running = undefined
      if (this.again) {
        this.again = false
        this.kick()
      }
    })
  }

  /** Resolves when nothing is being delivered (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  private async drain(): Promise<void> {
    try {
      while ((await this.deliverDue()) > 0);
    } catch (e) {
      this.deps.log.error('outbox_failed', { kind: e instanceof Error ? e.name : 'unknown' })
    }
  }

  /** One pass over what is due; resolves how many turns were sent. */
  async deliverDue(): Promise<number> {
    const now = this.deps.clock()
    const rows = await this.deps.store.due(this.sending, now.toISOString(), MAX_ATTEMPTS, BATCH)
    const turns = new Map<string, DueRow[]>()
    for (const row of rows) turns.set(row.turnId, [...(turns.get(row.turnId) ?? []), row])
    let sent = 0
    const held = new Set<string>()
    for (const [turnId, turn] of turns) {
      const first = turn[0]!
      if (held.has(first.conversationId)) continue
      const until = new Date(now.getTime() + LEASE_MS).toISOString()
      if (!(await this.deps.store.lease(turnId, until, now.toISOString()))) continue
      if (await this.sendTurn(turnId, turn, now)) sent++
      else held.add(first.conversationId)
    }
    return sent
  }

  private async sendTurn(turnId: string, turn: DueRow[], now: Date): Promise<boolean> {
    const first = turn[0]!
    const channel = this.deps.channels[first.channel]!
    const lang = langOf(first.state)
    // Sends of whole replies, each within the platform's messages-per-send.
    const sends: { rows: DueRow[]; messages: unknown[] }[] = []
    for (const row of turn) {
      const reply = JSON.parse(await this.deps.open(row.reply)) as Reply
      const messages = channel.render([reply], lang)
      const last = sends.at(-1)
      const max = channel.capabilities.maxMessages
      if (last && last.messages.length + messages.length <= max) {
        last.rows.push(row)
        last.messages.push(...messages)
      } else
        for (let i = 0; i < messages.length; i += max)
          // A reply longer than one send counts as delivered with its last part.
          sends.push({
            rows: i + max >= messages.length ? [row] : [],
            messages: messages.slice(i, i + max),
          })
    }
    // The platform's id of the user: sealed in the conversation row (its id is a keyed hash).
    const user = await this.deps.open(first.userKey)
    let token =
      first.replyToken && first.replyUntil && Date.parse(first.replyUntil) > now.getTime()
        ? first.replyToken
        : undefined
    for (const [part, send] of sends.entries()) {
      const result = await channel.send(user, send.messages, {
        ...(token && { replyToken: token }),
        retryKey: await retryKey(turnId, part),
      })
      token = undefined
      if (!result.ok) {
        const giveUp = result.permanent === true || first.attempts + 1 >= MAX_ATTEMPTS
        const wait = result.retryAfterMs ?? Math.min(2 ** first.attempts * 1000, MAX_BACKOFF_MS)
        await this.deps.store.failed(
          turnId,
          new Date(now.getTime() + wait).toISOString(),
          giveUp,
          MAX_ATTEMPTS,
        )
        this.deps.metrics.inc(giveUp ? 'outbox_given_up_total' : 'outbox_retries_total')
        this.deps.log.error(giveUp ? 'outbox_given_up' : 'outbox_retry', {
          channel: first.channel,
          status: result.status ?? 0,
          attempts: first.attempts + 1,
        })
        return false
      }
      if (send.rows.length > 0)
        await this.deps.store.delivered(
          send.rows.map((r) => r.id),
          this.deps.clock().toISOString(),
        )
      this.deps.metrics.inc('outbox_sent_total')
    }
    return true
  }
}
