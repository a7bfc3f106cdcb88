/**
 * The whole app with a push channel on: the console's test app (a real libsql file, frozen clock),
 * a local fake of the platform's API, and the outbox deliverer sending to it — LINE through the
 * real SDK, WeChat through its fetch client.
 */
import type { Hono } from 'hono'
import { createApp } from '../../src/app.js'
import { OutboxDeliverer } from '../../src/chat/outbox.js'
import { lineChannel } from '../../src/node-line.js'
import { OutboxStore } from '../../src/store/outbox.js'
import { consoleApp, type ConsoleApp } from '../console/support.js'
import { fakeLine, type FakeLine } from './fake-line.js'
import { fakeWechat, type FakeWechat } from './fake-wechat.js'
import type { PushChannel } from '../../src/channels/channel.js'
import { wechatApi, wechatChannel, type WechatApi } from '../../src/channels/wechat/api.js'
import { TokenStore } from '../../src/store/tokens.js'
import { WECHAT } from './wechat-client.js'

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
  return deliverer(a, {
    line: lineChannel({
      channelAccessToken: 'test-token',
      baseURL: line.url,
      texts: a.deps.content.texts,
    }),
  })
}

function deliverer(a: ConsoleApp, channels: Record<string, PushChannel>): OutboxDeliverer {
  return new OutboxDeliverer({
    store: new OutboxStore(a.driver),
    channels,
    open: (sealed) => a.deps.reports!.keys.open(sealed),
    clock: a.clock.now,
    log: a.deps.log,
    metrics: a.deps.metrics,
  })
}

export interface WechatApp {
  a: ConsoleApp
  wechat: FakeWechat
  outbox: OutboxDeliverer
  app: Hono
  api: WechatApi
}

/**
 * The whole app with the WeChat Official Account on, answering a local fake of WeChat's API;
 * `of` another WechatApp: a second instance on the same database and fake (its own token cache,
 * deliverer and webhook).
 */
export async function wechatApp(
  options: { encodingAesKey?: string; budgetMs?: number; of?: WechatApp } = {},
): Promise<WechatApp> {
  const a = options.of?.a ?? (await consoleApp())
  const wechat = options.of?.wechat ?? (await fakeWechat())
  const outboxStore = new OutboxStore(a.driver)
  const api = wechatApi({
    ...WECHAT,
    baseURL: wechat.url,
    tokens: new TokenStore(a.driver),
    clock: a.clock.now,
  })
  const outbox = deliverer(a, { wechat: wechatChannel(api, a.deps.content.texts) })
  const app = createApp({
    ...a.deps,
    outbox,
    wechat: {
      token: WECHAT.token,
      appId: WECHAT.appId,
      encodingAesKey: options.encodingAesKey,
      outbox: outboxStore,
      ...(options.budgetMs !== undefined && { budgetMs: options.budgetMs }),
    },
  })
  return { a, wechat, outbox, app, api }
}
