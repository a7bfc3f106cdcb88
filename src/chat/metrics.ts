/**
 * @module chat/metrics
 * Counters for /metrics (Prometheus text format), per process or isolate.
 */
export class Metrics {
  private readonly counters = new Map<string, number>()

  inc(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by)
  }

  render(): string {
    const lines: string[] = []
    for (const [name, value] of [...this.counters].sort()) {
      lines.push(`# TYPE tonghu_${name} counter`, `tonghu_${name} ${value}`)
    }
    return lines.join('\n') + '\n'
  }
}
