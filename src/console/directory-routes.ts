/**
 * @module console/directory-routes
 * The contacts directory in the console's route table (api.ts spreads them in): everyone may read
 * it; supervisors add, edit and withdraw local entries (each save a version, audited) and export
 * them in content/triage/directory.yaml's form, for review. A change takes effect at once for
 * routing and referrals (console/directory.ts).
 */
import { z } from 'zod'
import { apiError } from '../http/errors.js'
import type { DirectoryEntry } from '../triage/types.js'
// Only types and request-time functions from api.ts (see case-routes.ts).
import { audit, type ConsoleRoute } from './api.js'
import { entrySchema } from './directory.js'

const BASE = '/api/v1/console/directory'

const saveBody = z.strictObject({
  entry: z
    .record(z.string(), z.unknown())
    .describe(
      'A directory.yaml entry: id, agency, role, region (6-12 digit code), action, phone?, hours?, verified (YYYY-MM-DD), concerns?, source {doc, section, quote}, note?',
    ),
})

export const DIRECTORY_ROUTES: ConsoleRoute[] = [
  {
    method: 'get',
    path: BASE,
    summary:
      "The contacts directory routing uses now: the console's entries (with version, when and by whom) and content's",
    permission: 'directory.view',
    async handle(c, deps) {
      const versions = await deps.console.directory.versions()
      const live = versions.filter((v) => v.entry !== null)
      const shadowed = new Set(live.map((v) => v.entryId))
      return c.json({
        entries: [
          ...live.map((v) => ({
            ...v.entry,
            origin: 'console',
            version: v.version,
            updatedAt: v.at,
            updatedBy: v.actor,
          })),
          ...deps.content.triage.directory
            .filter((e) => !shadowed.has(e.id))
            .map((e) => ({ ...e, origin: 'content' })),
        ],
      })
    },
  },
  {
    method: 'post',
    path: BASE,
    summary:
      'Supervisors: add or edit a local entry (refused without a source or a verified date); a new version, audited, used at once',
    permission: 'directory.edit',
    body: saveBody,
    async handle(c, deps, input) {
      const parsed = entrySchema(deps.content).safeParse((input as z.infer<typeof saveBody>).entry)
      if (!parsed.success) return apiError(c, 400, 'invalid_request', parsed.error)
      const entry = parsed.data as DirectoryEntry
      await deps.console.directory.save(
        entry.id,
        entry,
        c.get('signedIn').operator.name,
        deps.clock().toISOString(),
      )
      await audit(c, deps, 'directory_save', entry.id, { region: entry.region, role: entry.role })
      return c.json({ ok: true, id: entry.id })
    },
  },
  {
    method: 'post',
    path: `${BASE}/:entryId/withdraw`,
    summary:
      "Supervisors: withdraw a console entry (content's entry of the same id, if any, is used again)",
    permission: 'directory.edit',
    async handle(c, deps) {
      const id = c.req.param('entryId') ?? ''
      const current = (await deps.console.directory.versions()).find((v) => v.entryId === id)
      if (!current?.entry) return apiError(c, 404, 'not_found', 'No console entry with this id.')
      await deps.console.directory.save(
        id,
        null,
        c.get('signedIn').operator.name,
        deps.clock().toISOString(),
      )
      await audit(c, deps, 'directory_withdraw', id)
      return c.json({ ok: true })
    },
  },
  {
    method: 'get',
    path: `${BASE}/export`,
    summary:
      "Supervisors: the console's entries in content/triage/directory.yaml's form (as JSON, which is YAML), for review",
    permission: 'directory.edit',
    async handle(c, deps) {
      const entries = (await deps.console.directory.versions()).flatMap((v) =>
        v.entry ? [v.entry] : [],
      )
      await audit(c, deps, 'directory_export', null, { entries: entries.length })
      // JSON is YAML: the content loader reads it as it is; reviewers may reflow it.
      return c.body(`${JSON.stringify({ entries }, null, 2)}\n`, 200, {
        'Content-Type': 'text/yaml; charset=utf-8',
        'Content-Disposition': 'attachment; filename="directory-console.yaml"',
      })
    },
  },
]
