/**
 * @module console/api
 * The operators' API under /api/v1/console, declared once as a table: each route's method, path,
 * permission, body schema and handler. The same table registers the routes (behind sign-in and
 * CSRF), documents them in the OpenAPI document, and is what the route-scan test walks.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { ChatDeps } from '../chat/handle-message.js'
import { operatorTurn } from '../chat/handle-message.js'
import { longPoll } from '../chat/live.js'
import type { OperatorAction } from '../engine/types.js'
import { apiError, readBody } from '../http/errors.js'
import { queryParameters } from '../http/route-table.js'
import type { CaseWork } from '../store/case-work.js'
import type { CaseStore } from '../store/cases.js'
import type { ConversationRecord } from '../store/conversations.js'
import type { HandoffStore } from '../store/handoffs.js'
import type { StatsStore } from '../store/stats.js'
import type { OperatorStore } from './accounts.js'
import type { AuditLog } from './audit.js'
import { login, logout, PRESENT_MS, ABSOLUTE_MS, requireSignIn, type SignedIn } from './auth.js'
import { CASE_ROUTES } from './case-routes.js'
import { DIRECTORY_ROUTES } from './directory-routes.js'
import type { LiveDirectory } from './directory.js'
import { buildPacket } from './packet.js'
import type { Passwords } from './password.js'
import { may, type Action } from './permissions.js'
import {
  day,
  daysSpan,
  liveFigures,
  periodOf,
  statsFigures,
  statsQuery,
  type StatsFigures,
  type StatsQuery,
} from './stats.js'
import { statsCsv } from './stats-csv.js'
import { transcript, type TranscriptEntry } from './transcript.js'
import { openCaseText } from '../reports/open-case.js'

/** What the console needs beyond the chat's own dependencies. */
export interface ConsoleServices {
  operators: OperatorStore
  passwords: Passwords
  audit: AuditLog
  handoffs: HandoffStore
  cases: CaseStore
  caseWork: CaseWork
  directory: LiveDirectory
  stats: StatsStore
}

export type ConsoleDeps = ChatDeps & { console: ConsoleServices }

type Env = { Variables: { signedIn: SignedIn & { idHash: string } } }
export type Ctx = Context<Env>

/** The longest a long poll waits before answering with nothing new. */
const POLL_MS = 20_000
/** Turns the console shows of one conversation. */
const TRANSCRIPT_TURNS = 200

export interface ConsoleRoute {
  method: 'get' | 'post'
  /** Hono's form (`:ref`, `:caseNumber`); the OpenAPI document shows `{conversationId}`, `{caseNumber}`. */
  path: string
  summary: string
  permission: Action
  /** A background poll: it shows the operator is there but does not keep an idle session alive. */
  passive?: true
  body?: z.ZodType
  query?: z.ZodType
  handle(c: Ctx, deps: ConsoleDeps, input: unknown): Promise<Response>
}

const BASE = '/api/v1/console'
const loginBody = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
})
const textBody = (max: number) =>
  z.strictObject({ text: z.string().trim().min(1, 'text is empty').max(max) })
const releaseBody = z.strictObject({
  to: z.enum(['bot', 'queue']),
  note: z.string().trim().min(1).max(2000).optional(),
  flow: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .describe('Start this flow after release (e.g. report).'),
})
const transferBody = z.strictObject({
  to: z.string().min(1).max(64).describe('The name of the operator to hand the conversation to.'),
  note: z.string().trim().min(1).max(2000).optional(),
})
const revealBody = z.strictObject({ reason: z.string().trim().min(5).max(500) })
const afterQuery = z.object({ after: z.coerce.number().int().min(0).optional() })
const auditQuery = z
  .strictObject({
    actor: z.string().min(1).max(64).optional(),
    action: z
      .string()
      .regex(/^[a-z_]{1,40}$/, 'an action name (letters and _)')
      .optional(),
    from: day.optional().describe('First Beijing day (YYYY-MM-DD)'),
    to: day.optional().describe('Last Beijing day, included'),
    before: z.coerce.number().int().min(1).optional().describe('Entries older than this id'),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'to is before from' })
