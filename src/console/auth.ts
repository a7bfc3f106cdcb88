/**
 * @module console/auth
 * Signing in to the console, and the guard in front of every console route: a server-side
 * session (idle 30 minutes, at most 12 hours, revocable) in an `HttpOnly; SameSite=Strict`
 * cookie (`Secure` over https), and, on every state-changing request, the CSRF token in the
 * `x-csrf-token` header. The CSRF token is SHA-256 of the session token (with a label), so the
 * server keeps neither in clear (only their hashes) and a page can be given its token again.
 * Background polls keep an operator "present" but do not count as activity for the idle timeout.
 * Five failed sign-ins of a name within 15 minutes lock it for the rest of the window.
 */
import { sha256, toBase64Url } from '../bytes.js'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie, deleteCookie } from 'hono/cookie'
import { apiError } from '../http/errors.js'
import type { Operator, OperatorStore } from './accounts.js'
import type { AuditLog } from './audit.js'
import { sameText, type Passwords } from './password.js'

export const COOKIE = 'tonghu_console'
export const IDLE_MS = 30 * 60_000
export const ABSOLUTE_MS = 12 * 3600_000
export const LOCK_WINDOW_MS = 15 * 60_000
export const MAX_FAILURES = 5
/** A session seen this recently counts as an operator who is there (the console polls). */
export const PRESENT_MS = 90_000
/** Writing last-seen on every poll is not needed: once in this long is enough. */
const TOUCH_MS = 15_000

export interface SignedIn {
  operator: Operator
  csrfToken: string
  /** SHA-256 of the CSRF token, as stored with the session. */
  csrfHash: string
}

export interface AuthDeps {
  operators: OperatorStore
  passwords: Passwords
  audit: AuditLog
  clock: () => Date
}

/** SHA-256 of a text, base64url: what sessions, CSRF tokens and names are stored as. */
const hashed = async (text: string): Promise<string> => toBase64Url(await sha256(text))

const csrfFor = (token: string): Promise<string> => hashed(`csrf|${token}`)

function secure(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

export type LoginResult =
  { ok: true; csrfToken: string; operator: Operator } | { ok: false; status: 401 | 429 }

/** Checks a name and password; on success opens a session and sets its cookie. */
export async function login(
  c: Context,
  deps: AuthDeps,
  name: string,
  password: string,
): Promise<LoginResult> {
  const now = deps.clock()
  const at = now.toISOString()
  const since = new Date(now.getTime() - LOCK_WINDOW_MS).toISOString()
  const tryId = crypto
    .getRandomValues(new Uint32Array(2))
    .reduce((a, b) => a * 2 ** 21 + (b >>> 11), 0)
  const operator = await deps.operators.byName(name)
  // The audit names an account only if there is one: what was typed may be a password.
  const actor = operator?.name ?? '(unknown name)'
  const key = await hashed(`login|${name}`)
  if ((await deps.operators.recordTry(key, tryId, at, since, MAX_FAILURES)) === 'locked') {
    await deps.audit.append({ at, actor, action: 'login_locked', target: null, detail: null })
    return { ok: false, status: 429 }
  }
  const valid =
    operator && !operator.disabled
      ? await deps.passwords.verify(password, operator.passwordHash)
      : (await deps.passwords.burn(password), false)
  if (!valid || !operator) {
    await deps.audit.append({ at, actor, action: 'login_failed', target: null, detail: null })
    return { ok: false, status: 401 }
  }
  await deps.operators.forgiveTry(tryId)
  const token = toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
  const csrfToken = await csrfFor(token)
  await deps.operators.createSession({
    idHash: await hashed(token),
    operatorId: operator.id,
    csrfHash: await hashed(csrfToken),
    at,
  })
  await deps.audit.append({ at, actor: operator.name, action: 'login', target: null, detail: null })
  setCookie(c, COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c),
    path: '/',
    maxAge: ABSOLUTE_MS / 1000,
  })
  return { ok: true, csrfToken, operator }
}

/**
 * The signed-in operator of a request, if its session is live. `passive` for a background poll:
 * it shows the operator is there, but does not keep an idle session alive.
 */
export async function signedIn(
  c: Context,
  deps: AuthDeps,
  passive = false,
): Promise<(SignedIn & { idHash: string }) | undefined> {
  const token = getCookie(c, COOKIE)
  if (!token || token.length > 100) return undefined
  const idHash = await hashed(token)
  const session = await deps.operators.session(idHash)
  if (!session || session.operator.disabled) return undefined
  const now = deps.clock().getTime()
  if (now - Date.parse(session.createdAt) > ABSOLUTE_MS) return undefined
  if (now - Date.parse(session.lastActiveAt) > IDLE_MS) return undefined
  const stale = (at: string): boolean => now - Date.parse(at) > TOUCH_MS
  if (passive ? stale(session.lastSeenAt) : stale(session.lastActiveAt))
    await deps.operators.touch(idHash, new Date(now).toISOString(), !passive)
  const csrfToken = await csrfFor(token)
  return { operator: session.operator, csrfToken, csrfHash: session.csrfHash, idHash }
}

/** Ends the session of this request and clears its cookie. */
export async function logout(
  c: Context,
  deps: AuthDeps,
  idHash: string,
  name: string,
): Promise<void> {
  const at = deps.clock().toISOString()
  await deps.operators.revoke(idHash, at)
  await deps.audit.append({ at, actor: name, action: 'logout', target: null, detail: null })
  deleteCookie(c, COOKIE, { path: '/' })
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The guard: 401 without a live session (pages go to the sign-in page instead), 403 for a
 * state-changing request without the right CSRF token. Sets `signedIn` for the route.
 */
export function requireSignIn(
  deps: AuthDeps,
  page = false,
  passive = false,
): MiddlewareHandler<{ Variables: { signedIn: SignedIn & { idHash: string } } }> {
  return async (c, next) => {
    const who = await signedIn(c, deps, passive)
    if (!who)
      return page
        ? c.redirect('/console/login', 302)
        : apiError(c, 401, 'unauthenticated', 'Sign in first.')
    if (!SAFE.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? ''
      if (sent.length > 100 || !sameText(await hashed(sent), who.csrfHash))
        return apiError(c, 403, 'csrf', 'The x-csrf-token header is missing or wrong.')
    }
    c.set('signedIn', who)
    await next()
  }
}
