/**
 * @module http/deps
 * What the app is built from (createApp's argument), and the one signature every HTTP sub-app
 * has: it takes these dependencies (or the part it reads) and is mounted under its prefix by
 * src/http/routes/index.ts — or is absent where what it needs is not configured.
 */
import type { Hono } from 'hono'
import type { ChatDeps } from '../chat/handle-message.js'
import type { ConsoleServices } from '../console/api.js'
import type { LineConfig } from '../channels/line/webhook.js'
import type { WechatConfig } from '../channels/wechat/webhook.js'
import type { AddressOf, ClientLimits } from './rate-limit.js'

export interface AppDeps extends ChatDeps {
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>
  /** Resolves when the database takes a write now (GET /readyz); without it, /readyz is 404. */
  ready?(): Promise<void>
  /** The operators' console (accounts, queue, audit). Without it, /console and its API are 404. */
  console?: ConsoleServices
  /** The LINE channel's webhook (POST /webhooks/line); absent when LINE is not configured. */
  line?: LineConfig
  /** The WeChat Official Account's webhook (/webhooks/wechat); absent when not configured. */
  wechat?: WechatConfig
  /** Requests per client (src/http/rate-limit.ts); without it, nothing is limited. */
  limits?: ClientLimits
  /**
   * METRICS_TOKEN: GET /metrics answers only with `Authorization: Bearer <token>` (401 otherwise).
   * Without it /metrics is 404: counters are not for anyone who asks.
   */
  metricsToken?: string
  /**
   * The address a request came from, where the runtime tells it (Node: the socket; Workers:
   * CF-Connecting-IP). The PIN lockout counts wrong tries per client; without it, all API clients
   * count as one.
   */
  clientAddress?: AddressOf
}

/** An HTTP sub-app: built from the app's dependencies, or undefined when not configured. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each sub-app's own Env
export type SubApp = (deps: AppDeps) => Hono<any> | undefined