/** Entries of the audit a page shows when the request names no limit. */
const AUDIT_PAGE = 50

export function audit(
  c: Ctx,
  deps: ConsoleDeps,
  action: string,
  target: string | null,
  detail?: Record<string, string | number | boolean>,
): Promise<void> {
  return record(deps, c.get('signedIn').operator.name, action, target, detail)
}

/** Appends what `actor` did to the audit, now. */
export function record(
  deps: ConsoleDeps,
  actor: string,
  action: string,
  target: string | null,
  detail?: Record<string, string | number | boolean>,
): Promise<void> {
  return deps.console.audit.append({
    at: deps.clock().toISOString(),
    actor,
    action,
    target,
    detail: detail ?? null,
  })
}

async function conversationOf(c: Ctx, deps: ConsoleDeps): Promise<ConversationRecord | Response> {
  const ref = c.req.param('ref') ?? ''
  const found = /^[0-9a-f]{32}$/.test(ref) ? await deps.store.byRef(ref) : undefined
  return found ?? apiError(c, 404, 'not_found', 'No such conversation.')
}

export const openSealed = (deps: ConsoleDeps) => (sealed: string) =>
  deps.reports ? deps.reports.keys.open(sealed) : Promise.resolve(sealed)

/** The content with the contacts directory as it is now (supervisors' entries included). */
export const liveContent = (deps: ConsoleDeps) => deps.console.directory.content(deps.content)

/** Seals what an operator wrote (notes), as reporters' contacts are sealed. */
export const sealText = (deps: ConsoleDeps) => (text: string) =>
  deps.reports ? deps.reports.keys.seal(text) : Promise.resolve(text)

/** The transcript after turn `after`, and the last turn read (the next cursor). */
async function entriesAfter(
  deps: ConsoleDeps,
  id: string,
  after: number,
): Promise<{ entries: TranscriptEntry[]; cursor: number }> {
  const turns = await deps.store.turns(id, after, TRANSCRIPT_TURNS)
  const entries = await transcript(
    turns,
    openSealed(deps),
    deps.content.console.texts['zh-Hans']['withheld'] ?? '',
  )
  return { entries, cursor: turns.at(-1)?.seq ?? after }
}

async function notes(
  deps: ConsoleDeps,
  id: string,
): Promise<{ author: string; text: string; at: string }[]> {
  const rows = await deps.store.notes(id)
  return Promise.all(
    rows.map(async (n) => ({ author: n.author, at: n.at, text: await openSealed(deps)(n.note) })),
  )
}

/**
 * Carries out an operator's action as a turn; 409 when the conversation is someone else's. A
 * claim needs the conversation to be in the queue, except for a supervisor; `override` (a
 * supervisor's take-over) is only ever asked for explicitly.
 */
async function act(
  c: Ctx,
  deps: ConsoleDeps,
  action: OperatorAction,
  options: { note?: string | undefined; override?: boolean } = {},
): Promise<Response> {
  const conversation = await conversationOf(c, deps)
  if (conversation instanceof Response) return conversation
  const { operator } = c.get('signedIn')
  if (
    action.action === 'claim' &&
    !may(operator.role, 'conversation.override') &&
    !(await deps.console.handoffs.openFor(conversation.id))
  ) {
    await audit(c, deps, 'claim_refused', conversation.ref, { why: 'not_queued' })
    return c.json(
      { error: { code: 'not_queued', message: 'Only conversations in the queue can be claimed.' } },
      409,
    )
  }
  const outcome = await operatorTurn(deps, conversation, {
    kind: 'operator',
    operator: operator.name,
    ...(options.override === true && { override: true }),
    ...action,
  })
  const refused = outcome.events.find((e) => e.type === 'operator_refused')
  if (refused) {
    await audit(c, deps, `${action.action}_refused`, conversation.ref)
    return c.json(
      {
        error: {
          code: refused.owner ? 'owned_by_other' : 'not_claimed',
          message: refused.owner
            ? `This conversation is with ${refused.owner}.`
            : 'Claim the conversation first.',
        },
        claimedBy: refused.owner,
      },
      409,
    )
  }
  if (options.note) await addNote(deps, conversation.id, operator.name, options.note)
  const detail: Record<string, string> = {}
  if (action.action === 'transfer') detail['to'] = action.to
  if (action.action === 'release') {
    detail['to'] = action.to
    if (action.flow) detail['flow'] = action.flow
  }
  await audit(c, deps, options.override ? 'take_over' : action.action, conversation.ref, detail)
  return c.json({ ok: true, mode: outcome.response.state.mode })
}

