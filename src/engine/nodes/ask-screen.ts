/**
 * @module engine/nodes/ask-screen
 * Screening questions one at a time. src/policy picks each (the fact that settles most of what is
 * still open; sensitive ones last); the node words it with numbered choices and a progress line,
 * reads the answer by the question's kind, and says which entitlements the answer decided. 不清楚
 * is an answer: kept as null, never asked again. 为什么 between questions shows why the likely
 * measures so far are likely. When nothing left would change an answer, the flow moves on.
 */
import { z } from 'zod'
import { choice, render, type StepContext } from '../context.js'
import { waitKind, type Accepted, type Answer } from '../kind.js'
import type { Choice, Reply, Value } from '../types.js'
import { FACTS, type FactSpec, type FactValue } from '../../policy/facts.js'
import { nextQuestion, type NextQuestion } from '../../policy/next-question.js'
import { resolvePolicyRegion } from '../../policy/region.js'
import { screen, statuses, type ScreenRequest, type StatusOnly } from '../../policy/screen.js'
import type { PolicyBundle, Question, Result } from '../../policy/types.js'
import { parseAge } from '../../text/age.js'
import { extract } from '../../text/extract.js'
import { parseDate } from '../../text/date.js'
import { parseYears } from '../../text/numbers.js'
import { echoYesNo, parseYesNo } from '../../text/yes-no.js'
import { ask } from './fields.js'
import { labelled, matchChoice } from './match-choice.js'
import { bundleOf, cardWhy, isWhy, likely, requestOf, statusText } from './policy-chat.js'

/**
 * Screening questions one at a time, each chosen by src/policy as the most useful still open for
 * the region in `region`. Answers are kept in vars `<var>.<fact>` (null = 不清楚); when nothing
 * left would change an answer, on to `next`. `text` is the progress line (第{n}题，约还有{m}题).
 */
const schema = z.strictObject({
  kind: z.literal('ask_screen'),
  ...ask,
  /**
   * Results first: at most this many questions, then on to `next` (the result); with the var
   * `screen_more` set (the family asked for more questions), until nothing more would change.
   */
  ask: z.int().positive().optional(),
})
export type AskScreenNode = z.infer<typeof schema>

const UNKNOWN = 'unknown'
const YES_NO = ['yes', 'no', UNKNOWN] as const

/**
 * The next question for these answers (the request holds the date, so a day later is another
 * key). Worked out once and kept: a turn asks it for the answers before and after (accept, then
 * the next prompt), and every family in a region starts from the same first question. The most
 * recently used `KEEP` per bundle are kept.
 */
const KEEP = 500
const asked = new WeakMap<PolicyBundle, Map<string, NextQuestion | undefined>>()

function questionFor(bundle: PolicyBundle, request: ScreenRequest): NextQuestion | undefined {
  let known = asked.get(bundle)
  if (!known) asked.set(bundle, (known = new Map()))
  const key = JSON.stringify(request)
  const next = known.has(key) ? known.get(key) : nextQuestion(bundle, request)
  known.delete(key)
  known.set(key, next)
  if (known.size > KEEP) known.delete(known.keys().next().value!)
  return next
}

function pending(node: AskScreenNode, ctx: StepContext): NextQuestion | undefined {
  return questionFor(bundleOf(ctx), requestOf(ctx, node.var))
}

/** The var the family's "more questions" choice sets: no limit on the questions any more. */
export const SCREEN_MORE = 'screen_more'

/** How many answers the family's own words gave (src/engine/nodes/heard.ts): not questions asked. */
function heardCount(ctx: StepContext): number {
  const n = ctx.state.vars['heard_n']
  return typeof n === 'number' ? n : 0
}

/** The buttons: 是 / 不是 / 不清楚, the question's choices, or 不清楚 alone for a typed answer. */
function buttons(ctx: StepContext, q: Question): (Choice & { synonyms?: string[] })[] {
  if (q.kind === 'yes_no') return YES_NO.map((id) => choice(ctx, id, `choice.${id}`))
  const own = (q.choices ?? []).map((c) => ({
    id: String(c.value),
    label: c.label,
    ...(c.synonyms && { synonyms: c.synonyms }),
  }))
  return own.some((c) => c.id === UNKNOWN) ? own : [...own, choice(ctx, UNKNOWN, 'choice.unknown')]
}

/**
 * The answer as the fact's value; null for 不清楚; undefined when it is not an answer. An answer
 * the question's own reading does not take is read with the extractor too ("困难，穷得很" to
 * 家里经济上困难吗; "他爸坐牢了" to 孩子的爸爸现在怎么样), for the fact asked.
 */
function read(ctx: StepContext, q: Question, answer: Answer): FactValue | null | undefined {
  const value = readAs(ctx, q, answer)
  if (value !== undefined || answer.choice !== undefined) return value
  return extract(ctx.content.extract, answer.text).facts[q.fact]
}

function readAs(ctx: StepContext, q: Question, answer: Answer): FactValue | null | undefined {
  if (answer.choice === UNKNOWN || parseYesNo(answer.text, ctx.content.yesNo) === UNKNOWN)
    return null
  const spec: FactSpec = FACTS[q.fact]
  switch (q.kind) {
    case 'yes_no':
    case 'choice': {
      const options = buttons(ctx, q).map((c, i) =>
        labelled(c.id, [c.label, ...(c.synonyms ?? [])], ctx.content.t2s, i),
      )
      const i = matchChoice(options, answer)
      if (i === undefined) {
        if (q.kind === 'choice') return undefined
        // "困难" / "不困难" to 家里经济上困难吗: the question's own words, said or denied.
        const said =
          parseYesNo(answer.text, ctx.content.yesNo) ??
          echoYesNo(answer.text, ctx.content.policy.questions[q.fact].text)
        return said === 'yes' ? true : said === 'no' ? false : undefined
      }
      if (options[i]!.id === UNKNOWN) return null
      return q.kind === 'yes_no' ? i === 0 : q.choices![i]!.value
    }
    case 'date':
      return parseDate(answer.text)
    case 'age':
    case 'number': {
      if (spec.kind !== 'number') return undefined
      const n = q.kind === 'age' ? parseAge(answer.text) : parseYears(answer.text, spec.max)
      if (n === undefined) return undefined
      return n >= spec.min && n <= spec.max && (!spec.integer || Number.isInteger(n))
        ? n
        : undefined
    }
  }
}

