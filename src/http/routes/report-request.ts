/**
 * @module http/routes/report-request
 * POST /api/v1/reports: the request, zod-validated; a bad field is a 400 that names it. Region and
 * role are checked against the triage content.
 */
import { z } from 'zod'
import type { TriageContent } from '../../triage/types.js'
import { regionField, roleField } from './triage-fields.js'

const MAX_REPORT_TEXT = 4000

export function reportRequest(content: TriageContent) {
  const yesNo = z.boolean().nullable().optional()
  const short = (max: number) => z.string().trim().min(1).max(max)
  return z
    .strictObject({
      what: short(MAX_REPORT_TEXT).describe('What happened, in the reporter’s words.'),
      inDanger: yesNo.describe('Is the child in danger right now?'),
      age: z.number().min(0).max(25).nullable().optional().describe('Approximate age in years.'),
      region: regionField(content).optional(),
      place: short(200).optional().describe('District, town or village.'),
      happeningNow: yesNo,
      hurt: yesNo,
      reporterRole: roleField(content).optional(),
      anonymous: z.boolean().default(false),
      contact: short(200).optional().describe('How to reach the reporter; encrypted at rest.'),
      name: short(100).optional().describe('The reporter’s name; encrypted at rest.'),
      idempotencyKey: z
        .string()
        .regex(/^[\w.:-]{8,100}$/, 'idempotencyKey must be 8–100 letters, digits, or . _ : -')
        .optional()
        .describe('Send the same key when retrying: the first case is returned, not a second.'),
    })
    .refine((r) => !(r.anonymous && (r.contact !== undefined || r.name !== undefined)), {
      path: ['anonymous'],
      message: 'an anonymous report cannot carry a contact or name',
    })
}