async function addNote(
  deps: ConsoleDeps,
  conversationId: string,
  author: string,
  text: string,
): Promise<void> {
  await deps.store.addNote({
    id: deps.ids(),
    conversationId,
    author,
    note: await sealText(deps)(text),
    at: deps.clock().toISOString(),
  })
}

export const CONSOLE_ROUTES: ConsoleRoute[] = [
  {
    method: 'post',
    path: `${BASE}/logout`,
    summary: 'Sign out (the session is revoked on the server)',
    permission: 'queue.view',
    async handle(c, deps) {
      const who = c.get('signedIn')
      await logout(c, { ...deps.console, clock: deps.clock }, who.idHash, who.operator.name)
      return c.json({ ok: true })
    },
  },
  {
    method: 'get',
    path: `${BASE}/me`,
    summary: 'Who is signed in, with the CSRF token for state-changing requests',
    permission: 'queue.view',
    async handle(c) {
      const { operator, csrfToken } = c.get('signedIn')
      return c.json({ operator: { name: operator.name, role: operator.role }, csrfToken })
    },
  },
  {
    method: 'get',
    path: `${BASE}/queue`,
    passive: true,
    summary:
      'Every conversation waiting for or with a person: most urgent first, then longest waiting',
    permission: 'queue.view',
    async handle(c, deps) {
      const items = await deps.console.handoffs.open()
      const now = deps.clock()
      const rows = await Promise.all(
        items.map(async (item) => {
          const conversation = await deps.store.byId(item.conversationId)
          if (!conversation) return undefined
          // Conversations from before the console have no ref yet: give them one now.
          if (conversation.ref === '')
            conversation.ref = await deps.store.ensureRef(conversation.id)
          const vars = conversation.state?.vars ?? {}
          const region = typeof vars['region'] === 'string' ? vars['region'] : undefined
          const story = typeof vars['story'] === 'string' ? vars['story'] : ''
          return {
            conversationId: conversation.ref,
            channel: conversation.channel,
            urgency: item.urgency,
            waitingSince: item.createdAt,
            ...(region && { region }),
            summary: summary(deps, item.reason, story, item.caseNumber),
            ...(item.claimedBy && { claimedBy: item.claimedBy }),
            mode: conversation.mode,
          }
        }),
      )
      const online = await deps.console.operators.online(
        new Date(now.getTime() - PRESENT_MS).toISOString(),
        new Date(now.getTime() - ABSOLUTE_MS).toISOString(),
      )
      return c.json({
        items: rows.filter((r) => r !== undefined),
        online: online.map((o) => o.name),
      })
    },
  },
  {
    method: 'get',
    path: `${BASE}/conversations/:ref`,
    summary: 'The hand-off packet and the transcript of one conversation (the view is recorded)',
    permission: 'conversation.view',
    async handle(c, deps) {
      const conversation = await conversationOf(c, deps)
      if (conversation instanceof Response) return conversation
      const { entries, cursor } = await entriesAfter(deps, conversation.id, 0)
      const item = await deps.console.handoffs.openFor(conversation.id)
      const stored = await deps.console.cases.byConversation(conversation.id)
      const keys = deps.reports?.keys
      const cases = keys ? await Promise.all(stored.map((row) => openCaseText(keys, row))) : stored
      await audit(c, deps, 'view', conversation.ref)
      return c.json({
        conversationId: conversation.ref,
        channel: conversation.channel,
        mode: conversation.mode,
        claimedBy: conversation.state?.owner ?? null,
        packet: buildPacket(
          await liveContent(deps),
          conversation,
          item,
          cases,
          entries,
          deps.clock(),
        ),
        notes: await notes(deps, conversation.id),
        transcript: entries,
        cursor,
      })
    },
  },
  {
    method: 'get',
    path: `${BASE}/conversations/:ref/updates`,
    passive: true,
    summary: 'What the conversation said since turn `after` (waits up to 20 s for something new)',
    permission: 'conversation.view',
    query: afterQuery,
    async handle(c, deps, input) {
      const { after = 0 } = input as z.infer<typeof afterQuery>
      const first = await conversationOf(c, deps)
      if (first instanceof Response) return first
      const read = async (): Promise<ConversationRecord | undefined> => {
        const now = await deps.store.byId(first.id)
        return now && now.seq > after ? now : undefined
      }
      const changed = await longPoll(deps.live, first.id, POLL_MS, read)
      const conversation = changed ?? first
      const seen = changed ? await entriesAfter(deps, conversation.id, after) : undefined
      // Who saw what: every answer that shows turns is recorded, like opening the conversation.
      if (seen && seen.entries.length > 0)
        await audit(c, deps, 'view', conversation.ref, { after, to: seen.cursor })
      return c.json({
        transcript: seen?.entries ?? [],
        cursor: seen?.cursor ?? after,
        mode: conversation.mode,
        claimedBy: conversation.state?.owner ?? null,
      })
    },
  },
  {
    method: 'post',
    path: `${BASE}/conversations/:ref/claim`,
    summary: 'Take the conversation (409 when another operator has it)',
    permission: 'conversation.claim',
    handle: (c, deps) => act(c, deps, { action: 'claim' }),
  },
  {
    method: 'post',
    path: `${BASE}/conversations/:ref/take-over`,
    summary: 'Supervisors: take a conversation another operator has (recorded as a take-over)',
    permission: 'conversation.override',
    handle: (c, deps) => act(c, deps, { action: 'claim' }, { override: true }),
  },
  {
    method: 'post',
    path: `${BASE}/conversations/:ref/messages`,
    summary: 'Send a message to the user (the owner only); it reaches them on their channel',
    permission: 'conversation.message',
    body: textBody(2000),
    handle: (c, deps, input) =>
      act(c, deps, { action: 'message', text: (input as { text: string }).text }),
  },
  {
    method: 'post',
    path: `${BASE}/conversations/:ref/release`,
    summary: 'Hand the conversation back to the queue, or to the bot (at the menu or into a flow)',
    permission: 'conversation.release',
    body: releaseBody,
    async handle(c, deps, input) {
      const { to, note, flow } = input as z.infer<typeof releaseBody>
      if (flow !== undefined && (to !== 'bot' || !deps.content.flows[flow]))
        return apiError(c, 400, 'invalid_request', 'flow: no such flow (and only with to = bot).')
      return act(c, deps, { action: 'release', to, ...(flow && { flow }) }, { note })
    },
  },
  {
    method: 'post',
    path: `${BASE}/conversations/:ref/transfer`,
    summary: 'Hand the conversation to another operator, with a note',
    permission: 'conversation.transfer',
    body: transferBody,
    async handle(c, deps, input) {
      const { to, note } = input as z.infer<typeof transferBody>
      const target = await deps.console.operators.byName(to)
      if (!target || target.disabled)
        return apiError(c, 400, 'invalid_request', 'to: no such operator.')
      return act(c, deps, { action: 'transfer', to }, { note })
    },
  },
  {
    method: 'post',
    path: `${BASE}/conversations/:ref/close`,
    summary: 'End the talk with a closing message; the bot answers again',
    permission: 'conversation.close',
    handle: (c, deps) => act(c, deps, { action: 'close' }),
  },
  {
    method: 'post',
    path: `${BASE}/conversations/:ref/notes`,
    summary: 'An internal note (the user never sees it)',
    permission: 'conversation.note',
    body: textBody(2000),
    async handle(c, deps, input) {
      const conversation = await conversationOf(c, deps)
      if (conversation instanceof Response) return conversation
      await addNote(
        deps,
        conversation.id,
        c.get('signedIn').operator.name,
        (input as { text: string }).text,
      )
      await audit(c, deps, 'note', conversation.ref)
      return c.json({ ok: true })
    },
  },
  {
    method: 'post',
    path: `${BASE}/cases/:caseNumber/reveal`,
    summary:
      "The reporter's identity and contact, for a supervisor, the case's assigned operator or the conversation's owner, with a reason (recorded, refusals too)",
    permission: 'conversation.view',
    body: revealBody,
    async handle(c, deps, input) {
      const { reason } = input as z.infer<typeof revealBody>
      const row = await deps.console.cases.byNumber(c.req.param('caseNumber') ?? '')
      if (!row) return apiError(c, 404, 'not_found', 'No such case.')
      const { operator } = c.get('signedIn')
      const conversation = row.conversationId
        ? await deps.store.byId(row.conversationId)
        : undefined
      const owner = conversation?.state?.owner === operator.name || row.assignedTo === operator.name
      if (!may(operator.role, 'identity.reveal') && !owner) {
        await audit(c, deps, 'reveal_refused', row.caseNumber)
        return apiError(
          c,
          403,
          'forbidden',
          "Only a supervisor or the case's operator may see who reported.",
        )
      }
      await audit(c, deps, 'reveal', row.caseNumber, { reason })
      const identity =
        row.reporterSealed && deps.reports
          ? (JSON.parse(await deps.reports.keys.open(row.reporterSealed)) as {
              contact: string | null
              name: string | null
            })
          : { contact: null, name: null }
      return c.json({ caseNumber: row.caseNumber, anonymous: row.anonymous, ...identity })
    },
  },
  {
    method: 'get',
    path: `${BASE}/team`,
    passive: true,
    summary:
      "Supervisors: operators signed in, the conversations each owns, the queue's longest wait",
    permission: 'team.view',
    async handle(c, deps) {
      const { handoffs, operators } = deps.console
      return c.json(await liveFigures(handoffs, operators, deps.clock()))
    },
  },
  {
    method: 'get',
    path: `${BASE}/stats`,
    summary:
      "Supervisors: the dashboard's figures for the Beijing days from–to (both included; the last 7 days without them): live queue, conversations, hand-offs, reports, cases, screening outcomes, emergencies, where people give up. Aggregates, refs and times only (the view is recorded)",
    permission: 'stats.view',
    query: statsQuery,
    async handle(c, deps, input) {
      const figures = await figuresFor(deps, input as StatsQuery)
      await audit(c, deps, 'stats_view', null, figures.period)
      return c.json(figures)
    },
  },
  {
    method: 'get',
    path: `${BASE}/stats.csv`,
    summary:
      'Supervisors: the same figures as CSV (measure,dimension,key,value), aggregates only; every count below 5 is written <5 (the export is recorded)',
    permission: 'stats.view',
    query: statsQuery,
    async handle(c, deps, input) {
      const figures = await figuresFor(deps, input as StatsQuery)
      await audit(c, deps, 'export', null, { ...figures.period, format: 'csv' })
      const name = `tonghu-stats-${figures.period.from}-${figures.period.to}.csv`
      return c.body(statsCsv(figures), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
      })
    },
  },
  ...CASE_ROUTES,
  ...DIRECTORY_ROUTES,
  {
    method: 'get',
    path: `${BASE}/audit`,
    summary:
      'Supervisors: the audit log, newest first, by actor, action and Beijing days; `before` (an id) pages back (reading it is recorded)',
    permission: 'audit.view',
    query: auditQuery,
    async handle(c, deps, input) {
      const q = input as z.infer<typeof auditQuery>
      const limit = q.limit ?? AUDIT_PAGE
      const { start, end } = daysSpan(q.from, q.to)
      const items = await deps.console.audit.list({
        actor: q.actor,
        action: q.action,
        from: start,
        to: end,
        before: q.before,
        limit,
      })
      await audit(c, deps, 'audit_view', null)
      return c.json({ items, next: items.length === limit ? (items.at(-1)?.id ?? null) : null })
    },
  },
]

