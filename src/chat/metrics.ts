/**
 * @module chat/metrics
 * Counters for GET /metrics, per process or isolate, in the Prometheus text exposition format
 * (version 0.0.4). On Node they are prom-client's (src/node-metrics.ts, with the process's memory,
 * CPU and event-loop figures beside them); in workerd, where prom-client cannot run (it needs Node
 * built-ins), `Metrics` below writes the same counters in the same format.
 */

/** Where the host counts, and what GET /metrics answers with. */
export interface Counters {
  inc(name: string, by?: number): void
  render(): string | Promise<string>
}

/** What each counter counts (HELP); a counter not listed is described by its name. */
export const HELP: Record<string, string> = {
  turns_total: 'Turns committed (messages answered, operator actions)',
  duplicates_total: 'Messages delivered again with an id already stored',
  turn_conflicts_total: 'Turns that lost a race for their turn number and ran again',
  danger_detected_total: 'Turns in which danger was detected',
  pending_expired_total: 'Pending messages given up at a restart (older than 72 hours)',
  store_errors_total: 'Requests answered 503 because the database failed',
  outbox_sent_total: 'Sends to push channels that succeeded',
  outbox_retries_total: 'Sends to push channels that failed and will be tried again',
  outbox_given_up_total: 'Sends to push channels given up',
  webhook_refused_total: 'Webhook deliveries refused (bad signature, stale, too large)',
  wechaty_room_pointers_total: 'Group messages answered with a pointer to a private chat',
}

/** The media type of the text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** HELP text escaped as the format asks (backslash and newline). */
const escapeHelp = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')

/** The counters of a workerd isolate (and of tests): a map, rendered by hand. */
export class Metrics implements Counters {
  private readonly counters = new Map<string, number>()

  inc(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by)
  }

  render(): string {
    const lines: string[] = []
    for (const [name, value] of [...this.counters].sort()) {
      const metric = `tonghu_${name}`
      lines.push(
        `# HELP ${metric} ${escapeHelp(HELP[name] ?? name.replace(/_/g, ' '))}`,
        `# TYPE ${metric} counter`,
        `${metric} ${value}`,
      )
    }
    return lines.join('\n') + '\n'
  }
}
