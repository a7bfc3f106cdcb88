/**
 * @module console/services
 * The console's dependencies composed from one database (for Node and workerd alike), the
 * queue notice's view of who is there, and the on-call alert: a POST of the new item's ref and
 * urgency (never what the user wrote) to a configured URL.
 */
import type { ChatDeps, QueueAlert } from '../chat/handle-message.js'
import type { Logger } from '../chat/log.js'
import type { QueueServices } from '../chat/queue-notice.js'
import { CaseWork } from '../store/case-work.js'
import { CaseStore } from '../store/cases.js'
import { DirectoryStore } from '../store/directory.js'
import type { SqlDriver } from '../store/driver.js'
import { HandoffStore } from '../store/handoffs.js'
import { StatsStore } from '../store/stats.js'
import { OperatorStore } from './accounts.js'
import type { ConsoleServices } from './api.js'
import { AuditLog } from './audit.js'
import { LiveDirectory } from './directory.js'
import { ABSOLUTE_MS, PRESENT_MS } from './auth.js'
import { Passwords, type Scrypt, type ScryptCost } from './password.js'

export function consoleServices(
  driver: SqlDriver,
  kdf: Scrypt,
  cost?: ScryptCost,
): ConsoleServices {
  return {
    operators: new OperatorStore(driver),
    passwords: new Passwords(kdf, cost),
    audit: new AuditLog(driver),
    handoffs: new HandoffStore(driver),
    cases: new CaseStore(driver),
    caseWork: new CaseWork(driver),
    directory: new LiveDirectory(new DirectoryStore(driver)),
    stats: new StatsStore(driver),
  }
}

/** Who is waiting and who is there, for what a user in the queue is told. */
export function queueServices(c: ConsoleServices): QueueServices {
  return {
    handoffs: c.handoffs,
    online: async (now) =>
      (
        await c.operators.online(
          new Date(now.getTime() - PRESENT_MS).toISOString(),
          new Date(now.getTime() - ABSOLUTE_MS).toISOString(),
        )
      ).map((o) => o.name),
  }
}

/** POSTs each new emergency or urgent queue item to `url` (ONCALL_WEBHOOK_URL); failures are logged. */
export function webhookAlert(url: string, log: Logger): NonNullable<ChatDeps['alert']> {
  return (a: QueueAlert) => {
    void fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'queue_item', ...a }),
    })
      .then((res) => {
        if (!res.ok) log.error('oncall_webhook_failed', { status: res.status })
      })
      .catch((e: unknown) =>
        log.error('oncall_webhook_failed', { kind: e instanceof Error ? e.name : 'unknown' }),
      )
  }
}
