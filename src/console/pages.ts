/**
 * @module console/pages
 * The console's pages: /console/login (sign-in), /console (the queue), /console/c/:ref (one
 * conversation), /console/cases (the case list) and /console/cases/:caseNumber (one case), /console/directory (the contacts directory), in zh-Hans or, with `?lang=zh-Hant`, zh-Hant. Each is built once at start
 * (page-html.ts); the queue and the conversation are behind sign-in (no session: 302 to the
 * sign-in page). Sent with a CSP that runs only the page's own inline blocks, may not be framed,
 * is never cached and sends no referrer.
 */
import { Hono, type Context } from 'hono'
import type { ConsoleDeps } from './api.js'
import { requireSignIn, signedIn } from './auth.js'
import type { ConsoleLang } from './content.js'
import { CONSOLE_LANGS, consolePage, type BuiltPage, type ConsolePageKind } from './page-html.js'

export function consolePages(deps: ConsoleDeps): Hono {
  const app = new Hono()
  const auth = { ...deps.console, clock: deps.clock }
  const built = new Map<string, BuiltPage>()
  for (const kind of ['login', 'queue', 'conversation', 'cases', 'case', 'directory'] as const)
    for (const lang of CONSOLE_LANGS)
      built.set(`${kind}|${lang}`, consolePage(deps.content, kind, lang))

  const send = (c: Context, kind: ConsolePageKind): Response => {
    const asked = c.req.query('lang')
    const lang: ConsoleLang = CONSOLE_LANGS.find((l) => l === asked) ?? 'zh-Hans'
    const page = built.get(`${kind}|${lang}`)!
    return c.html(page.html, 200, {
      'Content-Security-Policy': page.policy,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
  }
  const guard = requireSignIn(auth, true)

  app.get('/console/login', async (c) => {
    // Signed in already: straight to the queue.
    if (await signedIn(c, auth)) {
      const lang = c.req.query('lang')
      return c.redirect(lang === 'zh-Hant' ? '/console?lang=zh-Hant' : '/console', 302)
    }
    return send(c, 'login')
  })
  app.get('/console', guard, (c) => send(c, 'queue'))
  app.get('/console/c/:ref', guard, (c) =>
    /^[0-9a-f]{32}$/.test(c.req.param('ref')) ? send(c, 'conversation') : c.notFound(),
  )
  app.get('/console/cases', guard, (c) => send(c, 'cases'))
  app.get('/console/directory', guard, (c) => send(c, 'directory'))
  app.get('/console/cases/:caseNumber', guard, (c) =>
    /^TH-\d{4}-[A-Z0-9]{6}-[A-Z0-9]$/.test(c.req.param('caseNumber'))
      ? send(c, 'case')
      : c.notFound(),
  )
  return app
}
