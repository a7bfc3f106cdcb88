/**
 * @module engine/nodes/fields
 * The zod pieces node schemas share: ids, text keys, values, choices and the fields of every
 * question. Each node kind's own schema (src/engine/nodes/<kind>.ts) is built from them.
 */
import { z } from 'zod'

export const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case')
/** A text key in content/texts/<lang>.yaml. */
export const textRef = z.string().min(1)
export const value = z.union([z.string(), z.number(), z.boolean(), z.null()])
export const synonyms = z.array(z.string().min(1)).optional()
/** The conversation's mode: the bot talks, or the user waits for or talks with a person. */
export const mode = z.enum(['bot', 'queued', 'operator'])

export const choiceDef = z.strictObject({
  id,
  label: textRef,
  /** Extra words that pick this choice (normalised, simplified). */
  synonyms,
  /** Where this choice leads; defaults to the node's `next`. */
  next: id.optional(),
  /** The value stored in the node's var; defaults to the choice id. */
  value: value.optional(),
})

/** Where to go next; absent on a question means "end of flow". */
export const next = { next: id.optional() }

/** A question that takes 不清楚 (不知道, 不想说) as an answer, stored as null. */
export const allowUnknown = { allowUnknown: z.boolean().optional() }

/** The fields of every question (a wait kind). */
export const ask = {
  text: textRef,
  /** A simpler wording used after an invalid answer. */
  retry: textRef.optional(),
  var: id,
  /** Not asked when `var` already holds a value (the user's first message said it). */
  skipIfKnown: z.boolean().optional(),
  /**
   * The answer is private (a reporter's contact, a PIN): operators do not see it in the
   * transcript (event `private_answer`).
   */
  private: z.boolean().optional(),
  ...next,
}

export type ChoiceDef = z.infer<typeof choiceDef>

/** A question's choices; each id once. */
export const choices = z.array(choiceDef).superRefine((list, issues) => {
  const seen = new Set<string>()
  list.forEach((c, i) => {
    if (seen.has(c.id))
      issues.addIssue({ code: 'custom', path: [i, 'id'], message: `choice ${c.id} appears twice` })
    seen.add(c.id)
  })
})
