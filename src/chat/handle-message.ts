/**
 * @module chat/handle-message
 * Carries out one inbound message: store it (deduplicated by the channel's message id), run the
 * engine, commit the turn, and only then answer. A conflict (another turn of the same user got
 * there first) reloads and runs again; a duplicate gets the first answer back.
 *
 * The message is handed to the store before the engine runs, and the turn after it. On the file
 * database the two usually share one commit, the message in its own savepoint first: one fsync a
 * turn, and a message whose turn fails (a conflict, a bug in a flow) stays stored as pending, to
 * be answered at the next start. Nothing of a turn is seen (no reply, no effect) before the commit
 * that holds both.
 */
import { step } from '../engine/step.js'
import type {
  CompiledContent,
  EngineEvent,
  Input,
  Lang,
  Mode,
  OperatorInput,
  QueueUrgency,
  Reply,
} from '../engine/types.js'
import type { ConversationStore, InboundRecord } from '../store/conversations.js'
import type { QueueEntry } from '../store/handoffs.js'
import { StoreError, type Stmt } from '../store/driver.js'
import { applyReportEffects } from '../reports/chat-effects.js'
import { keepResults, lookUpResult } from '../results/chat.js'
import type { ReportServices } from '../reports/services.js'
import { KeyedQueue } from './keyed-queue.js'
import type { Live } from './live.js'
import type { Logger } from './log.js'
import type { Counters } from './metrics.js'
import { ownerAway, queueNotice, withNotice, type QueueServices } from './queue-notice.js'
import { conversationRef } from '../store/ref.js'
import { conversationId, messageId } from './ids.js'

const MAX_ATTEMPTS = 8
/** A message left pending this long is not answered at a restart any more (see recoverPending). */
export const PENDING_MAX_AGE_MS = 72 * 3600_000

export interface ChatDeps {
  store: ConversationStore
  content: CompiledContent
  clock: () => Date
  ids: () => string
  log: Logger
  metrics: Counters
  /**
   * Cases and encryption. With it, what a user typed (the stored message) and what they were told
   * (the stored answer, which can hold a PIN) are sealed at rest. Without it a report cannot be
   * taken: a turn that opens a case fails (the message stays pending) rather than dropping it.
   */
  reports?: ReportServices
  /**
   * Who is waiting and who is signed in, for what a user in the queue is told. Without it the user
   * is told that no one is online (which is then true).
   */
  queue?: QueueServices
  /**
   * The contacts directory as supervisors keep it (console/directory.ts): each turn routes with
   * the content it gives. Without it, content's directory only.
   */
  directory?: { content(base: CompiledContent): Promise<CompiledContent> }
  /** Wakes the long polls (web page, console) when a turn of a conversation commits. */
  live?: Live
  /** Called once when a conversation enters the queue as emergency or urgent (on-call alert). */
  alert?: (a: QueueAlert) => void
  /** The push channels' deliverer (src/chat/outbox.ts): their answers go out through it. */
  outbox?: { channels: readonly string[]; kick(): void; idle(): Promise<void> }
}

/** An emergency or urgent item entered the operators' queue. No words of the user are in it. */
export interface QueueAlert {
  ref: string
  urgency: QueueUrgency
  reason: string
  at: string
}

/** A committed turn: the answer, and what the engine recorded (for operator turns' outcomes). */
export interface TurnOutcome {
  response: ChatResponse
  events: EngineEvent[]
}

export interface InboundMessage {
  channel: string
  userKey: string
  /** The channel's own id for this message; a redelivery with the same id changes nothing. */
  messageId?: string
  input: Input
  /** A push channel's free reply (LINE's reply token), usable until `replyUntil` (ISO). */
  delivery?: { replyToken: string; replyUntil: string }
  /**
   * A push channel that answers in the webhook's own response (WeChat's passive reply): the turn's
   * replies are held from the deliverer until then (ISO), for the webhook to take or release.
   */
  hold?: string
}

export interface ChatResponse {
  conversationId: string
  replies: Reply[]
  state: {
    flow: string | null
    node: string | null
    mode: Mode
    /** The language the bot answers in (Traditional once the user writes it): the page follows. */
    lang?: Lang
    /**
     * A person may write to this user now (the conversation went into the operators' queue on
     * this turn, or is with an operator): the web page then pulls GET /api/v1/chat/updates.
     */
    waiting?: true
  }
}

/** A message id sent again with other words: refused (409), never answered with the first's answer. */
export class MessageIdReused extends Error {
  override name = 'MessageIdReused'
}

