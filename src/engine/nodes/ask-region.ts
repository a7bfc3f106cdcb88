/**
 * @module engine/nodes/ask-region
 * Where the family lives: one of the regions the content covers, by name or division code, or
 * "其他地区" (stored as `national`: the national baseline applies).
 */
import { z } from 'zod'
import { choice, render, type StepContext } from '../context.js'
import { waitKind } from '../kind.js'
import type { CompiledContent } from '../types.js'
import { ask } from './fields.js'
import { labelForm, labelled, matchChoice, type Option } from './match-choice.js'
import { NATIONAL } from '../../regions.js'

// The regions' names are content: put in matching form once per content, not on every answer.
const regionOptions = new WeakMap<CompiledContent, Option<string>[]>()

function options(ctx: StepContext): Option<string>[] {
  const { content } = ctx
  let regions = regionOptions.get(content)
  if (!regions) {
    regions = content.regions.map((r) => {
      const forms = [r.name, r.code, ...r.names].map((l) => labelForm(l, content.t2s))
      return { id: r.slug, forms: () => forms, item: r.slug }
    })
    regionOptions.set(content, regions)
  }
  const other = render(ctx, 'region.other')
  return [...regions, labelled(NATIONAL, [other], content.t2s, NATIONAL)]
}

export const askRegion = waitKind(z.strictObject({ kind: z.literal('ask_region'), ...ask }), {
  picks: true,
  retry: 'retry.ask_region',
  prompt(node, ctx) {
    const choices = [
      ...ctx.content.regions.map((r) => ({ id: r.slug, label: r.name })),
      choice(ctx, NATIONAL, 'region.other'),
    ]
    return { text: render(ctx, node.text), choices }
  },
  accept(_node, answer, ctx) {
    const slug = matchChoice(options(ctx), answer)
    return slug === undefined ? undefined : { value: slug }
  },
})
export type AskRegionNode = z.infer<typeof askRegion.schema>