function figuresFor(deps: ConsoleDeps, q: StatsQuery): Promise<StatsFigures> {
  const now = deps.clock()
  return statsFigures(deps.console, deps.content, now, periodOf(q, now))
}

/** One line for the queue: why it is there, and the first words the user wrote. */
function summary(
  deps: ConsoleDeps,
  reason: string,
  story: string,
  caseNumber: string | null,
): string {
  const why = deps.content.console.texts['zh-Hans'][`reason.${reason}`] ?? reason
  const words = story.split('\n')[0]?.slice(0, 60) ?? ''
  return [why, caseNumber, words].filter((x) => x).join(' · ')
}

/** The console API as a Hono sub-app, mounted under /api/v1/console (the table's paths are whole). */
export function consoleApi(deps: ConsoleDeps): Hono<Env> {
  const app = new Hono<Env>()
  const auth = { ...deps.console, clock: deps.clock }
  // Nothing a console answers may be cached (it holds what users wrote, and identities).
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })
  app.post('/login', async (c) => {
    // JSON only: a cross-site form (text/plain) cannot sign someone in as another.
    if (!(c.req.header('content-type') ?? '').startsWith('application/json'))
      return apiError(c, 415, 'unsupported_media_type', 'Send JSON (application/json).')
    const parsed = await readBody(c, loginBody)
    if (!parsed.ok) return parsed.response
    const result = await login(c, auth, parsed.data.name, parsed.data.password)
    if (!result.ok)
      return result.status === 429
        ? apiError(c, 429, 'locked', 'Too many failed sign-ins. Try again in 15 minutes.')
        : apiError(c, 401, 'unauthenticated', 'Wrong name or password.')
    return c.json({
      csrfToken: result.csrfToken,
      operator: { name: result.operator.name, role: result.operator.role },
    })
  })
  for (const route of CONSOLE_ROUTES) {
    const guard = requireSignIn(auth, false, route.passive === true)
    app.on(route.method.toUpperCase(), route.path.slice(BASE.length), guard, async (c) => {
      const { operator } = c.get('signedIn')
      if (!may(operator.role, route.permission)) {
        await audit(c, deps, 'forbidden', null, { route: route.path })
        return apiError(c, 403, 'forbidden', 'Your role may not do this.')
      }
      let input: unknown
      if (route.body) {
        const parsed = await readBody(c, route.body)
        if (!parsed.ok) return parsed.response
        input = parsed.data
      } else if (route.query) {
        const parsed = route.query.safeParse(c.req.query())
        if (!parsed.success) return apiError(c, 400, 'invalid_request', parsed.error)
        input = parsed.data
      }
      return route.handle(c, deps, input)
    })
  }
  return app
}

