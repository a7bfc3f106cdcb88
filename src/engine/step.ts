/**
 * @module engine/step
 * The flow interpreter: `step(content, state, input, now) → { state, replies, effects, events }`.
 * Pure: the same arguments give the same result, and nothing outside is read or written.
 *
 * The order of precedence for each input is the list PRECEDENCE below (after an operator's
 * action, engine/operator.ts), the same as the README's "Precedence on every input".
 */
import { choice, render, type StepContext } from './context.js'
import { COMMAND_PREFIX, matchCommand, menuPick } from './commands.js'
import type { Answer } from './kind.js'
import { isWait, stepKind, stepKinds, waitKind } from './registry.js'
import { assertNever } from './assert-never.js'
import { holdsAny, isTraditional, normalize } from '../text/normalize.js'
import { parseYesNo } from '../text/yes-no.js'
import { extract } from '../text/extract.js'
import { HEARD } from './nodes/heard.js'
import { classify } from '../triage/classify.js'
import { NATIONAL, resolveRegion } from '../triage/regions.js'
import { ambulanceEntry, policeEntry, toContact } from '../triage/route.js'
import { contactCard, inScript } from './nodes/contacts.js'
import { operatorTurn } from './operator.js'
import { openResult } from './result.js'
import { firstAction } from '../triage/triage.js'
import type { Classification } from '../triage/types.js'
import type {
  AskNode,
  CommandId,
  CompiledContent,
  ConversationState,
  Input,
  Lang,
  Reply,
  ResultLookup,
  StepResult,
  Vars,
} from './types.js'

const MAX_STEPS = 200
const MAX_HISTORY = 12
const RESUME_YES = 'resume:yes'
const RESUME_NO = 'resume:no'

export function initialState(lang: Lang = 'zh-Hans'): ConversationState {
  return {
    v: 1,
    at: null,
    stack: [],
    vars: {},
    mode: 'bot',
    lang,
    invalid: 0,
    history: [],
    lastInputAt: null,
    resuming: false,
    owner: null,
  }
}

export function step(
  content: CompiledContent,
  prior: ConversationState | null | undefined,
  input: Input,
  now: Date,
): StepResult {
  const base = prior?.v === 1 ? prior : initialState()
  // Field by field: an object spread here is V8's slow generic copy, about a fifth of a turn. The
  // `satisfies` makes a field added to ConversationState and missing here a compile error.
  const state: ConversationState = {
    v: base.v,
    at: base.at,
    stack: [...base.stack],
    vars: { ...base.vars },
    mode: base.mode,
    lang: base.lang,
    invalid: base.invalid,
    history: [...base.history],
    lastInputAt: base.lastInputAt,
    resuming: base.resuming,
    owner: base.owner ?? null,
  } satisfies Record<keyof ConversationState, unknown>
  const ctx: StepContext = {
    content,
    state,
    replies: [],
    effects: [],
    events: [],
    now: now.getTime(),
  }
  if (input.kind === 'operator') {
    // Not the user's words: no language guess, no danger scan, and the user's idle clock stands.
    operatorTurn(ctx, input, (flow) => resetTo(ctx, flow))
    return { state, replies: ctx.replies, effects: ctx.effects, events: ctx.events }
  }
  const raw = input.kind === 'text' ? input.text : ''
  // A result code says nothing about the language the person reads.
  const code = input.kind === 'text' && input.result !== undefined
  state.lang = input.lang ?? (code ? state.lang : detectLang(content, raw, state.lang))
  if (input.kind === 'text' && input.unsupported === true)
    ctx.replies.push({ text: render(ctx, 'channel.unsupported') })
  const answer: Answer = { text: normalize(raw, content.t2s), raw }
  if (input.kind === 'choice') answer.choice = input.id

  const idle =
    state.lastInputAt !== null &&
    now.getTime() - state.lastInputAt > content.settings.idleHours * 3600_000
  state.lastInputAt = now.getTime()
  const region =
    input.region && content.regions.find((r) => r.slug === input.region || r.code === input.region)
  if (region && state.vars['region'] === undefined) state.vars['region'] = region.slug
  handle(ctx, answer, { idle, result: input.kind === 'text' ? input.result : undefined })
  // Contact cards in the script of the words around them.
  if (state.lang === 'zh-Hant')
    ctx.replies = ctx.replies.map((r) =>
      r.contacts ? { ...r, contacts: r.contacts.map((c) => inScript(content, state.lang, c)) } : r,
    )
  return { state, replies: ctx.replies, effects: ctx.effects, events: ctx.events }
}