/** What is stored of a message (before sealing). */
const payloadOf = (msg: InboundMessage): string =>
  JSON.stringify({ channel: msg.channel, userKey: msg.userKey, input: msg.input })

/** Whether the message stored under `id` says something else than `payload`. */
async function saysOtherwise(deps: ChatDeps, id: string, payload: string): Promise<boolean> {
  const status = await deps.store.inboundStatus(id)
  if (status.kind !== 'stored') return false
  const stored = deps.reports ? await deps.reports.keys.open(status.payload) : status.payload
  return stored !== payload
}

/** The stored form of an inbound message (sealed while report services are on). */
async function inboundRecord(deps: ChatDeps, msg: InboundMessage): Promise<InboundRecord> {
  const payload = payloadOf(msg)
  const keys = deps.reports?.keys
  return {
    id: await messageId(keys, msg.channel, msg.userKey, msg.messageId ?? deps.ids()),
    conversationId: await conversationId(keys, msg.channel, msg.userKey),
    payload: deps.reports ? await deps.reports.keys.seal(payload) : payload,
    receivedAt: deps.clock().toISOString(),
  }
}

/**
 * A push channel's message (LINE): stored first, so that the platform can be told at once that it
 * arrived; the answer is worked out afterwards (`answer`) and goes out through the outbox. A
 * redelivery of a message already answered is not answered again; one stored but not yet
 * answered (a crash, a turn still running elsewhere) is safe to run: only one turn can commit.
 */
export async function acceptMessage(
  deps: ChatDeps,
  msg: InboundMessage,
): Promise<{ turnId: string; answer(): Promise<void> } | undefined> {
  const record = await inboundRecord(deps, msg)
  if ((await deps.store.recordInbound(record)) === 'duplicate') {
    deps.metrics.inc('duplicates_total')
    const status = await deps.store.inboundStatus(record.id)
    if (status.kind === 'stored' && status.status === 'processed') return undefined
  }
  return {
    // The outbox rows of the turn carry this id (a channel that answers them itself takes them).
    turnId: record.id,
    answer: () => processMessage(deps, record, msg).then(() => undefined),
  }
}

export async function handleMessage(deps: ChatDeps, msg: InboundMessage): Promise<ChatResponse> {
  const record = await inboundRecord(deps, msg)
  // Not awaited first: the engine runs while the message is on its way to disk. A message already
  // answered makes the turn conflict, and the turn then returns the first answer; one still
  // pending (in flight elsewhere, or left by a crash) is safe to process again: only one turn per
  // message can commit (see ConversationStore.commitTurn).
  const [stored, answered] = await Promise.allSettled([
    deps.store.recordInbound(record),
    processMessage(deps, record, msg).then((o) => o.response),
  ])
  // On drivers that may reorder two writes (D1, a libsql server) this also counts a first delivery
  // whose turn was stored before its own insert arrived.
  if (stored.status === 'fulfilled' && stored.value === 'duplicate') {
    deps.metrics.inc('duplicates_total')
    if (msg.messageId !== undefined && (await saysOtherwise(deps, record.id, payloadOf(msg))))
      throw new MessageIdReused()
  }
  if (answered.status === 'fulfilled') return answered.value
  // A repeat of an answered message runs again on today's state, where it can fail (a report
  // effect, a read): it still gets its first answer.
  const first = await firstAnswer(deps, record.id).catch(() => undefined)
  if (!first) throw answered.reason
  const reason = answered.reason as unknown
  deps.log.info('repeat_answered_from_store', {
    kind: reason instanceof Error ? reason.name : 'unknown',
  })
  return first
}

/** The answer a message was given, if it has been answered. */
async function firstAnswer(deps: ChatDeps, inboundId: string): Promise<ChatResponse | undefined> {
  const status = await deps.store.inboundStatus(inboundId)
  if (status.kind !== 'stored' || status.status !== 'processed' || !status.response) return
  return JSON.parse(await openSealed(deps, status.response)) as ChatResponse
}

/** A stored message or answer in clear (values stored before sealing pass through). */
function openSealed(deps: ChatDeps, stored: string): Promise<string> {
  return deps.reports ? deps.reports.keys.open(stored) : Promise.resolve(stored)
}

/** Orders the turns of each conversation within this process (see KeyedQueue). */
const turnQueue = new KeyedQueue()

function processMessage(
  deps: ChatDeps,
  inbound: InboundRecord,
  msg: InboundMessage,
): Promise<TurnOutcome> {
  return turnQueue.run(inbound.conversationId, () => runTurn(deps, inbound, msg))
}

