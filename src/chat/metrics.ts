/**
 * @module chat/metrics
 * Counters for GET /metrics, per process or isolate, in the Prometheus text exposition format
 * (version 0.0.4): `# HELP`, `# TYPE` and the sample of each counter. Written here rather than
 * with a client library: the counters are a handful of integers, the same formatter serves Node
 * and workerd (prom-client needs Node built-ins), and no dependency is added for it.
 */

/** What each counter counts (HELP); a counter not listed is described by its name. */
const HELP: Record<string, string> = {
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

export class Metrics {
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
