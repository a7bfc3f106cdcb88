/**
 * @module http/routes
 * Every HTTP sub-app and the prefix it is mounted under, in one place. Each has the one signature
 * SubApp (src/http/deps.ts): it takes the app's dependencies and is undefined when what it needs
 * is not configured (reports without report keys, the console without its services, a channel
 * without its secrets).
 */
import type { Hono } from 'hono'
import { consoleApi } from '../../console/api.js'
import { consolePages } from '../../console/pages.js'
import { lineWebhook } from '../../channels/line/webhook.js'
import { wechatWebhook } from '../../channels/wechat/webhook.js'
import { resultRoutes } from '../../results/page.js'
import type { AppDeps, SubApp } from '../deps.js'
import { chatRoutes } from './chat.js'
import { policyRoutes } from './policy.js'
import { reportRoutes } from './reports.js'
import { triageRoutes } from './triage.js'

export const SUB_APPS: readonly { prefix: string; routes: SubApp }[] = [
  { prefix: '/api/v1/chat', routes: chatRoutes },
  { prefix: '/api/v1', routes: policyRoutes },
  { prefix: '/api/v1/triage', routes: triageRoutes },
  { prefix: '/api/v1/reports', routes: reportRoutes },
  {
    prefix: '/api/v1/console',
    routes: (deps) => deps.console && consoleApi({ ...deps, console: deps.console }),
  },
  {
    prefix: '/console',
    routes: (deps) => deps.console && consolePages({ ...deps, console: deps.console }),
  },
  { prefix: '/r', routes: resultRoutes },
  { prefix: '/webhooks/line', routes: (deps) => deps.line && lineWebhook(deps, deps.line) },
  { prefix: '/webhooks/wechat', routes: (deps) => deps.wechat && wechatWebhook(deps, deps.wechat) },
]

/** Mounts every configured sub-app on `app` under its prefix. */
export function mountRoutes(app: Hono, deps: AppDeps): void {
  for (const { prefix, routes } of SUB_APPS) {
    const sub = routes(deps)
    if (sub) app.route(prefix, sub)
  }
}
