/**
 * @module console/case-routes
 * The case routes of the console's route table (api.ts spreads them in): the list, one case,
 * status, assignment, notes and the referral page. Every answer is recorded in the audit, views
 * too. Who may act on a case: a supervisor always (`case.override`); an operator on a case
 * assigned to them, and may take an unassigned case for themselves.
 */
import { z } from 'zod'
import type { CaseRow } from '../store/cases.js'
import { openCaseText } from '../reports/open-case.js'
import {
  CASE_STATUSES,
  CLOSE_REASONS,
  NEXT_STATUS,
  type CaseEvent,
  type CaseListFilter,
} from '../store/case-work.js'
import { apiError } from '../http/errors.js'
import { isIsoDate } from '../policy/dates.js'
import { resolveRegion } from '../regions.js'
// api.ts spreads this table into its own: only types and functions called at request time come
// from it (a value used here at load time would not be initialised yet).
import {
  audit,
  liveContent,
  openSealed,
  sealText,
  type ConsoleDeps,
  type ConsoleRoute,
  type Ctx,
} from './api.js'
import { caseView, referralTargets } from './case-view.js'
import { may } from './permissions.js'
import { REFERRAL_POLICY, referralHtml } from './referral.js'

const BASE = '/api/v1/console/cases'
/** The most cases one list answers with. */
const LIST_LIMIT = 500

const day = z
  .string()
  .refine(isIsoDate, 'a date YYYY-MM-DD')
  .describe('A day in Beijing time, YYYY-MM-DD')
const listQuery = z.strictObject({
  status: z.enum(CASE_STATUSES).optional(),
  urgency: z.enum(['emergency', 'urgent', 'standard']).optional(),
  region: z.string().min(1).max(40).optional().describe('A region slug, name or division code'),
  channel: z
    .string()
    .regex(/^[a-z]{2,20}$/)
    .optional()
    .describe('web, line, wechat… or api'),
  from: day.optional(),
  to: day.optional().describe('The last day included'),
})
const statusBody = z
  .strictObject({
    status: z.enum(CASE_STATUSES),
    note: z.string().trim().min(1).max(2000).optional(),
    reason: z.enum(CLOSE_REASONS).optional().describe('Required to close, and only then'),
  })
  .refine((b) => (b.status === 'closed') === (b.reason !== undefined), {
    path: ['reason'],
    message: 'a reason is required to close a case, and only then',
  })
const assignBody = z.strictObject({
  operator: z.string().min(1).max(64).describe('The name of the operator to assign the case to'),
})
const noteBody = z.strictObject({ text: z.string().trim().min(1, 'text is empty').max(2000) })
const referralQuery = z.strictObject({
  to: z.string().min(1).max(100).describe('The id of a contact the case is routed to'),
})

/** Beijing midnight of a YYYY-MM-DD day, as an ISO time; `next` for the day after. */
function dayStart(date: string, next = false): string {
  const t = Date.parse(`${date}T00:00:00+08:00`) + (next ? 86_400_000 : 0)
  return new Date(t).toISOString()
}

async function caseOf(c: Ctx, deps: ConsoleDeps): Promise<CaseRow | Response> {
  const row = await deps.console.cases.byNumber(c.req.param('caseNumber') ?? '')
  if (!row) return apiError(c, 404, 'not_found', 'No such case.')
  // What was reported and where are sealed at rest (src/reports/open-case.ts).
  return deps.reports ? openCaseText(deps.reports.keys, row) : row
}

/** Whether the signed-in operator may change this case (theirs, or a supervisor). */
async function mayWork(
  c: Ctx,
  deps: ConsoleDeps,
  row: CaseRow,
  action: string,
): Promise<Response | undefined> {
  const { operator } = c.get('signedIn')
  if (may(operator.role, 'case.override') || row.assignedTo === operator.name) return undefined
  await audit(c, deps, `${action}_refused`, row.caseNumber, { why: 'not_assigned' })
  return c.json(
    {
      error: {
        code: 'not_assigned',
        message: row.assignedTo
          ? `This case is assigned to ${row.assignedTo}.`
          : 'Assign the case to yourself first.',
      },
      assignedTo: row.assignedTo,
    },
    403,
  )
}

const changed = (c: Ctx): Response =>
  c.json(
    { error: { code: 'conflict', message: 'The case changed meanwhile. Load it again.' } },
    409,
  )

