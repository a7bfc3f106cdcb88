/**
 * @module engine/nodes/heard
 * What the family already told us, put to use. `hear` reads the words kept at the menu (vars
 * `story` and `heard`) with the extractor (src/text/extract.ts) and seeds the screening's answers
 * (`<facts>.<fact>`, and `region`), so the screening does not ask again what they said.
 * `ask_heard` says back what it understood in one sentence and asks whether it is right: 对 goes
 * on; a correction ("不对，妈妈是失联") is read with the story (later words win) and said back
 * again; a bare 不对 drops what was heard, and the questions ask it instead.
 */
import { z } from 'zod'
import { choice, render, type StepContext } from '../context.js'
import { ref, stepKind, waitKind, type Accepted, type Answer } from '../kind.js'
import type { Vars } from '../types.js'
import { ask, id, next } from './fields.js'
import { extract, type Heard, type HeardValue } from '../../text/extract.js'
import { normalize, toSimplified } from '../../text/normalize.js'
import { parseYesNo } from '../../text/yes-no.js'

/** Where the engine keeps words said at the menu that may hold screening facts. */
export const HEARD = 'heard'
/** The vars the words are read from: the story kept for a report, and `heard`. */
const FROM = ['story', HEARD] as const

/** The say-back texts (content/texts/policy-chat.yaml); the content compiler checks them. */
export const heardKey = {
  parent: (status: string): string => `heard.parent.${status}`,
  years: (status: string): string => `heard.years.${status}`,
  fact: (fact: string, value: HeardValue): string =>
    fact === 'child_age' ? 'heard.child_age' : `heard.fact.${fact}.${String(value)}`,
}

/** Vars this module keeps: what was seeded (to say back, and to take back on 不对). */
const V = {
  /** Every fact seeded, comma-separated. */
  facts: 'heard_facts',
  /** The facts the words said themselves, in the order heard. */
  said: 'heard_said',
  /** How many answers were seeded (the progress line counts only questions asked). */
  count: 'heard_n',
  region: 'heard_region',
  place: 'heard_place',
  carer: 'heard_carer',
} as const

const SEPARATE = ','
const CORRECTION = /^(?:不对|不是|错了|不全对|有错|说错了)/u

function list(vars: Vars, name: string): string[] {
  const v = vars[name]
  return typeof v === 'string' && v !== '' ? v.split(SEPARATE) : []
}

/** The kept words, each message once (a message may be in both vars). */
function keptWords(vars: Vars): string {
  const lines = FROM.flatMap((name) => {
    const v = vars[name]
    return typeof v === 'string' ? v.split('\n') : []
  })
  return [...new Set(lines)].join('\n')
}

/** The place as the user wrote it (萬州 in zh-Hant), found in the raw words by its simplified form. */
function placeAsWritten(raw: string, place: string, t2s: Record<string, string>): string {
  for (let i = 0; i + place.length <= raw.length; i++) {
    const part = raw.slice(i, i + place.length)
    if (toSimplified(part, t2s) === place) return part
  }
  return place
}

/**
 * The vars that seed the screening from what was heard, and the ones to take away (seeded before
 * and not now).
 */
function seeds(
  ctx: StepContext,
  ns: string,
  heard: Heard,
  raw: string,
): { set: Vars; unset: string[] } {
  const { vars } = ctx.state
  const set: Vars = {}
  const facts = Object.keys(heard.facts)
  for (const f of facts) set[`${ns}.${f}`] = heard.facts[f]!
  const unset = list(vars, V.facts)
    .filter((f) => !facts.includes(f))
    .map((f) => `${ns}.${f}`)
  for (const [name, value] of [
    [V.facts, facts.join(SEPARATE) || undefined],
    [V.said, heard.said.join(SEPARATE) || undefined],
    [V.count, facts.length || undefined],
    [V.region, heard.region],
    [V.place, heard.place && placeAsWritten(raw, heard.place, ctx.content.t2s)],
    [V.carer, heard.carer],
  ] as const) {
    if (value !== undefined) set[name] = value
    else if (vars[name] !== undefined) unset.push(name)
  }
  if (heard.region !== undefined) set['region'] = heard.region
  else if (vars[V.region] !== undefined && vars['region'] === vars[V.region]) unset.push('region')
  return { set, unset }
}

/** Reads the kept words (with `more`, a correction) into the seeds. */
function reread(ctx: StepContext, ns: string, more = ''): { set: Vars; unset: string[] } {
  const raw = [keptWords(ctx.state.vars), more].filter((t) => t !== '').join('\n')
  return seeds(ctx, ns, extract(ctx.content.extract, normalize(raw, ctx.content.t2s)), raw)
}

/**
 * Reads the words the family said at the menu (vars `story`, `heard`) for screening facts and
 * seeds vars `<facts>.<fact>` and `region` with them.
 */