/** The console routes in the OpenAPI document, from the table's own schemas. */
export function consoleOpenApi(): Record<string, Record<string, object>> {
  const paths: Record<string, Record<string, object>> = {
    [`${BASE}/login`]: {
      post: {
        summary: 'Sign in: sets the session cookie and returns the CSRF token',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: z.toJSONSchema(loginBody) } },
        },
        responses: {
          '200': { description: '{ csrfToken, operator: { name, role } }' },
          '401': { description: 'Wrong name or password' },
          '429': { description: 'Locked after repeated failures' },
        },
      },
    },
  }
  for (const r of CONSOLE_ROUTES) {
    const path = r.path.replace(':ref', '{conversationId}').replace(/:(\w+)/g, '{$1}')
    paths[path] ??= {}
    paths[path][r.method] = {
      summary: r.summary,
      security: [{ session: [] }],
      ...(r.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: z.toJSONSchema(r.body) } },
        },
      }),
      ...(r.query && { parameters: queryParameters(r.query) }),
      responses: {
        '200': { description: 'OK' },
        '401': { description: 'Not signed in' },
        ...(r.method === 'post' && {
          '403': { description: 'CSRF token missing or wrong, or the role may not' },
        }),
        ...(r.path.includes(':ref') && { '404': { description: 'No such conversation' } }),
        ...(r.path.includes(':caseNumber') && { '404': { description: 'No such case' } }),
        ...(r.method === 'post' &&
          r.path.includes(':ref') && {
            '409': { description: 'Another operator has the conversation' },
          }),
        ...(r.method === 'post' &&
          r.path.includes(':caseNumber/') &&
          !r.path.endsWith('/reveal') && {
            '409': {
              description:
                'The case changed meanwhile, or the change is not allowed from its status',
            },
          }),
      },
    }
  }
  return paths
}
