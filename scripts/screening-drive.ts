/**
 * @module scripts/screening-drive
 * Drives the real engine (step, on the compiled content) through the chat as a family would,
 * for `npm run eval:screening` and test/policy/stories.test.ts: the first message is the case's
 * story (or the menu's own words, without one); then every question is answered from the case's
 * facts, and 不清楚 where the case does not say. Counts the turns (messages sent) until the first
 * screening result is shown.
 *
 * It reads the engine only through its public shape (node kinds, flows, the policy's question
 * texts), so the same file runs on older code to measure the "before" figures.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { step } from '../src/engine/step.js'
import type { CompiledContent, ConversationState, Input, Reply } from '../src/engine/types.js'

type FactValue = string | number | boolean

export interface StoryCase {
  /** The case file's region group (chongqing, national, …) and the case's name. */
  group: string
  name: string
  region: string
  asOf: string
  facts: Record<string, FactValue>
  story?: string
}

/** Most turns a drive may take before it counts as never reaching a result. */
export const MAX_TURNS = 40
const UNKNOWN = '不清楚'

/** The screening cases (test/policy/cases/*.yaml) with their stories (test/policy/stories.yaml). */
export function storyCases(root: string): StoryCase[] {
  const dir = join(root, 'test', 'policy', 'cases')
  const stories = parse(
    readFileSync(join(root, 'test', 'policy', 'stories.yaml'), 'utf8'),
  ) as Record<string, Record<string, string>>
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => {
      const file = parse(readFileSync(join(dir, f), 'utf8')) as {
        region: string
        asOf: string
        cases: { name: string; region?: string; facts: Record<string, FactValue> }[]
      }
      const group = f.replace(/\.yaml$/, '')
      return file.cases.map((c) => {
        const story = stories[group]?.[c.name]
        return {
          group,
          name: c.name,
          region: c.region ?? file.region,
          asOf: file.asOf,
          facts: c.facts,
          ...(story !== undefined && { story }),
        }
      })
    })
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number]
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/** The fact a screening question asks, found by its words in the reply. */
function askedFact(content: CompiledContent, text: string): string | undefined {
  let best: string | undefined
  let length = 0
  for (const [fact, q] of Object.entries(content.policy.questions))
    if (q.text.length > length && text.includes(q.text)) {
      best = fact
      length = q.text.length
    }
  return best
}

/** What the family says to the screening question about `fact`. */
function answerFact(content: CompiledContent, c: StoryCase, fact: string): Input {
  const q = content.policy.questions[fact as keyof typeof content.policy.questions]
  let value = c.facts[fact]
  if (
    fact === 'child_age' &&
    value === undefined &&
    typeof c.facts['child_birth_date'] === 'string'
  )
    value = ageOn(c.facts['child_birth_date'], c.asOf)
  if (value === undefined || q === undefined) return { kind: 'text', text: UNKNOWN }
  switch (q.kind) {
    case 'yes_no':
      return { kind: 'choice', id: value === true ? 'yes' : 'no' }
    case 'choice':
      return q.choices?.some((o) => o.value === value)
        ? { kind: 'choice', id: String(value) }
        : { kind: 'text', text: UNKNOWN }
    case 'age':
      return { kind: 'text', text: `${value}岁` }
    default:
      return { kind: 'text', text: String(value) }
  }
}

/** The family's next message, from where the conversation waits. */
function answer(
  content: CompiledContent,
  c: StoryCase,
  state: ConversationState,
  last: Reply,
): Input {
  const at = state.at
  const node = at ? content.flows[at.flow]?.nodes[at.node] : undefined
  const choices = (last.choices ?? []).map((x) => x.id)
  switch (node?.kind) {
    case 'ask_region':
      return {
        kind: 'choice',
        id: content.regions.some((r) => r.slug === c.region) ? c.region : 'national',
      }
    case 'ask_screen': {
      const fact = askedFact(content, last.text)
      return fact ? answerFact(content, c, fact) : { kind: 'text', text: UNKNOWN }
    }
    case 'ask_choice':
      // The main menu, the safety line's "is a child in danger?", the danger flow's offer.
      for (const id of ['screen', 'safe', 'continue'])
        if (choices.includes(id)) return { kind: 'choice', id }
      return { kind: 'text', text: UNKNOWN }
    default:
      // What was heard, said back ("对吗？"): the story is the case's own.
      if (choices.includes('yes')) return { kind: 'choice', id: 'yes' }
      return { kind: 'text', text: UNKNOWN }
  }
}

export interface Drive {
  /** Messages sent until the first result; undefined when none came within MAX_TURNS. */
  turns: number | undefined
  transcript: string[]
}

/** Drives one case, with its story as the first message or (`story` false) the menu's words. */
export function drive(content: CompiledContent, c: StoryCase, story: boolean): Drive {
  const screen = content.flows['screen']
  const summary = Object.values(screen?.nodes ?? {}).find((n) => n.kind === 'screen_summary')
  const after = summary && 'next' in summary ? summary.next : undefined
  const now = new Date(`${c.asOf}T04:00:00Z`)
  const opening = content.texts['zh-Hans']['main.screen'] ?? '看看孩子能领什么'
  let input: Input = { kind: 'text', text: story && c.story ? c.story : opening }
  let state: ConversationState | null = null
  const transcript: string[] = []
  for (let turn = 1; turn <= MAX_TURNS; turn++) {
    transcript.push(
      `> ${input.kind === 'text' ? input.text : `[${input.kind === 'choice' ? input.id : ''}]`}`,
    )
    const r = step(content, state, input, now)
    state = r.state
    for (const reply of r.replies) transcript.push(reply.text)
    const shown =
      r.replies.some((reply) => reply.card !== undefined) ||
      (state.at?.flow === 'screen' && state.at.node === after)
    if (shown) return { turns: turn, transcript }
    const last = r.replies.at(-1)
    if (!last) return { turns: undefined, transcript }
    input = answer(content, c, state, last)
  }
  return { turns: undefined, transcript }
}

export interface Distribution {
  min: number
  median: number
  max: number
  /** Cases that never reached a result. */
  stuck: number
  /** Turns → how many cases took that many. */
  histogram: Map<number, number>
}

export function distribution(turns: (number | undefined)[]): Distribution {
  const reached = turns.filter((t): t is number => t !== undefined).sort((a, b) => a - b)
  const histogram = new Map<number, number>()
  for (const t of reached) histogram.set(t, (histogram.get(t) ?? 0) + 1)
  const mid = reached.length / 2
  const median =
    reached.length === 0
      ? NaN
      : reached.length % 2 === 1
        ? reached[Math.floor(mid)]!
        : (reached[mid - 1]! + reached[mid]!) / 2
  return {
    min: reached[0] ?? NaN,
    median,
    max: reached.at(-1) ?? NaN,
    stuck: turns.length - reached.length,
    histogram,
  }
}
