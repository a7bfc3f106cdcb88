/**
 * @module node-metrics
 * The counters of a Node process, kept by prom-client (the maintained Prometheus client for Node):
 * the host's counters (content of src/chat/metrics.ts HELP), named `tonghu_<name>`, and prom-client's
 * default process figures — resident memory, heap, CPU, event-loop lag, open handles — so a soak
 * or an operator can watch memory from GET /metrics (behind METRICS_TOKEN).
 */
import { collectDefaultMetrics, Counter, Registry } from 'prom-client'
import { HELP, type Counters } from './chat/metrics.js'

export class NodeMetrics implements Counters {
  private readonly registry = new Registry()
  private readonly counters = new Map<string, Counter>()

  constructor() {
    collectDefaultMetrics({ register: this.registry })
  }

  inc(name: string, by = 1): void {
    let counter = this.counters.get(name)
    if (!counter) {
      counter = new Counter({
        name: `tonghu_${name}`,
        help: HELP[name] ?? name.replace(/_/g, ' '),
        registers: [this.registry],
      })
      this.counters.set(name, counter)
    }
    counter.inc(by)
  }

  render(): Promise<string> {
    return this.registry.metrics()
  }
}