/**
 * An operator's action as a turn of the conversation (engine/operator.ts): committed like a
 * user's message; what it says to the user goes to the outbox in the same commit. Whether it was
 * allowed is in the events (`operator_refused`).
 */
export async function operatorTurn(
  deps: ChatDeps,
  conversation: { id: string; channel: string; userKey: string },
  input: OperatorInput,
): Promise<TurnOutcome> {
  const msg: InboundMessage = {
    channel: conversation.channel,
    userKey: await openSealed(deps, conversation.userKey),
    input,
  }
  const payload = JSON.stringify(msg)
  const record: InboundRecord = {
    id: `op:${deps.ids()}`,
    conversationId: conversation.id,
    payload: deps.reports ? await deps.reports.keys.seal(payload) : payload,
    receivedAt: deps.clock().toISOString(),
  }
  return processMessage(deps, record, msg)
}

/**
 * Rows that put a turn's replies in the outbox, one per reply, sealed like answers. A pull channel
 * (the web page) reads them as they are (delivered on arrival); a push channel's deliverer sends
 * them, with the platform's reply token while it is valid.
 */
async function outboxRows(
  deps: ChatDeps,
  inbound: InboundRecord,
  msg: InboundMessage,
  replies: Reply[],
  at: string,
): Promise<Stmt[]> {
  const push = deps.outbox?.channels.includes(msg.channel) === true
  const rows: Stmt[] = []
  for (const [idx, reply] of replies.entries()) {
    const json = JSON.stringify(reply)
    const token = idx === 0 && push ? msg.delivery : undefined
    rows.push({
      sql: `INSERT INTO outbox (conversation_id, turn_id, idx, channel, reply, created_at,
              delivered_at, reply_token, reply_until, lease_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        inbound.conversationId,
        inbound.id,
        idx,
        msg.channel,
        deps.reports ? await deps.reports.keys.seal(json) : json,
        at,
        push ? null : at,
        token?.replyToken ?? null,
        token?.replyUntil ?? null,
        (push && msg.hold) || null,
      ],
    })
  }
  return rows
}

const RANK: Record<QueueUrgency, number> = { emergency: 3, urgent: 2, standard: 1 }

/** Whether a turn that queues at this urgency may need an on-call alert (read before it commits). */
function mayAlert(
  deps: ChatDeps,
  queued: { urgency: QueueUrgency } | undefined,
): deps is ChatDeps & { alert: NonNullable<ChatDeps['alert']>; queue: QueueServices } {
  return queued !== undefined && RANK[queued.urgency] >= RANK.urgent && !!deps.alert && !!deps.queue
}

/**
 * After a commit: wake the polls, and alert on call when an emergency or urgent item is new in the
 * queue (its id is one this turn made) or was raised to that urgency by this turn. A conversation
 * already queued at that urgency is not announced again.
 */
async function afterCommit(
  deps: ChatDeps,
  turn: { id: string; ref: string; at: string; made: string[] },
  queued: { urgency: QueueUrgency } | undefined,
  before: QueueEntry | undefined,
): Promise<void> {
  deps.live?.notify(turn.id)
  deps.outbox?.kick()
  if (!mayAlert(deps, queued)) return
  const item = await deps.queue.handoffs.openFor(turn.id)
  if (!item) return
  const raised = before !== undefined && RANK[before.urgency] < RANK[item.urgency]
  if (turn.made.includes(item.id) || raised)
    deps.alert({ ref: turn.ref, urgency: item.urgency, reason: item.reason, at: turn.at })
}

async function runTurn(
  deps: ChatDeps,
  inbound: InboundRecord,
  msg: InboundMessage,
): Promise<TurnOutcome> {
  const { id: inboundId, conversationId: id } = inbound
  const ref = await conversationRef(id)
  const input = await lookUpResult(deps.store, msg.input)
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await deps.store.load(id)
    const now = deps.clock()
    // The ids of rows this turn creates (a queue item, a case's), to tell a new item from an old one.
    const made: string[] = []
    const newId = (): string => {
      const fresh = deps.ids()
      made.push(fresh)
      return fresh
    }
    const content = deps.directory ? await deps.directory.content(deps.content) : deps.content
    const result = step(content, stored?.state, input, now)
    const { state } = result
    const kept = keepResults(result.replies, result.effects, now, deps.reports?.random)
    const reports = await applyReportEffects(
      deps.reports,
      content,
      state.lang,
      kept.replies,
      kept.effects,
      { inboundId, conversationId: id, now, newId },
    )
    const notice = await queueNotice(deps.content, deps.queue, id, state.lang, now, reports.replies)
    const at = now.toISOString()
    const away =
      state.mode === 'operator' && msg.input.kind !== 'operator' && result.replies.length === 0
        ? await ownerAway(deps.content, deps.queue, state.owner ?? '', state.lang, now)
        : undefined
    const replies = [...withNotice(reports.replies, notice), ...(away ? [away] : [])]
    const waiting =
      state.mode !== 'bot' ||
      result.effects.some((e) => e.type === 'queue_handoff') ||
      reports.queued !== undefined
    const response: ChatResponse = {
      conversationId: id,
      replies,
      state: {
        flow: state.at?.flow ?? null,
        node: state.at?.node ?? null,
        mode: state.mode,
        lang: state.lang,
        ...(waiting && { waiting: true as const }),
      },
    }
    // An operator's words, and every answer on a push channel, reach the user through the outbox.
    const outbox =
      msg.input.kind === 'operator' || deps.outbox?.channels.includes(msg.channel) === true
        ? await outboxRows(deps, inbound, msg, replies, at)
        : []
    const responseJson = JSON.stringify(response)
    const queued = result.effects.find((e) => e.type === 'queue_handoff') ?? reports.queued
    const before = mayAlert(deps, queued) ? await deps.queue.handoffs.openFor(id) : undefined
    const committed = await deps.store.commitTurn({
      conversationId: id,
      channel: msg.channel,
      // Sealed: the id is a hash, and a push channel needs the user's own id back to send to.
      userKey: deps.reports ? await deps.reports.keys.seal(msg.userKey) : msg.userKey,
      seq: (stored?.seq ?? 0) + 1,
      ref,
      from: stored?.state?.at ?? undefined,
      inbound,
      mode: state.mode,
      flow: response.state.flow,
      node: response.state.node,
      state,
      replies: [...withNotice(reports.kept, notice), ...(away ? [away] : [])],
      effects: [...reports.effects, ...kept.stored],
      events: result.events,
      effectRows: [...kept.rows, ...reports.rows, ...outbox],
      response: deps.reports ? await deps.reports.keys.seal(responseJson) : responseJson,
      at,
      newId,
    })
    if (committed === 'committed') {
      deps.metrics.inc('turns_total')
      for (const event of result.events) {
        if (event.type === 'content_error')
          deps.log.error('content_error', { detail: event.detail, flow: response.state.flow ?? '' })
        if (event.type === 'danger_detected') deps.metrics.inc('danger_detected_total')
      }
      await afterCommit(deps, { id, ref, at, made }, queued, before).catch((e: unknown) =>
        deps.log.error('after_commit_failed', { kind: e instanceof Error ? e.name : 'unknown' }),
      )
      return { response, events: result.events }
    }
    deps.metrics.inc('turn_conflicts_total')
    const first = await firstAnswer(deps, inboundId)
    if (first) return { response: first, events: [] }
  }
  throw new StoreError('too many concurrent turns for one conversation')
}

/**
 * Answers messages that were stored but never answered (the process died in between, or their
 * turn failed). One that fails again stays pending and is logged (when it came, never who sent it
 * or what it said); the others are still answered and the service still starts. Resolves how many
 * were answered. `channels`: only the messages of these channels (the wechaty bridge answers its
 * own; the server, all).
 */
export async function recoverPending(
  deps: ChatDeps,
  channels?: readonly string[],
): Promise<number> {
  const pending = (await deps.store.pendingInbound()).filter(
    (m) => !channels || channels.some((c) => m.conversationId.startsWith(`${c}:`)),
  )
  let answered = 0
  let expired = 0
  const now = deps.clock().getTime()
  for (const m of pending) {
    // Days old: the person is long gone, and an answer now would confuse more than help. Given up,
    // and said so in the log (when it came, never who or what) and the metrics.
    if (now - Date.parse(m.receivedAt) > PENDING_MAX_AGE_MS) {
      if (await deps.store.expireInbound(m.id)) {
        expired++
        deps.metrics.inc('pending_expired_total')
        deps.log.error('pending_message_expired', { receivedAt: m.receivedAt })
      }
      continue
    }
    try {
      const { channel, userKey, input } = JSON.parse(await openSealed(deps, m.payload)) as {
        channel: string
        userKey: string
        input: Input
      }
      await processMessage(deps, m, { channel, userKey, input })
      answered++
    } catch (e) {
      deps.log.error('pending_message_failed', {
        receivedAt: m.receivedAt,
        kind: e instanceof Error ? e.name : 'unknown',
      })
    }
  }
  if (pending.length > 0)
    deps.log.info('recovered_pending_messages', {
      count: answered,
      expired,
      failed: pending.length - answered - expired,
    })
  return answered
}