const HAN = /\p{Script=Han}/gu
const ANY_HAN = /\p{Script=Han}/u
const LATIN = /[a-z]/gi
const LATIN_LETTER = /[a-z]/i
/** A word of three letters with a lower-case one, or a shouted message ("HELP!!"); not TH-2026-ABC. */
const LATIN_WORDS = /[A-Za-z]*[a-z][A-Za-z]*/g
const SHOUTED = /^[A-Z][A-Z !?.,']{2,}$/

/**
 * The language a message is written in, where it tells: Traditional or simplified-only characters,
 * or English (a word of three letters or more with a lower-case one, or a shouted "HELP", and Latin
 * letters outnumbering Chinese characters two to one: "my nainai 不见了" is English; "ok", "1" and a
 * case number change nothing).
 */
function detectLang(content: CompiledContent, raw: string, current: Lang): Lang {
  // Most messages hold no Latin letter: they skip the regular expressions below.
  if (
    LATIN_LETTER.test(raw) &&
    ((raw.match(LATIN_WORDS) ?? []).some((w) => w.length >= 3) || SHOUTED.test(raw.trim()))
  ) {
    const han = raw.match(HAN)?.length ?? 0
    if ((raw.match(LATIN)?.length ?? 0) > 2 * han) return 'en'
  }
  if (isTraditional(raw, content.t2s)) return 'zh-Hant'
  if (holdsAny(raw, content.simplifiedOnly)) return 'zh-Hans'
  return current === 'en' && ANY_HAN.test(raw) ? 'zh-Hans' : current
}

/** One user input as the guards of precedence see it. */
interface Turn {
  ctx: StepContext
  answer: Answer
  /** Silent longer than the idle limit (content/settings.yaml `idleHours`). */
  idle: boolean
  /** A result code the host looked up. */
  result: ResultLookup | undefined
  /** What triage read in the message (nothing for a button or an empty message). */
  verdict: Classification | undefined
  /** An emergency or urgent danger triage read in it. */
  hit: Classification | undefined
}

/** A step of precedence: it takes the input (true: the turn ends there) or leaves it to the next. */
type Guard = (turn: Turn) => boolean

/** Danger: 110 first, always, and the operators' queue. The input goes on to the next guards. */
function dangerFirst({ ctx, answer, hit }: Turn): boolean {
  if (!hit) return false
  const urgency = hit.urgency === 'emergency' ? 'emergency' : 'urgent'
  ctx.events.push({ type: 'danger_detected', urgency, rules: hit.rules, hurt: hit.hurt })
  ctx.replies.push(triageReply(ctx, hit))
  remember(ctx, answer.raw, hit)
  // A person should see it too: the operators' queue (raised to this urgency if already there).
  ctx.effects.push({
    type: 'queue_handoff',
    reason: hit.support ? 'self_harm' : 'danger',
    urgency,
  })
  return false
}

/** Queued for, or talking with, an operator: the bot keeps quiet (see handleHandoffMode). */
function handoffMode({ ctx, answer }: Turn): boolean {
  if (ctx.state.mode === 'bot') return false
  handleHandoffMode(ctx, answer)
  return true
}

/** 菜单 返回 人工 重新开始 退出 删除我的记录; a channel menu's `menu:<choice>` is 菜单, then that choice. */
function globalCommand({ ctx, answer }: Turn): boolean {
  const command = matchCommand(ctx.content, answer)
  if (!command) return false
  ctx.events.push({ type: 'command_used', command })
  runCommand(ctx, command)
  // A channel menu's item: the main menu, then its choice (an unknown one leaves the menu shown).
  const pick = menuPick(answer)
  if (pick !== undefined) tryAnswer(ctx, { ...answer, choice: pick }, { menuShown: true })
  return true
}

/** Danger where the flow is interrupted by it: to the danger (or support) flow, and back after. */
function dangerInterrupt({ ctx, hit }: Turn): boolean {
  if (!hit || dangerMode(ctx) !== 'interrupt') return false
  interrupt(ctx, hit.support ? ctx.content.entry.support : ctx.content.entry.danger)
  return true
}

/** A result code: the kept result shown again (engine/result.ts). */
function resultCode({ ctx, result }: Turn): boolean {
  if (!result) return false
  openResult(
    ctx,
    result,
    (flow) => resetTo(ctx, flow),
    () => promptAt(ctx),
  )
  return true
}

/** The answer to "continue where you left off?". */
function resumeAnswer({ ctx, answer }: Turn): boolean {
  if (!ctx.state.resuming) return false
  answerResume(ctx, answer)
  return true
}

/** Back after the idle limit, in the middle of a flow: "continue where you left off?". */
function idlePrompt({ ctx, idle }: Turn): boolean {
  if (!idle || ctx.state.at === null || atMenu(ctx)) return false
  ctx.state.resuming = true
  ctx.events.push({ type: 'session_expired' })
  ctx.replies.push(resumePrompt(ctx))
  return true
}

/** An empty message (a page just opened) repeats the question; it is not a wrong answer. */
function emptyMessage({ ctx, answer }: Turn): boolean {
  if (answer.raw.trim() || answer.choice !== undefined) return false
  promptAt(ctx)
  return true
}

/** The first message, or one at the main menu (see answerAtMenu). */
function atMainMenu({ ctx, answer, verdict }: Turn): boolean {
  if (ctx.state.at !== null && !atMenu(ctx)) return false
  answerAtMenu(ctx, answer, verdict)
  return true
}

/**
 * The question that is waiting. Nothing matched a report-length message: if the bot cannot read
 * it as an answer either, it asks about danger rather than say "没看明白" (a word list misses new
 * wording; see README).
 */
function waitingQuestion({ ctx, answer, verdict }: Turn): boolean {
  const deferred = verdict?.unsure === true && dangerMode(ctx) === 'interrupt' && picksAnswer(ctx)
  if (!tryAnswer(ctx, answer, { deferred }) && deferred) {
    remember(ctx, answer.raw)
    askAboutDanger(ctx)
  }
  return true
}

/**
 * The order of precedence for a user's input, as the README lists it ("Precedence on every
 * input"); an operator's action comes before all of them (see `step`). The first guard that takes
 * the input ends the turn.
 */
const PRECEDENCE: readonly Guard[] = [
  dangerFirst,
  // An answer to a question that has since changed is not read against the new one.
  ({ ctx }) => dropStaleFrames(ctx),
  ({ ctx, answer }) => pressMenuFlow(ctx, answer),
  handoffMode,
  globalCommand,
  dangerInterrupt,
  resultCode,
  resumeAnswer,
  idlePrompt,
  emptyMessage,
  atMainMenu,
  waitingQuestion,
]

function handle(
  ctx: StepContext,
  answer: Answer,
  { idle, result }: Pick<Turn, 'idle' | 'result'>,
): void {
  if (waitingNode(ctx)?.private === true && answer.raw.trim() !== '')
    ctx.events.push({ type: 'private_answer' })
  const verdict = answer.raw.trim() ? classify(ctx.content.triage, answer.raw) : undefined
  const hit =
    verdict?.urgency === 'emergency' || verdict?.urgency === 'urgent' ? verdict : undefined
  const turn: Turn = { ctx, answer, idle, result, verdict, hit }
  for (const guard of PRECEDENCE) if (guard(turn)) return
}

const DIGITS_ONLY = /^\d+$/
/** The main menu's choice that opens a report (flows/main.yaml). */
const REPORT_CHOICE = 'report'

/**
 * The vars in which the engine keeps what the user wrote and what triage read in it. Flows read
 * them by these names: report.yaml copies them into its answers and clears them once the case is
 * open; check.yaml sets the danger ones when the person says there is danger; support.yaml speaks
 * to the child or to the adult by `story_self`.
 */
const STORY = {
  text: 'story',
  /** The danger reply (110) was shown. */
  told110: 'told_110',
  /** Triage read an emergency: the child is in danger now. */
  danger: 'story_danger',
  hurt: 'story_hurt',
  /** The writer is the child. */
  self: 'story_self',
} as const

/**
 * The first message, or a message at the menu. A menu item it names ("我要举报") is followed, and
 * so is a wish the extractor reads in a sentence ("能领啥钱不？" → the screening). Words that tell
 * the family's situation are kept in var `heard` for the screening to read
 * (src/engine/nodes/heard.ts). A concern the classifier read gets its advice, then the wish of the
 * same sentence if it had one, else the offer to report it. Anything else the bot cannot place
 * (not a benefit question, a question about a service, a greeting, a yes or no, or a number) gets
 * the safety line first: is a child in danger now? 110 if so. Whatever it was, its words are kept
 * (`story`) and read again once the person says what they want.
 */
function answerAtMenu(ctx: StepContext, answer: Answer, verdict: Classification | undefined): void {
  const first = ctx.state.at === null
  if (first) enterFlow(ctx, ctx.content.entry.main)
  const digits = DIGITS_ONLY.test(answer.text)
  const heard = digits ? undefined : extract(ctx.content.extract, answer.text)
  if (heard && (heard.said.length > 0 || heard.region !== undefined)) keepHeard(ctx, answer.raw)
  if (
    first
      ? answer.text !== '' && !digits && tryAnswer(ctx, answer, { menuShown: true })
      : tryAnswer(ctx, answer, { deferred: true })
  )
    return
  const wish =
    heard?.intent ??
    (verdict?.benefit === true && verdict.urgency === 'none' ? 'screen' : undefined)
  if (wish !== undefined && verdict?.urgency === 'none') {
    // A report asked for in a sentence: the report does not ask again what it said.
    if (wish === REPORT_CHOICE) remember(ctx, answer.raw)
    if (tryAnswer(ctx, { ...answer, choice: wish }, { menuShown: first })) return
  }
  const placed =
    verdict === undefined ||
    digits ||
    parseYesNo(answer.text, ctx.content.yesNo) !== undefined ||
    (verdict.urgency === 'none' && (verdict.benefit || verdict.greeting || verdict.info))
  if (placed) {
    const menu = waitingNode(ctx)
    if (!first && menu) reask(ctx, menu)
    return
  }
  // The menu just shown at first contact gives way: the answer to what they wrote comes first.
  if (first) ctx.replies.pop()
  remember(ctx, answer.raw)
  if (verdict.urgency === 'standard') {
    ctx.replies.push(triageReply(ctx, verdict))
    // A concern beside a wish ("大人住院了…能领什么"): its advice, then what they asked for.
    if (wish !== undefined && tryAnswer(ctx, { ...answer, choice: wish }, { deferred: true }))
      return
    interrupt(ctx, ctx.content.entry.danger)
  } else askAboutDanger(ctx)
}

/** Keeps words that tell the family's situation for the screening (var `heard`). */
function keepHeard(ctx: StepContext, raw: string): void {
  const before = ctx.state.vars[HEARD]
  const text = raw.trim()
  const kept = typeof before === 'string' && before !== '' ? before : undefined
  if (kept?.split('\n').includes(text)) return
  ctx.state.vars[HEARD] = (kept ? `${kept}\n${text}` : text).slice(
    0,
    ctx.content.settings.maxTextLength,
  )
}

/**
 * Keeps what the user wrote for the report (vars `story`, and `story_*` for what triage read in
 * it), so that a report never asks again what the first message said.
 */
function remember(ctx: StepContext, raw: string, hit?: Classification): void {
  const vars = ctx.state.vars
  const text = raw.trim()
  if (text === '' || DIGITS_ONLY.test(text)) return
  const before = vars[STORY.text]
  const story = typeof before === 'string' && before !== '' ? before : undefined
  if (!story?.includes(text))
    vars[STORY.text] = (story ? `${story}\n${text}` : text).slice(
      0,
      ctx.content.settings.maxTextLength,
    )
  if (!hit) return
  vars[STORY.told110] = true
  // Who wrote the latest danger (the child, or someone about a child) decides how support speaks.
  vars[STORY.self] = hit.selfReport
  if (hit.urgency === 'emergency') vars[STORY.danger] = true
  if (hit.hurt) vars[STORY.hurt] = true
}

function picksAnswer(ctx: StepContext): boolean {
  const node = waitingNode(ctx)
  return node !== undefined && waitKind(node.kind).picks
}

/** A message the bot could not place, and the classifier could not clear: is a child in danger? */
function askAboutDanger(ctx: StepContext): void {
  // 110, and 120 in case someone is hurt: the words could not tell us which.
  const lines = [policeEntry(ctx.content.triage), ambulanceEntry(ctx.content.triage)].flatMap(
    (e) => (e ? [contactCard(toContact(e))] : []),
  )
  ctx.events.push({ type: 'danger_unsure' })
  ctx.replies.push({
    text: render(ctx, 'triage.first.unsure'),
    ...(lines.length > 0 && { contacts: lines }),
  })
  interrupt(ctx, ctx.content.entry.check)
}

/**
 * The routed first action for what triage read (110 first for danger; 120 too when someone is
 * hurt; 12355 beside them for suicide), in the user's language. An alarm (`urgent`) for danger,
 * except that a support concern (thoughts of suicide) without harm under way gets a warm reply.
 */
function triageReply(ctx: StepContext, verdict: Classification): Reply {
  const region = ctx.state.vars['region']
  const resolved =
    typeof region === 'string' ? resolveRegion(ctx.content.triage, region) : undefined
  const action = firstAction(ctx.content.triage, verdict, resolved?.chain ?? [NATIONAL])
  const alarm = verdict.support
    ? verdict.immediate
    : verdict.urgency === 'emergency' || verdict.urgency === 'urgent'
  return {
    text: action.textKeys.map((key) => render(ctx, key)).join('\n'),
    contacts: action.contacts.map(contactCard),
    ...(alarm && { urgent: true as const }),
  }
}

function dangerMode(ctx: StepContext): 'interrupt' | 'inline' {
  const at = ctx.state.at
  if (at === null) return 'interrupt'
  if (at.flow === ctx.content.entry.danger) return 'inline'
  return ctx.content.flows[at.flow]?.danger ?? 'interrupt'
}

/**
 * Queued for, or talking with, an operator: the bot answers only to leave. What the user writes
 * meanwhile is kept in the transcript for the operator.
 */
function handleHandoffMode(ctx: StepContext, answer: Answer): void {
  const { state } = ctx
  const command = matchCommand(ctx.content, answer)
  const empty = !answer.raw.trim() && answer.choice === undefined
  if (state.mode === 'operator') {
    if (command === undefined || command === 'human') return
    // 结束人工, 退出, 菜单…: the talk ends, the operator is told, the command is carried out.
    ctx.effects.push({ type: 'close_handoff', by: 'user' })
    ctx.events.push({ type: 'operator_left' })
    state.mode = 'bot'
    state.owner = null
    ctx.replies.push({ text: render(ctx, 'handoff.user_ended') })
    runCommand(ctx, command === 'back' ? 'menu' : command)
    return
  }
  if (command === 'human' || empty) {
    ctx.replies.push({ text: render(ctx, 'handoff.still_queued') })
  } else if (command !== undefined) {
    ctx.effects.push({ type: 'cancel_handoff' })
    state.mode = 'bot'
    ctx.replies.push({ text: render(ctx, 'handoff.cancelled') })
    // 返回 from the queue goes back to the menu: the question before it was the hand-off itself.
    runCommand(ctx, command === 'back' ? 'menu' : command)
  }
}

function runCommand(ctx: StepContext, command: CommandId): void {
  const { state, content } = ctx
  state.invalid = 0
  state.resuming = false
  switch (command) {
    case 'menu':
      resetTo(ctx, content.entry.main)
      return
    case 'restart':
      state.vars = {}
      state.history = []
      ctx.replies.push({ text: render(ctx, 'command.restarted') })
      resetTo(ctx, content.entry.main)
      return
    case 'exit': {
      ctx.replies.push({ text: render(ctx, 'command.exit') })
      const fresh = initialState(state.lang)
      Object.assign(state, { ...fresh, lastInputAt: state.lastInputAt })
      return
    }
    case 'human':
      resetTo(ctx, content.entry.human)
      return
    case 'erase':
      resetTo(ctx, content.entry.erase)
      return
    case 'back': {
      const previous = state.history.pop()
      if (!previous) {
        resetTo(ctx, content.entry.main)
        return
      }
      state.at = previous.at
      state.stack = [...previous.stack]
      for (const name of previous.unset ?? []) delete state.vars[name]
      Object.assign(state.vars, previous.restore)
      promptAt(ctx)
      return
    }
    default:
      assertNever(command)
  }
}

function resetTo(ctx: StepContext, flow: string): void {
  ctx.state.at = null
  ctx.state.stack = []
  enterFlow(ctx, flow)
}

function interrupt(ctx: StepContext, flow: string): void {
  const { state } = ctx
  if (state.at !== null) state.stack.push(state.at)
  state.at = null
  state.invalid = 0
  enterFlow(ctx, flow)
}

/**
 * A channel menu's item that names a flow (`menu:emergency`, 紧急求助): it comes first wherever the
 * user is, like danger. Queued for or talking with a person, the user stays there and is shown the
 * flow's first words (the 110 card). False for anything else: a main-menu choice (`menu:screen`) is
 * the 菜单 command and then that choice (see `handle`).
 */
function pressMenuFlow(ctx: StepContext, answer: Answer): boolean {
  const { state, content } = ctx
  const id = menuPick(answer)
  if (id === undefined) return false
  const main = content.flows[content.entry.main]
  const menu = main?.nodes[main.start]
  if (menu && 'choices' in menu && menu.choices?.some((c) => c.id === id)) return false
  const flow = content.flows[id]
  if (!flow || flow.id === content.entry.main) return false
  ctx.events.push({ type: 'command_used', command: 'menu' })
  state.invalid = 0
  state.resuming = false
  const first = flow.nodes[flow.start]
  if (state.mode === 'bot') interrupt(ctx, flow.id)
  else if (first?.kind === 'say') stepKinds.say.run(first, ctx)
  return true
}

function atMenu(ctx: StepContext): boolean {
  const { at, stack } = ctx.state
  const main = ctx.content.flows[ctx.content.entry.main]
  return at !== null && stack.length === 0 && at.flow === main?.id && at.node === main.start
}

function resumePrompt(ctx: StepContext): Reply {
  return {
    text: render(ctx, 'resume.prompt'),
    choices: [choice(ctx, RESUME_YES, 'resume.yes'), choice(ctx, RESUME_NO, 'resume.no')],
  }
}

function answerResume(ctx: StepContext, answer: Answer): void {
  const said =
    answer.choice ??
    (answer.text === '1' ? RESUME_YES : answer.text === '2' ? RESUME_NO : undefined) ??
    { yes: RESUME_YES, no: RESUME_NO, unknown: undefined }[
      parseYesNo(answer.text, ctx.content.yesNo) ?? 'unknown'
    ]
  if (said === RESUME_YES) {
    ctx.state.resuming = false
    promptAt(ctx)
  } else if (said === RESUME_NO) {
    ctx.state.resuming = false
    resetTo(ctx, ctx.content.entry.main)
  } else {
    ctx.replies.push(resumePrompt(ctx))
  }
}

/** After a flow changes, a frame whose flow version or node no longer matches is not resumed. */
function dropStaleFrames(ctx: StepContext): boolean {
  const { state, content } = ctx
  const frames = [...state.stack, ...(state.at ? [state.at] : [])]
  const stale = frames.findIndex((f) => {
    const flow = content.flows[f.flow]
    return flow === undefined || flow.version !== f.version || flow.nodes[f.node] === undefined
  })
  if (stale < 0) return false
  const frame = frames[stale]!
  const flow = content.flows[frame.flow]
  const changed = flow !== undefined && flow.version !== frame.version
  ctx.events.push({
    type: 'flow_restarted',
    flow: frame.flow,
    reason: changed ? 'version_changed' : 'node_missing',
  })
  ctx.replies.push({ text: render(ctx, 'flow.restarted') })
  state.stack = frames.slice(0, stale)
  state.at = null
  state.history = []
  state.invalid = 0
  state.resuming = false
  const restartAt = flow !== undefined && state.stack.length > 0 ? frame.flow : content.entry.main
  state.stack = flow !== undefined ? state.stack : []
  enterFlow(ctx, restartAt)
  return true
}

function waitingNode(ctx: StepContext): AskNode | undefined {
  const at = ctx.state.at
  const node = at ? ctx.content.flows[at.flow]?.nodes[at.node] : undefined
  return node && isWait(node) ? node : undefined
}

function prompt(node: AskNode, ctx: StepContext): Reply {
  return withFooter(ctx, waitKind(node.kind).prompt(node, ctx))
}

/** A flow's footer (the report flow's "孩子有危险请先拨打110") under each of its questions. */
function withFooter(ctx: StepContext, reply: Reply): Reply {
  const at = ctx.state.at
  const footer = at ? ctx.content.flows[at.flow]?.footer : undefined
  return footer === undefined ? reply : { ...reply, text: `${reply.text}\n${render(ctx, footer)}` }
}

function retryText(node: AskNode, ctx: StepContext): string {
  const kind = waitKind(node.kind)
  return kind.retryFor?.(node, ctx) ?? kind.retry
}

interface AnswerOptions {
  /**
   * The menu was just shown (a first message, a channel menu's item): an answer taken replaces
   * it with where the answer leads; a wrong one leaves it, not re-asked.
   */
  menuShown?: boolean
  /** A wrong answer is the caller's to answer: not re-asked. */
  deferred?: boolean
}

/** Reads the answer against the waiting question and says whether it was taken. */
function tryAnswer(
  ctx: StepContext,
  answer: Answer,
  { menuShown = false, deferred = false }: AnswerOptions = {},
): boolean {
  const { state } = ctx
  const node = waitingNode(ctx)
  if (!node || !state.at) return false
  const accepted = waitKind(node.kind).accept(node, answer, ctx)
  if (accepted?.aside) {
    // A side question (为什么, a measure explained): answered, then the same question again.
    state.invalid = 0
    ctx.replies.push(...accepted.say, prompt(node, ctx))
    return true
  }
  if (accepted) {
    if (menuShown) ctx.replies.pop() // replace the menu we just showed with where the answer leads
    const set: Vars = { ...accepted.set, [node.var]: accepted.value }
    const unset = accepted.unset ?? []
    state.history.push({
      at: state.at,
      stack: [...state.stack],
      ...before(state.vars, set, unset),
    })
    if (state.history.length > MAX_HISTORY) state.history.shift()
    for (const name of unset) delete state.vars[name]
    Object.assign(state.vars, set)
    state.invalid = 0
    if (accepted.say) ctx.replies.push(...accepted.say)
    advance(ctx, state.at.flow, accepted.next ?? node.next)
    return true
  }
  if (!menuShown && !deferred) reask(ctx, node)
  return false
}

/**
 * A wrong answer: counted, and the question asked again more simply. After a few, the question
 * itself comes back, shorter (its last line: the question without the progress or the intro),
 * with its choices and a way out (转人工, 回到菜单): a question is never dropped.
 */
function reask(ctx: StepContext, node: AskNode): void {
  const { state } = ctx
  state.invalid += 1
  ctx.events.push({ type: 'input_rejected', node: state.at?.node ?? '', count: state.invalid })
  const again = waitKind(node.kind).prompt(node, ctx)
  const reply: Reply = { text: render(ctx, node.retry ?? retryText(node, ctx)) }
  const choices = again.choices ?? []
  if (state.invalid >= ctx.content.settings.maxInvalid) {
    reply.text = `${again.text.split('\n').at(-1) ?? reply.text}\n${render(ctx, 'retry.stuck')}`
    const ways = [
      choice(ctx, COMMAND_PREFIX + 'human', 'command.human'),
      choice(ctx, COMMAND_PREFIX + 'menu', 'command.menu'),
    ]
    // The question may already offer one of them (the menu has 转人工): say it once.
    for (const way of ways) if (!choices.some((c) => c.label === way.label)) choices.push(way)
  }
  if (choices.length > 0) reply.choices = choices
  ctx.replies.push(withFooter(ctx, reply))
}

/**
 * What `set` will overwrite and `taken` take away, so that 返回 can put it back: the old values,
 * and the vars it adds.
 */
function before(vars: Vars, set: Vars, taken: string[]): { restore?: Vars; unset?: string[] } {
  const restore: Vars = {}
  const unset: string[] = []
  for (const key of [...Object.keys(set), ...taken]) {
    if (Object.hasOwn(vars, key)) restore[key] = vars[key]!
    else if (Object.hasOwn(set, key)) unset.push(key)
  }
  return {
    ...(Object.keys(restore).length > 0 && { restore }),
    ...(unset.length > 0 && { unset }),
  }
}

/** Re-asks the question the conversation is waiting on. */
function promptAt(ctx: StepContext): void {
  const node = waitingNode(ctx)
  if (node) ctx.replies.push(prompt(node, ctx))
  else resetTo(ctx, ctx.content.entry.main)
}

function enterFlow(ctx: StepContext, flowId: string): void {
  const flow = ctx.content.flows[flowId]
  if (!flow) {
    ctx.events.push({ type: 'content_error', detail: `missing flow ${flowId}` })
    ctx.replies.push({ text: render(ctx, 'fallback') })
    return
  }
  advance(ctx, flowId, flow.start)
}

/** Runs step nodes from `nodeId` until one waits for input or every flow has ended. */
function advance(ctx: StepContext, flowId: string, nodeId: string | undefined): void {
  const { state, content } = ctx
  let flow = content.flows[flowId]
  let current = nodeId
  for (let i = 0; i < MAX_STEPS && flow; i++) {
    if (current === undefined) {
      const caller = state.stack.pop()
      if (!caller) {
        state.at = null
        const last = ctx.replies.at(-1)
        if (last && !last.choices)
          last.choices = [choice(ctx, COMMAND_PREFIX + 'menu', 'command.menu')]
        return
      }
      flow = content.flows[caller.flow]
      const callerNode = flow?.nodes[caller.node]
      if (callerNode && isWait(callerNode)) {
        state.at = caller
        ctx.replies.push(prompt(callerNode, ctx))
        return
      }
      current = callerNode && 'next' in callerNode ? callerNode.next : undefined
      continue
    }
    const node: Parameters<typeof isWait>[0] | undefined = flow.nodes[current]
    if (!node) break
    if (isWait(node)) {
      if (node.skipIfKnown === true && state.vars[node.var] !== undefined) {
        current = node.next
        continue
      }
      state.at = { flow: flow.id, version: flow.version, node: current }
      ctx.replies.push(prompt(node, ctx))
      return
    }
    const t = stepKind(node.kind).run(node, ctx)
    if (state.mode !== 'bot') {
      // Handed to a person: the bot stops here and resumes from the menu when handed back.
      state.at = null
      state.stack = []
      return
    }
    switch (t.to) {
      case 'node':
        current = t.node
        break
      case 'end':
        current = undefined
        break
      case 'call': {
        state.stack.push({ flow: flow.id, version: flow.version, node: current })
        flow = content.flows[t.flow]
        current = flow?.start
        break
      }
      default:
        assertNever(t)
    }
  }
  ctx.events.push({ type: 'content_error', detail: `flow ${flowId} did not reach a question` })
  ctx.replies.push({
    text: render(ctx, 'fallback'),
    choices: [choice(ctx, COMMAND_PREFIX + 'human', 'command.human')],
  })
  state.at = null
  state.stack = []
}
