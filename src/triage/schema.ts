/**
 * @module triage/schema
 * zod schemas for content/triage/*.yaml. Build and check time only (src/content/triage-load.ts):
 * the classifier and router read the compiled, already-validated object.
 */
import { z } from 'zod'
import { REGION_KEY } from '../regions.js'

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case')
const phrase = z.string().min(1)
const urgency = z.enum(['emergency', 'urgent', 'standard', 'none'])
const modality = z.enum([
  'now',
  'hypothetical',
  'past',
  'recent',
  'habitual',
  'reported',
  'suspected',
])

/** A list of words, or one string of words separated by spaces (compact and formatter-proof). */
const words = z
  .union([z.array(phrase), z.string()])
  .transform((v) => (typeof v === 'string' ? v.split(/\s+/).filter((w) => w !== '') : v))

export const citationSchema = z.strictObject({
  doc: z.string().min(1, 'doc: the document number is required'),
  section: z.string().min(1, 'section: the section is required'),
  quote: z.string().min(1, 'quote: a short verbatim quote from the document is required'),
})

export const lexiconSchema = z.strictObject({
  negationWindow: z.int().min(0).max(12),
  window: z.int().min(0).max(40),
  maxChars: z.int().positive(),
  unsureChars: z.int().positive(),
  separators: z.string().min(1),
  precedence: z.array(modality).min(1),
  negatable: words,
  classes: z.record(z.string().min(1), words),
})

/** content/triage/english.yaml: English word or phrase → its Chinese in matching form. */
export const englishSchema = z.record(z.string().min(1), z.string())

const levels = z.partialRecord(
  z.union([modality, z.enum(['unmarked', 'resolved', 'benefit', 'minor'])]),
  urgency,
)

export const rulesSchema = z.strictObject({
  raiseConcerns: z.array(id),
  supportConcerns: z.array(id),
  rules: z.array(
    z.strictObject({
      id,
      concern: id,
      all: z.array(z.string().min(1)).min(1),
      unless: z.array(z.string().min(1)).optional(),
      level: urgency,
      when: levels.optional(),
      hurt: z.boolean().optional(),
      immediate: z.boolean().optional(),
      window: z.int().min(0).max(60).optional(),
      crossClause: z.boolean().optional(),
    }),
  ),
})

export const rolesSchema = z.array(
  z.strictObject({
    id,
    name: z.string().min(1),
    aliases: z.array(phrase),
    nouns: z.array(phrase),
    phrases: z.array(phrase),
    raises: z.boolean(),
  }),
)

export const dutiesSchema = z.strictObject({
  regions: z.array(z.strictObject({ slug: id, documents: z.array(z.string().min(1)).min(1) })),
  duties: z.array(
    z.strictObject({
      region: id,
      roles: z.array(id).min(1),
      status: z.enum(['mandated', 'oversees', 'not_named', 'no_local_document']),
      text: z.string().min(1),
      citations: z.array(citationSchema),
    }),
  ),
})

const regionCode = z.string().regex(REGION_KEY, 'region: "national" or a 6-, 9- or 12-digit code')

export const directorySchema = z.strictObject({
  entries: z.array(
    z.strictObject({
      id,
      agency: z.string().min(1),
      role: id,
      region: regionCode,
      action: z.string().min(1),
      phone: z
        .string()
        .regex(/^\d{3,12}(-\d{1,6})?$/, 'phone: digits only, an extension after "-"')
        .optional(),
      hours: z.string().min(1).optional(),
      verified: z.iso.date('verified: a date, YYYY-MM-DD').optional(),
      concerns: z.array(id).optional(),
      source: citationSchema,
      outsideSeeds: z.string().min(1).optional(),
      note: z.string().min(1).optional(),
    }),
  ),
})

const slot = z.union([id, z.array(id).min(1)])
export const routesSchema = z.array(
  z.strictObject({
    urgency,
    concerns: z.array(id).optional(),
    first: z.array(slot),
    then: z.array(slot),
  }),
)

/** content/contacts/national.yaml, read as it is (a 120 entry states it is outside the seeds). */
export const nationalContactsSchema = z.array(
  z.strictObject({
    id,
    name: z.string().min(1),
    phone: z.string().regex(/^\d{3,12}$/),
    description: z.string().min(1),
    source: z.strictObject({
      doc: z.string().min(1),
      section: z.string().min(1),
      quote: z.string(),
    }),
  }),
)

export const textsFileSchema = z.record(z.string().regex(/^[a-z][a-z0-9_.]*$/), z.string().min(1))
