/**
 * The whole app with LINE on: the console's test app (a real libsql file, frozen clock), a local
 * fake of LINE's API, and the outbox deliverer sending to it through the real SDK.
 */
import type { Hono } from 'hono'
import { createApp } from '../../src/app.js'
import { OutboxDeliverer } from '../../src/chat/outbox.js'
import { lineChannel } from '../../src/node-line.js'
import { OutboxStore } from '../../src/store/outbox.js'
import { consoleApp, type ConsoleApp } from '../console/support.js'
import { fakeLine, type FakeLine } from './fake-line.js'

export interface LineApp {
  a: ConsoleApp
  line: FakeLine
  outbox: OutboxDeliverer
  app: Hono
}

export async function lineApp(channelSecret: string): Promise<LineApp> {
  const a = await consoleApp()
  const line = await fakeLine()
  const outbox = lineDeliverer(a, line)
  const app = createApp({ ...a.deps, outbox, line: { channelSecret } })
  return { a, line, outbox, app }
}

/** A deliverer sending LINE replies from the app's outbox to the fake (a new one = a restart). */
export function lineDeliverer(a: ConsoleApp, line: FakeLine): OutboxDeliverer {
  return new OutboxDeliverer({
    store: new OutboxStore(a.driver),
    channels: {
      line: lineChannel({
        channelAccessToken: 'test-token',
        baseURL: line.url,
        texts: a.deps.content.texts,
      }),
    },
    open: (sealed) => a.deps.reports!.keys.open(sealed),
    clock: a.clock.now,
    log: a.deps.log,
    metrics: a.deps.metrics,
  })
}
