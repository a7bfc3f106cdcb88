/**
 * @module engine/flow
 * The schema of a flow (flows/*.yaml): its nodes are any kind in the registry, each validated by
 * its own kind's schema. The content compiler parses flows with it; the Flow type comes from it.
 */
import { z } from 'zod'
import { id, textRef } from './nodes/fields.js'
import { nodeSchemas } from './registry.js'

const [first, ...rest] = nodeSchemas

export const flowSchema = z.strictObject({
  id,
  version: z.int().positive(),
  start: id,
  /**
   * How a danger hit behaves here: `interrupt` (default) jumps to the danger flow and comes
   * back; `inline` puts the 110 reply first and lets this flow go on (the report flow).
   */
  danger: z.enum(['interrupt', 'inline']).optional(),
  /** A line under every question of the flow (the report flow's reminder of 110). */
  footer: textRef.optional(),
  nodes: z.record(id, z.discriminatedUnion('kind', [first!, ...rest])),
})
