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
import type { CompiledContent, Input, Mode, Reply } from '../engine/types.js'
import type { ConversationStore, InboundRecord } from '../store/conversations.js'
import { StoreError } from '../store/driver.js'
import { applyReportEffects } from '../reports/chat-effects.js'
import type { ReportServices } from '../reports/services.js'
import { KeyedQueue } from './keyed-queue.js'
import type { Logger } from './log.js'
import type { Metrics } from './metrics.js'

const MAX_ATTEMPTS = 8

export interface ChatDeps {
  store: ConversationStore
  content: CompiledContent
  clock: () => Date
  ids: () => string
  log: Logger
  metrics: Metrics
  /**
   * Cases and encryption. With it, what a user typed (the stored message) and what they were told
   * (the stored answer, which can hold a PIN) are sealed at rest. Without it a report cannot be
   * taken: a turn that opens a case fails (the message stays pending) rather than dropping it.
   */
  reports?: ReportServices
}

export interface InboundMessage {
  channel: string
  userKey: string
  /** The channel's own id for this message; a redelivery with the same id changes nothing. */
  messageId?: string
  input: Input
}

export interface ChatResponse {
  conversationId: string
  replies: Reply[]
  state: { flow: string | null; node: string | null; mode: Mode }
}

export function conversationId(channel: string, userKey: string): string {
  return `${channel}:${userKey}`
}

export async function handleMessage(deps: ChatDeps, msg: InboundMessage): Promise<ChatResponse> {
  const payload = JSON.stringify({ channel: msg.channel, userKey: msg.userKey, input: msg.input })
  const conversation = conversationId(msg.channel, msg.userKey)
  const record: InboundRecord = {
    // Scoped by user: another user who sends the same message id gets a turn of their own, never
    // this user's stored answer (which can hold a case number and PIN). The user key is encoded so
    // it holds no ":" and the id reads one way only.
    id: `${msg.channel}:${encodeURIComponent(msg.userKey)}:${msg.messageId ?? deps.ids()}`,
    conversationId: conversation,
    payload: deps.reports ? await deps.reports.keys.seal(payload) : payload,
    receivedAt: deps.clock().toISOString(),
  }
  // Not awaited first: the engine runs while the message is on its way to disk. A message already
  // answered makes the turn conflict, and the turn then returns the first answer; one still
  // pending (in flight elsewhere, or left by a crash) is safe to process again: only one turn per
  // message can commit (see ConversationStore.commitTurn).
  const [stored, answered] = await Promise.allSettled([
    deps.store.recordInbound(record),
    processMessage(deps, record, msg),
  ])
  // On drivers that may reorder two writes (D1, a libsql server) this also counts a first delivery
  // whose turn was stored before its own insert arrived.
  if (stored.status === 'fulfilled' && stored.value === 'duplicate')
    deps.metrics.inc('duplicates_total')
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
): Promise<ChatResponse> {
  return turnQueue.run(inbound.conversationId, () => runTurn(deps, inbound, msg))
}

async function runTurn(
  deps: ChatDeps,
  inbound: InboundRecord,
  msg: InboundMessage,
): Promise<ChatResponse> {
  const { id: inboundId, conversationId: id } = inbound
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await deps.store.load(id)
    const now = deps.clock()
    const result = step(deps.content, stored?.state, msg.input, now)
    const { state } = result
    const reports = await applyReportEffects(
      deps.reports,
      deps.content,
      state.lang,
      result.replies,
      result.effects,
      { inboundId, conversationId: id, now, newId: deps.ids },
    )
    const response: ChatResponse = {
      conversationId: id,
      replies: reports.replies,
      state: { flow: state.at?.flow ?? null, node: state.at?.node ?? null, mode: state.mode },
    }
    const responseJson = JSON.stringify(response)
    const committed = await deps.store.commitTurn({
      conversationId: id,
      channel: msg.channel,
      userKey: msg.userKey,
      seq: (stored?.seq ?? 0) + 1,
      inbound,
      mode: state.mode,
      flow: response.state.flow,
      node: response.state.node,
      state,
      replies: reports.kept,
      effects: reports.effects,
      events: result.events,
      effectRows: reports.rows,
      response: deps.reports ? await deps.reports.keys.seal(responseJson) : responseJson,
      at: now.toISOString(),
      newId: deps.ids,
    })
    if (committed === 'committed') {
      deps.metrics.inc('turns_total')
      for (const event of result.events) {
        if (event.type === 'content_error')
          deps.log.error('content_error', { detail: event.detail, flow: response.state.flow ?? '' })
        if (event.type === 'danger_detected') deps.metrics.inc('danger_detected_total')
      }
      return response
    }
    deps.metrics.inc('turn_conflicts_total')
    const first = await firstAnswer(deps, inboundId)
    if (first) return first
  }
  throw new StoreError('too many concurrent turns for one conversation')
}

/**
 * Answers messages that were stored but never answered (the process died in between, or their
 * turn failed). One that fails again stays pending and is logged (when it came, never who sent it
 * or what it said); the others are still answered and the service still starts. Resolves how many
 * were answered.
 */
export async function recoverPending(deps: ChatDeps): Promise<number> {
  const pending = await deps.store.pendingInbound()
  let answered = 0
  for (const m of pending) {
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
      failed: pending.length - answered,
    })
  return answered
}