/** What the signed-in operator may do with the case (the page hides the rest). */
function allowed(c: Ctx, row: CaseRow): Record<string, boolean> {
  const { operator } = c.get('signedIn')
  const override = may(operator.role, 'case.override')
  const mine = override || row.assignedTo === operator.name
  return {
    status: mine && may(operator.role, 'case.status'),
    refer: mine && may(operator.role, 'case.refer') && row.status !== 'closed',
    note: may(operator.role, 'case.note'),
    assign: override || (row.assignedTo === null && may(operator.role, 'case.assign')),
    assignOthers: override,
    reveal:
      row.reporterSealed !== null &&
      (may(operator.role, 'identity.reveal') || row.assignedTo === operator.name),
  }
}

export const CASE_ROUTES: ConsoleRoute[] = [
  {
    method: 'get',
    path: BASE,
    summary:
      'Cases by status, urgency, region, channel and date (Beijing days): most urgent first, then newest, at most 500 (`more: true` when there are more); no identity or contact',
    permission: 'case.view',
    query: listQuery,
    async handle(c, deps, input) {
      const q = input as z.infer<typeof listQuery>
      const region =
        q.region === undefined ? undefined : resolveRegion(deps.content.triage, q.region)
      if (q.region !== undefined && !region)
        return apiError(c, 400, 'invalid_request', 'region: unknown')
      const filter: CaseListFilter = {
        // One more than is shown: whether there are more than the list holds.
        limit: LIST_LIMIT + 1,
        ...(q.status && { status: q.status }),
        ...(q.urgency && { urgency: q.urgency }),
        ...(region && { region: region.covered?.slug ?? 'national' }),
        ...(q.channel && { channel: q.channel }),
        ...(q.from && { from: dayStart(q.from) }),
        ...(q.to && { to: dayStart(q.to, true) }),
      }
      const found = await deps.console.caseWork.list(filter)
      const rows = found.slice(0, LIST_LIMIT)
      await audit(c, deps, 'case_list', null, { shown: rows.length })
      return c.json({
        ...(found.length > LIST_LIMIT && { more: true }),
        items: rows.map((r) => ({
          caseNumber: r.caseNumber,
          status: r.status,
          urgency: r.urgency,
          region: r.region,
          channel: r.channel,
          createdAt: r.createdAt,
          ...(r.assignedTo !== null && { assignedTo: r.assignedTo }),
        })),
      })
    },
  },
  {
    method: 'get',
    path: `${BASE}/:caseNumber`,
    summary:
      'One case: what was reported, where, the child\u2019s age, urgency and why, the reporter\u2019s duty and clauses, routed contacts, the conversation, notes and history (the view is recorded)',
    permission: 'case.view',
    async handle(c, deps) {
      const row = await caseOf(c, deps)
      if (row instanceof Response) return row
      const events = await deps.console.caseWork.events(row.caseNumber)
      const notes = new Map<number, string>()
      await Promise.all(
        events.map(async (e: CaseEvent, i) => {
          if (e.note !== null) notes.set(i, await openSealed(deps)(e.note))
        }),
      )
      const conversation = row.conversationId
        ? await deps.store.byId(row.conversationId)
        : undefined
      const ref = conversation
        ? conversation.ref || (await deps.store.ensureRef(conversation.id))
        : null
      await audit(c, deps, 'case_view', row.caseNumber)
      return c.json({
        ...caseView(await liveContent(deps), row, {
          channel: await deps.console.caseWork.channelOf(row.caseNumber),
          conversation: ref,
          events,
          notes,
        }),
        next: NEXT_STATUS[row.status],
        may: allowed(c, row),
      })
    },
  },
  {
    method: 'post',
    path: `${BASE}/:caseNumber/status`,
    summary:
      'Move the case on (received → assessing → referred → closed; closing needs a reason); the reporter sees the new status and its date, never the note',
    permission: 'case.status',
    body: statusBody,
    async handle(c, deps, input) {
      const b = input as z.infer<typeof statusBody>
      const row = await caseOf(c, deps)
      if (row instanceof Response) return row
      const refused = await mayWork(c, deps, row, 'case_status')
      if (refused) return refused
      if (!NEXT_STATUS[row.status].includes(b.status))
        return c.json(
          {
            error: {
              code: 'invalid_transition',
              message: `A case that is ${row.status} cannot become ${b.status}.`,
            },
            next: NEXT_STATUS[row.status],
          },
          409,
        )
      const at = deps.clock().toISOString()
      const done = await deps.console.caseWork.changeStatus({
        caseNumber: row.caseNumber,
        from: row.status,
        to: b.status,
        reason: b.reason ?? null,
        noteSealed: b.note === undefined ? null : await sealText(deps)(b.note),
        actor: c.get('signedIn').operator.name,
        at,
      })
      if (!done) return changed(c)
      await audit(c, deps, 'case_status', row.caseNumber, {
        from: row.status,
        to: b.status,
        ...(b.reason && { reason: b.reason }),
      })
      return c.json({ ok: true, status: b.status, updatedAt: at })
    },
  },
  {
    method: 'post',
    path: `${BASE}/:caseNumber/assign`,
    summary:
      'Assign the case to an operator (an operator: an unassigned case, to themselves; a supervisor: any case, to anyone)',
    permission: 'case.assign',
    body: assignBody,
    async handle(c, deps, input) {
      const { operator: to } = input as z.infer<typeof assignBody>
      const row = await caseOf(c, deps)
      if (row instanceof Response) return row
      const me = c.get('signedIn').operator
      const target = await deps.console.operators.byName(to)
      if (!target || target.disabled)
        return apiError(c, 400, 'invalid_request', 'operator: no such operator.')
      if (!may(me.role, 'case.override') && (to !== me.name || row.assignedTo !== null)) {
        await audit(c, deps, 'case_assign_refused', row.caseNumber, { to })
        return apiError(
          c,
          403,
          'forbidden',
          'An operator may only take an unassigned case for themselves.',
        )
      }
      if (row.assignedTo !== to) {
        const done = await deps.console.caseWork.assign({
          caseNumber: row.caseNumber,
          from: row.assignedTo,
          to,
          actor: me.name,
          at: deps.clock().toISOString(),
        })
        if (!done) return changed(c)
        await audit(c, deps, 'case_assign', row.caseNumber, { to })
      }
      return c.json({ ok: true, assignedTo: to })
    },
  },
  {
    method: 'post',
    path: `${BASE}/:caseNumber/notes`,
    summary: 'An internal note on the case (sealed; the reporter never sees it)',
    permission: 'case.note',
    body: noteBody,
    async handle(c, deps, input) {
      const row = await caseOf(c, deps)
      if (row instanceof Response) return row
      await deps.console.caseWork.addNote({
        caseNumber: row.caseNumber,
        noteSealed: await sealText(deps)((input as { text: string }).text),
        actor: c.get('signedIn').operator.name,
        at: deps.clock().toISOString(),
      })
      await audit(c, deps, 'case_note', row.caseNumber)
      return c.json({ ok: true })
    },
  },
  {
    method: 'get',
    path: `${BASE}/:caseNumber/referral`,
    summary:
      'The referral (转介单) to a routed contact as a printable text/html page; the first one for a contact is recorded on the case and moves it to referred, later ones print the same referral',
    permission: 'case.refer',
    query: referralQuery,
    async handle(c, deps, input) {
      const { to } = input as z.infer<typeof referralQuery>
      const row = await caseOf(c, deps)
      if (row instanceof Response) return row
      const content = await liveContent(deps)
      const contact = referralTargets(content, row).find((x) => x.id === to)
      if (!contact)
        return apiError(c, 400, 'invalid_request', 'to: not an agency this case is routed to.')
      const refused = await mayWork(c, deps, row, 'referral')
      if (refused) return refused
      if (row.status === 'closed')
        return c.json(
          { error: { code: 'invalid_transition', message: 'A closed case cannot be referred.' } },
          409,
        )
      const recorded = await deps.console.caseWork.refer({
        caseNumber: row.caseNumber,
        contactId: contact.id,
        actor: c.get('signedIn').operator.name,
        at: deps.clock().toISOString(),
      })
      await audit(c, deps, 'referral', row.caseNumber, { to: contact.id })
      return c.html(
        referralHtml(content, { row, to: contact, at: recorded.at, by: recorded.actor }),
        200,
        {
          'Content-Security-Policy': REFERRAL_POLICY,
          'X-Frame-Options': 'DENY',
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
        },
      )
    },
  },
]