export const hear = stepKind(z.strictObject({ kind: z.literal('hear'), facts: id, ...next }), {
  refs: (node) => ref('node', ['next'], node.next),
  run(node, ctx) {
    const { set, unset } = reread(ctx, node.facts)
    for (const name of unset) delete ctx.state.vars[name]
    Object.assign(ctx.state.vars, set)
    return { to: 'node', node: node.next }
  },
})
export type HearNode = z.infer<typeof hear.schema>

/** "爸爸妈妈都已去世，孩子8岁，现在跟奶奶生活，在大同": what was heard, in one sentence. */
function sayBack(ctx: StepContext, ns: string): string {
  const { vars } = ctx.state
  const value = (fact: string): HeardValue | undefined => {
    const v = vars[`${ns}.${fact}`]
    return v === null ? undefined : v
  }
  const said = list(vars, V.said)
  const parts: string[] = []
  const parent = (p: 'father' | 'mother' | 'both'): string => {
    const one = p === 'both' ? 'father' : p
    const status = String(value(`${one}_status`))
    const lines = [render(ctx, heardKey.parent(status), { who: render(ctx, `heard.who.${p}`) })]
    const years = value(`${one}_status_years`)
    if (years !== undefined) lines.push(render(ctx, heardKey.years(status), { n: years }))
    const served = value(`${one}_years_served`)
    if (served !== undefined) lines.push(render(ctx, heardKey.years('served'), { n: served }))
    return lines.join(render(ctx, 'heard.sep'))
  }
  const both =
    said.includes('father_status') &&
    said.includes('mother_status') &&
    value('father_status') === value('mother_status')
  for (const fact of said) {
    const v = value(fact)
    if (v === undefined || /_(?:status_years|years_served)$/u.test(fact)) continue
    if (fact === 'father_status' || fact === 'mother_status') {
      if (both && fact === 'mother_status') continue
      parts.push(parent(both ? 'both' : fact === 'father_status' ? 'father' : 'mother'))
    } else {
      const age = typeof v === 'number' && Number.isInteger(v) ? v : Math.round(Number(v) * 10) / 10
      parts.push(render(ctx, heardKey.fact(fact, v), { age, carer: vars[V.carer] ?? '' }))
    }
  }
  if (vars[V.place] !== undefined)
    parts.push(render(ctx, 'heard.region', { place: vars[V.place]! }))
  return parts.join(render(ctx, 'heard.sep'))
}

/** Says back what `hear` understood and asks whether it is right; a correction is applied. */
export const askHeard = waitKind(
  z.strictObject({ kind: z.literal('ask_heard'), ...ask, facts: id }),
  {
    picks: false,
    retry: 'retry.ask_heard',
    texts: [
      'heard.yes',
      'heard.no',
      'heard.sep',
      'heard.region',
      'heard.corrected',
      'heard.dropped',
    ],
    prompt(node, ctx) {
      return {
        text: render(ctx, node.text, { what: sayBack(ctx, node.facts) }),
        choices: [choice(ctx, 'yes', 'heard.yes'), choice(ctx, 'no', 'heard.no')],
      }
    },
    accept(node, answer: Answer, ctx): Accepted | undefined {
      const drop = (): Accepted => {
        const seeded = list(ctx.state.vars, V.facts).map((f) => `${node.facts}.${f}`)
        const region = ctx.state.vars[V.region]
        const also = region !== undefined && ctx.state.vars['region'] === region ? ['region'] : []
        return {
          value: false,
          unset: [...seeded, ...also, ...Object.values(V)],
          say: [{ text: render(ctx, 'heard.dropped') }],
        }
      }
      if (answer.choice === 'yes') return { value: true }
      if (answer.choice === 'no') return drop()
      if (answer.choice !== undefined) return undefined
      const correction = extract(ctx.content.extract, answer.text)
      if (correction.said.length > 0 || correction.region !== undefined) {
        const { set, unset } = reread(ctx, node.facts, answer.raw.trim())
        const words = [ctx.state.vars[HEARD], answer.raw.trim()].filter(
          (w) => typeof w === 'string',
        )
        return {
          value: null,
          set: { ...set, [HEARD]: words.join('\n').slice(0, ctx.content.settings.maxTextLength) },
          unset,
          say: [{ text: render(ctx, 'heard.corrected') }],
          next: ctx.state.at!.node,
        }
      }
      const said = parseYesNo(answer.text, ctx.content.yesNo)
      if (said === 'yes' || said === 'unknown') return { value: true }
      if (said === 'no' || CORRECTION.test(answer.text)) return drop()
      return undefined
    },
  },
)
export type AskHeardNode = z.infer<typeof askHeard.schema>
