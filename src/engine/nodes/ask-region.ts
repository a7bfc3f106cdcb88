/**
 * @module engine/nodes/ask-region
 * Where the family lives: one of the regions the content covers, by name or division code, or
 * "其他地区" (stored as `national`: the national baseline applies).
 */
import { choice, render } from '../context.js'
import type { WaitKind } from '../registry.js'
import type { AskRegionNode } from '../types.js'
import { matchChoice, type Option } from './match-choice.js'

export const NATIONAL = 'national'

function options(ctx: Parameters<WaitKind<AskRegionNode>['prompt']>[1]): Option<string>[] {
  const regions = ctx.content.regions.map((r) => ({
    id: r.slug,
    labels: [r.name, r.code, ...r.names],
    item: r.slug,
  }))
  return [...regions, { id: NATIONAL, labels: [render(ctx, 'region.other')], item: NATIONAL }]
}

export const askRegion: WaitKind<AskRegionNode> = {
  wait: true,
  picks: true,
  prompt(node, ctx) {
    const choices = [
      ...ctx.content.regions.map((r) => ({ id: r.slug, label: r.name })),
      choice(ctx, NATIONAL, 'region.other'),
    ]
    return { text: render(ctx, node.text), choices }
  },
  accept(_node, answer, ctx) {
    const slug = matchChoice(options(ctx), answer, ctx.content.t2s)
    return slug === undefined ? undefined : { value: slug }
  },
}
