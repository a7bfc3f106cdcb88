/**
 * @module console/pages
 * The console's pages: /console/login (sign-in), /console (the queue), /console/c/:ref (one
 * conversation), /console/cases (the case list) and /console/cases/:caseNumber (one case), /console/directory (the contacts directory), in zh-Hans or, with `?lang=zh-Hant`, zh-Hant. Each is built once at start
 * (page-html.ts); the queue and the conversation are behind sign-in (no session: 302 to the
 * sign-in page). Sent with a CSP that runs only the page's own inline blocks, may not be framed,
 * is never cached and sends no referrer.
 */
import { Hono, type Context } from 'hono'
import { record, type ConsoleDeps } from './api.js'
import { requireSignIn, signedIn, type SignedIn } from './auth.js'
import type { ConsoleLang } from './content.js'
import { escapeHtml } from '../http/html.js'
import { dashboardBody } from './dashboard.js'
import {
  CONSOLE_LANGS,
  consolePage,
  DASHBOARD_SLOT,
  type BuiltPage,
  type ConsolePageKind,
} from './page-html.js'
import { may } from './permissions.js'
import { beijingDay, periodOf, statsFigures, statsQuery } from './stats.js'

export function consolePages(deps: ConsoleDeps): Hono {
  const app = new Hono()
  const auth = { ...deps.console, clock: deps.clock }
  const built = new Map<string, BuiltPage>()
  for (const kind of [
    'login',
    'queue',
    'conversation',
    'cases',
    'case',
    'directory',
    'dashboard',
  ] as const)
    for (const lang of CONSOLE_LANGS)
      built.set(`${kind}|${lang}`, consolePage(deps.content, kind, lang))

  const langOf = (c: Context): ConsoleLang =>
    CONSOLE_LANGS.find((l) => l === c.req.query('lang')) ?? 'zh-Hans'
  const send = (
    c: Context,
    kind: ConsolePageKind,
    fill?: { body: string; status: 200 | 400 | 403 },
  ): Response => {
    const page = built.get(`${kind}|${langOf(c)}`)!
    const html = fill ? page.html.replace(DASHBOARD_SLOT, () => fill.body) : page.html
    return c.html(html, fill?.status ?? 200, {
      'Content-Security-Policy': page.policy,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
  }
  const guard = requireSignIn(auth, true)

  app.get('/login', async (c) => {
    // Signed in already: straight to the queue.
    if (await signedIn(c, auth)) {
      const lang = c.req.query('lang')
      return c.redirect(lang === 'zh-Hant' ? '/console?lang=zh-Hant' : '/console', 302)
    }
    return send(c, 'login')
  })
  app.get('/', guard, (c) => send(c, 'queue'))
  // The supervisor's dashboard, drawn on the server for the period asked (GET ?from=&to=).
  app.get('/dashboard', guard, async (c) => {
    const { operator } = (c as unknown as Context<{ Variables: { signedIn: SignedIn } }>).get(
      'signedIn',
    )
    const lang = langOf(c)
    const now = deps.clock()
    const today = beijingDay(now.toISOString())
    const words = deps.content.console.texts[lang]
    // Hidden from operators by the page script; refused here whatever they ask.
    if (!may(operator.role, 'stats.view')) {
      await record(deps, operator.name, 'forbidden', null, { route: '/console/dashboard' })
      const body = `<p class="notice bad" role="alert">${escapeHtml(words['dash.forbidden'] ?? '')}</p>`
      return send(c, 'dashboard', { body, status: 403 })
    }
    const parsed = statsQuery.safeParse({ from: c.req.query('from'), to: c.req.query('to') })
    if (!parsed.success) {
      const notice = words['dash.bad_period'] ?? ''
      const body = dashboardBody({
        content: deps.content,
        lang,
        from: today,
        to: today,
        today,
        notice,
      })
      return send(c, 'dashboard', { body, status: 400 })
    }
    const period = periodOf(parsed.data, now)
    const figures = await statsFigures(deps.console, deps.content, now, period)
    await record(deps, operator.name, 'stats_view', null, figures.period)
    const body = dashboardBody({
      content: deps.content,
      lang,
      from: period.from,
      to: period.to,
      today,
      figures,
    })
    return send(c, 'dashboard', { body, status: 200 })
  })
  app.get('/c/:ref', guard, (c) =>
    /^[0-9a-f]{32}$/.test(c.req.param('ref')) ? send(c, 'conversation') : c.notFound(),
  )
  app.get('/cases', guard, (c) => send(c, 'cases'))
  app.get('/directory', guard, (c) => send(c, 'directory'))
  app.get('/cases/:caseNumber', guard, (c) =>
    /^TH-\d{4}-[A-Z0-9]{6}-[A-Z0-9]$/.test(c.req.param('caseNumber'))
      ? send(c, 'case')
      : c.notFound(),
  )
  return app
}
