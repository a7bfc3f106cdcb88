/**
 * @module content/schema
 * zod schemas for everything in flows/ and content/. Used at build and check time only: the
 * runtime reads the compiled, already-validated bundle.
 */
import { z } from 'zod'
import type { Condition } from '../engine/types.js'

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case')
const textRef = z.string().min(1)
const value = z.union([z.string(), z.number(), z.boolean(), z.null()])

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ var: id, eq: value }),
    z.strictObject({ var: id, in: z.array(value) }),
    z.strictObject({ var: id, present: z.boolean() }),
    z.strictObject({ var: id, gte: z.number().optional(), lt: z.number().optional() }),
    z.strictObject({ all: z.array(condition) }),
    z.strictObject({ any: z.array(condition) }),
    z.strictObject({ not: condition }),
  ]),
)

const next = { next: id.optional() }
const ask = {
  text: textRef,
  retry: textRef.optional(),
  var: id,
  skipIfKnown: z.boolean().optional(),
  private: z.boolean().optional(),
  ...next,
}
const synonyms = z.array(z.string().min(1)).optional()
const choiceDef = z.strictObject({
  id,
  label: textRef,
  synonyms,
  next: id.optional(),
  value: value.optional(),
})

const flowNode = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('say'),
    text: textRef,
    contacts: z.array(id).optional(),
    urgent: z.boolean().optional(),
    ...next,
  }),
  z.strictObject({
    kind: z.literal('ask_choice'),
    ...ask,
    choices: z.array(choiceDef).min(1).max(12),
    otherwise: id.optional(),
  }),
  z.strictObject({ kind: z.literal('ask_text'), ...ask, maxLength: z.int().positive().optional() }),
  z.strictObject({
    kind: z.literal('ask_number'),
    ...ask,
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.strictObject({ kind: z.literal('ask_age'), ...ask, allowUnknown: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('ask_yes_no'), ...ask, allowUnknown: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('ask_date'), ...ask }),
  z.strictObject({ kind: z.literal('ask_region'), ...ask }),
  z.strictObject({ kind: z.literal('ask_screen'), ...ask, ask: z.int().positive().optional() }),
  z.strictObject({ kind: z.literal('ask_heard'), ...ask, facts: id }),
  z.strictObject({ kind: z.literal('hear'), facts: id, ...next }),
  z.strictObject({ kind: z.literal('screen_summary'), facts: id, ...next }),
  z.strictObject({
    kind: z.literal('screen_why'),
    ...ask,
    facts: id,
    choices: z.array(choiceDef).max(6),
    more: z.strictObject({ label: textRef, synonyms, next: id }).optional(),
  }),
  z.strictObject({ kind: z.literal('browse_policy'), ...ask, choices: z.array(choiceDef).max(6) }),
  z.strictObject({
    kind: z.literal('branch'),
    cases: z.array(z.strictObject({ when: condition, next: id })).min(1),
    else: id,
  }),
  z.strictObject({
    kind: z.literal('set'),
    // A dotted name sets a var under another (`screen.child_age`: a screening answer).
    values: z.record(z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/), value).optional(),
    clear: z.array(id).optional(),
    copy: z.record(id, id).optional(),
    ...next,
  }),
  z.strictObject({
    kind: z.literal('effect'),
    effect: z.discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('queue_handoff'),
        reason: id,
        urgency: z.enum(['emergency', 'urgent', 'standard']).optional(),
      }),
      z.strictObject({ type: z.literal('open_case') }),
      z.strictObject({ type: z.literal('check_case') }),
      z.strictObject({ type: z.literal('erase_conversation') }),
    ]),
    text: textRef.optional(),
    mode: z.enum(['bot', 'queued', 'operator']).optional(),
    ...next,
  }),
  z.strictObject({ kind: z.literal('call'), flow: id, ...next }),
  z.strictObject({ kind: z.literal('end'), text: textRef.optional() }),
])

export const flowSchema = z.strictObject({
  id,
  version: z.int().positive(),
  start: id,
  danger: z.enum(['interrupt', 'inline']).optional(),
  footer: textRef.optional(),
  nodes: z.record(id, flowNode),
})

export const textsSchema = z.record(z.string().regex(/^[a-z][a-z0-9_.]*$/), z.string().min(1))

const words = z.array(z.string().min(1)).min(1)
export const answersSchema = z.strictObject({ unknown: words, no: words, yes: words })

export const commandsSchema = z.strictObject({
  menu: z.array(z.string().min(1)),
  back: z.array(z.string().min(1)),
  human: z.array(z.string().min(1)),
  restart: z.array(z.string().min(1)),
  exit: z.array(z.string().min(1)),
  erase: z.array(z.string().min(1)),
})

export const citationSchema = z.strictObject({
  doc: z.string().min(1),
  section: z.string().min(1),
  quote: z.string(),
})

export const contactsSchema = z.array(
  z.strictObject({
    id,
    name: z.string().min(1),
    phone: z
      .string()
      .regex(/^\d{3,12}$/)
      .optional(),
    description: z.string().min(1),
    source: citationSchema,
  }),
)

export const regionsSchema = z.array(
  z.strictObject({
    slug: id,
    code: z.string().regex(/^\d{6}$/),
    name: z.string().min(1),
    names: z.array(z.string().min(1)),
  }),
)

const limit = z.strictObject({ max: z.int().min(1), perSeconds: z.int().min(1) })

export const settingsSchema = z.strictObject({
  idleHours: z.number().positive(),
  maxInvalid: z.int().min(1),
  maxTextLength: z.int().positive(),
  retentionDays: z.int().positive(),
  limits: z.strictObject({
    chatPerUser: limit,
    chatPerAddress: limit,
    usersPerAddress: limit,
    reportsPerAddress: limit,
    resultsPerAddress: limit,
  }),
  entry: z.strictObject({
    main: id,
    danger: id,
    human: id,
    support: id,
    check: id,
    erase: id,
    result: id,
  }),
})

const span = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'write hours as "09:00-21:00"')

export const consoleSchema = z.strictObject({
  hours: z.partialRecord(
    z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
    span.nullable(),
  ),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  awayContacts: z.array(id),
  canned: z.array(
    z.strictObject({ id, label: z.string().min(1), text: z.string().min(1).max(2000) }),
  ),
  texts: textsSchema,
})
