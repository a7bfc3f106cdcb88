/**
 * @module content/schema
 * zod schemas for everything in flows/ and content/. Used at build and check time only: the
 * runtime reads the compiled, already-validated bundle.
 */
import { z } from 'zod'
import { id } from '../engine/nodes/fields.js'

/** A flow: each node validated by its kind's own schema (src/engine/nodes/<kind>.ts). */
export { flowSchema } from '../engine/flow.js'

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

/** content/regions.yaml (one schema, src/regions.ts). */
export { regionsSchema } from '../regions.js'

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