/** What this answer decided: a line each for 符合, 可能符合 and 不符合, naming the measures. */
function decided(ctx: StepContext, before: StatusOnly[], after: StatusOnly[]): Reply[] {
  const groups: Record<'eligible' | 'review' | 'not_eligible', string[]> = {
    eligible: [],
    review: [],
    not_eligible: [],
  }
  after.forEach((r, i) => {
    if (before[i]!.status !== 'unknown' || r.status === 'unknown') return
    groups[r.status === 'eligible' && r.review ? 'review' : r.status].push(`「${r.name}」`)
  })
  const lines = Object.entries(groups)
    .filter(([, names]) => names.length > 0)
    .map(([group, names]) => render(ctx, `screen.decided.${group}`, { names: names.join('、') }))
  return lines.length > 0 ? [{ text: lines.join('\n') }] : []
}

/** 为什么 before the end: why each measure likely so far is likely, in a line each. */
function whySoFar(node: AskScreenNode, ctx: StepContext): Reply {
  const found = likely(screen(bundleOf(ctx), requestOf(ctx, node.var)).results)
  if (found.length === 0) return { text: render(ctx, 'screen.why.later') }
  const head = (r: Result): string =>
    render(ctx, 'screen.card.head', { name: r.name, status: statusText(ctx, r) })
  return { text: found.map((r) => `${head(r)}\n${cardWhy(ctx, r)}`).join('\n') }
}

/**
 * Results first: how many questions before the first result — the node's `ask` once something
 * is likely, twice as many while nothing is yet (an empty first result helps nobody) — unless the
 * family asked for more (then until nothing more would change an answer).
 */
function cap(node: AskScreenNode, ctx: StepContext, now: StatusOnly[]): number {
  if (node.ask === undefined || ctx.state.vars[SCREEN_MORE] === true) return Infinity
  return now.some((r) => r.status === 'eligible') ? node.ask : 2 * node.ask
}

export const askScreen = waitKind(schema, {
  // Families explain in sentences: one the bot cannot read is asked again, not taken for danger.
  picks: false,
  texts: [
    'retry.ask_screen.age',
    'retry.ask_screen.number',
    'retry.ask_screen.date',
    'screen.progress_last',
    'screen.nothing_to_ask',
    'screen.see_result',
    'screen.decided.eligible',
    'screen.decided.review',
    'screen.decided.not_eligible',
    'screen.why.later',
  ],
  prompt(node, ctx) {
    const q = pending(node, ctx)
    // 接着回答 when nothing is left: one button on to the result (any answer goes there).
    if (!q)
      return {
        text: render(ctx, 'screen.nothing_to_ask'),
        choices: [choice(ctx, 'result', 'screen.see_result')],
      }
    const request = requestOf(ctx, node.var)
    const { region, answered: known } = request
    const answered = Math.max(0, known - heardCount(ctx))
    const left =
      Math.min(q.remaining, cap(node, ctx, statuses(bundleOf(ctx), request)) - answered) - 1
    const progress: Record<string, Value> = { n: answered + 1, m: left }
    const lines = [
      render(ctx, left > 0 ? node.text : 'screen.progress_last', progress),
      q.question.text,
    ]
    const { notice } = resolvePolicyRegion(bundleOf(ctx), region)
    if (answered === 0 && notice !== undefined) lines.unshift(notice)
    return {
      text: lines.join('\n'),
      choices: buttons(ctx, q.question).map(({ id, label }) => ({ id, label })),
    }
  },
  accept(node, answer, ctx): Accepted | undefined {
    if (isWhy(answer)) return { aside: true, say: [whySoFar(node, ctx)] }
    const bundle = bundleOf(ctx)
    const request = requestOf(ctx, node.var)
    const q = pending(node, ctx)
    if (!q) return { value: null }
    const value = read(ctx, q.question, answer)
    if (value === undefined) return undefined
    const after: ScreenRequest & { answered: number } = {
      ...request,
      answered: request.answered + 1,
      facts: value === null ? request.facts : { ...request.facts, [q.fact]: value },
      unknownFacts: value === null ? [...request.unknownFacts!, q.fact] : request.unknownFacts,
    }
    const now = statuses(bundle, after)
    const asked = after.answered - heardCount(ctx)
    const more = questionFor(bundle, after) !== undefined && asked < cap(node, ctx, now)
    return {
      value: q.fact,
      set: { [`${node.var}.${q.fact}`]: value },
      say: decided(ctx, statuses(bundle, request), now),
      // Asked again (the next question) until nothing more would change an answer.
      ...(more && { next: ctx.state.at!.node }),
    }
  },
  retry: 'retry.ask_screen',
  retryFor(node, ctx) {
    const kind = pending(node, ctx)?.question.kind
    return kind === 'age' || kind === 'number' || kind === 'date'
      ? `retry.ask_screen.${kind}`
      : 'retry.ask_screen'
  },
})
