/**
 * @module reports/routes
 * POST /api/v1/reports (a report as a case: answers { caseNumber, pin, status, urgency }) and
 * GET /api/v1/reports/{caseNumber} with the PIN in the `x-report-pin` header: the status (also
 * in plain words, `?lang=zh-Hant` or `en`) and the Beijing date it last changed, 404
 * for an unknown number or a wrong PIN alike, 429 while the number is locked. A retry with the
 * same idempotency key (`Idempotency-Key` header or `idempotencyKey`) gets the first case back.
 */
import { sha256, toBase64Url } from '../bytes.js'
import { Hono, type Context } from 'hono'
import type { CompiledContent, Lang } from '../engine/types.js'
import type { ReportDraft } from './draft.js'
import { apiError, readBody } from '../http/errors.js'
import { overLimit, perAddress, type AddressOf, type ClientLimits } from '../http/rate-limit.js'
import type { CaseRow } from '../store/cases.js'
import { shanghaiDate } from '../policy/dates.js'
import { resolveRegion } from '../regions.js'
import { resolveRole } from '../triage/roles.js'
import { checkCase, clientKey, LOCK_MS, statusText } from './follow-up.js'
import { prepareCase } from './open-case.js'
import { reportRequest } from './request-schema.js'
import type { ReportServices } from './services.js'

const MAX_NUMBER_TRIES = 3

export interface ReportRouteDeps {
  reports: ReportServices
  content: CompiledContent
  clock: () => Date
  ids: () => string
  /** Requests per client; without it, nothing is limited. */
  limits?: ClientLimits | undefined
  /** The request's address, where the runtime tells it (the PIN lockout is per client). */
  clientAddress?: AddressOf | undefined
}

function receipt(c: Context, row: CaseRow, pin: string): Response {
  return c.json({ caseNumber: row.caseNumber, pin, status: row.status, urgency: row.urgency })
}

/** The sub-app; mount it with `app.route('/', reportRoutes(deps))`. */
export function reportRoutes(deps: ReportRouteDeps): Hono {
  const app = new Hono()
  const { reports } = deps
  const schema = reportRequest(reports.triage)

  app.post('/api/v1/reports', async (c) => {
    const parsed = await readBody(c, schema)
    if (!parsed.ok) return parsed.response
    const r = parsed.data
    const key = c.req.header('idempotency-key') ?? r.idempotencyKey
    if (key !== undefined && !/^[\w.:-]{8,100}$/.test(key))
      return apiError(c, 400, 'invalid_request', 'Idempotency-Key: 8–100 letters, digits, . _ : -')
    // The key is bound to the body: a true retry gets its case back; the same key with another
    // body (a guessed or reused key) is refused with 422 (as the IETF draft and Stripe do), never
    // answered with someone else's PIN.
    // The key is stored as a keyed hash (like chat message ids): the database alone does not give
    // what to send again to be answered with the case's PIN.
    const keyHash = key === undefined ? undefined : await reports.keys.hashId(`api:${key}`)
    const submissionKey =
      keyHash === undefined ? `api:${deps.ids()}` : `api:${keyHash}:${await digest(r)}`
    if (
      keyHash !== undefined &&
      !(await reports.cases.bySubmission(submissionKey)) &&
      (await reports.cases.keyUsedElsewhere(keyHash, submissionKey))
    )
      return apiError(
        c,
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with another request body.',
      )
    const region = r.region === undefined ? undefined : resolveRegion(reports.triage, r.region)
    const report: ReportDraft = {
      inDanger: r.inDanger ?? null,
      what: r.what,
      age: r.age ?? null,
      region: region === undefined ? null : (region.covered?.slug ?? 'national'),
      place: r.place ?? null,
      happeningNow: r.happeningNow ?? null,
      hurt: r.hurt ?? null,
      reporterRole:
        r.reporterRole === undefined ? null : (resolveRole(reports.triage, r.reporterRole) ?? null),
      anonymous: r.anonymous,
    }
    // The limit counts new cases only: a true retry still gets its first answer.
    if (key === undefined || !(await reports.cases.bySubmission(submissionKey))) {
      const limited = overLimit(c, deps.limits, [perAddress('reportsPerAddress')])
      if (limited) return limited
    }
    for (let i = 0; i < MAX_NUMBER_TRIES; i++) {
      const earlier = await reports.cases.bySubmission(submissionKey)
      if (earlier?.pinSealed) return receipt(c, earlier, await reports.keys.open(earlier.pinSealed))
      const prepared = await prepareCase(reports, {
        report,
        contact: r.anonymous ? null : (r.contact ?? null),
        name: r.anonymous ? null : (r.name ?? null),
        submissionKey,
        source: 'api',
        conversationId: null,
        now: deps.clock(),
        newId: deps.ids,
      })
      // A conflict is the same submission racing in, or (rarely) a case number already taken.
      if ((await reports.cases.create(prepared.row, prepared.handoff)) === 'created')
        return receipt(c, prepared.row, prepared.pin)
    }
    return apiError(c, 503, 'unavailable', 'The case could not be created. Please try again.')
  })

  app.get('/api/v1/reports/:caseNumber', async (c) => {
    // Header only: a PIN in the query string would end up in proxy and access logs.
    const pin = c.req.header('x-report-pin') ?? ''
    const client = await clientKey(reports, deps.clientAddress?.(c))
    let check = await checkCase(reports, c.req.param('caseNumber'), pin, client, deps.clock())
    if (check.kind !== 'locked' && (await reports.cases.commitCheck(check.commit)) === 'locked')
      check = { kind: 'locked' }
    switch (check.kind) {
      case 'found':
        return c.json({
          caseNumber: check.caseNumber,
          status: check.status,
          statusText: statusText(deps.content, answerLang(c.req.query('lang')), check),
          updatedOn: shanghaiDate(new Date(check.updatedAt)),
        })
      case 'not_found':
        return apiError(c, 404, 'not_found', 'No case with this number and PIN.')
      case 'locked':
        return c.json(
          { error: { code: 'locked', message: 'Too many wrong PINs. Try again later.' } },
          429,
          { 'Retry-After': String(LOCK_MS / 1000) },
        )
    }
  })
  return app
}

/** The language of the status words: `?lang=` zh-Hant or en, else zh-Hans. */
function answerLang(asked: string | undefined): Lang {
  return asked === 'zh-Hant' || asked === 'en' ? asked : 'zh-Hans'
}

/** SHA-256 of the request's content (without its idempotency key), base64url. */
async function digest(r: { idempotencyKey?: string | undefined }): Promise<string> {
  const { idempotencyKey: _key, ...content } = r
  const bytes = new TextEncoder().encode(JSON.stringify(content))
  return toBase64Url(await sha256(bytes))
}
