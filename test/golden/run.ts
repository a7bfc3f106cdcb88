/**
 * Runs a golden transcript through the whole host — a real libsql file, the store, the engine —
 * with a frozen clock (one minute per turn unless told) and seeded ids, and records what a user
 * would see and what the system did.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handleMessage, type ChatDeps } from '../../src/chat/handle-message.js'
import { silentLogger } from '../../src/chat/log.js'
import { Metrics } from '../../src/chat/metrics.js'
import { migrations } from '../../src/generated/migrations.js'
import type { CompiledContent, Effect, EngineEvent, Reply } from '../../src/engine/types.js'
import { ConversationStore } from '../../src/store/conversations.js'
import { openLibsqlFile } from '../../src/store/libsql-file.js'
import { migrate } from '../../src/store/migrate.js'
import { frozenClock, seededIds } from '../support/clock.js'
import { testReports } from '../reports/support.js'

/** One turn of a transcript: what the user does, then (recorded) what came back. */
export interface GoldenTurn {
  user?: string
  press?: string
  /** Send with this message id (a repeat is a duplicate delivery). */
  messageId?: string
  /** Time that passes before this turn, e.g. "25h" or "10m". */
  after?: string
  bot?: GoldenReply[]
  effects?: Effect['type'][]
  /** What the engine recorded of the turn: each event's type and its one telling detail. */
  events?: string[]
  mode?: string
  at?: string | null
}

export interface GoldenReply {
  text: string
  choices?: string[]
  urgent?: true
  contacts?: string[]
  /** A card's title, status and tone (the text above holds its lines). */
  card?: string
  /** A page to open: its label and address. */
  link?: string
}

export interface Transcript {
  name: string
  turns: GoldenTurn[]
}

const MINUTE = 60_000

export function duration(text: string): number {
  const m = /^(\d+)([mhd])$/.exec(text)
  if (!m) throw new Error(`bad duration ${text}`)
  return Number(m[1]) * { m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE }[m[2] as 'm' | 'h' | 'd']
}

function record(reply: Reply): GoldenReply {
  return {
    text: reply.text,
    ...(reply.choices && { choices: reply.choices.map((c) => c.label) }),
    ...(reply.urgent && { urgent: true as const }),
    ...(reply.contacts && { contacts: reply.contacts.map((c) => c.phone ?? c.name) }),
    ...(reply.card && {
      card: `${reply.card.title} · ${reply.card.status} (${reply.card.tone})`,
    }),
    ...(reply.link && { link: `${reply.link.label} → ${reply.link.href}` }),
  }
}

/** An event as a golden shows it (a danger's urgency, not its rules: those are triage's tests). */
function eventLabel(e: EngineEvent): string {
  switch (e.type) {
    case 'danger_detected':
      return `${e.type}:${e.urgency}`
    case 'input_rejected':
      return `${e.type}:${e.node}`
    case 'flow_restarted':
      return `${e.type}:${e.flow}`
    case 'command_used':
      return `${e.type}:${e.command}`
    case 'operator_refused':
    case 'operator_action':
      return `${e.type}:${e.action}`
    default:
      return e.type
  }
}

/** Runs the user's side of the transcript and returns it with what the bot answered. */
export async function runTranscript(t: Transcript, content: CompiledContent): Promise<Transcript> {
  const driver = openLibsqlFile(join(mkdtempSync(join(tmpdir(), 'tonghu-golden-')), 'golden.db'))
  await migrate(driver, migrations)
  const clock = frozenClock()
  const deps: ChatDeps = {
    store: new ConversationStore(driver),
    content,
    clock: clock.now,
    ids: seededIds('msg'),
    log: silentLogger,
    metrics: new Metrics(),
    // A test key and seeded random bytes: case numbers and PINs are the same on every run.
    reports: await testReports(driver),
  }
  const out: GoldenTurn[] = []
  let seen = 0
  try {
    for (const turn of t.turns) {
      clock.advance(turn.after ? duration(turn.after) : MINUTE)
      const input =
        turn.press !== undefined
          ? { kind: 'choice' as const, id: turn.press }
          : { kind: 'text' as const, text: turn.user ?? '' }
      const response = await handleMessage(deps, {
        channel: 'web',
        userKey: 'golden-user',
        ...(turn.messageId && { messageId: turn.messageId }),
        input,
      })
      const rows = await driver.read({
        sql: 'SELECT seq, effects, events FROM inbound_messages WHERE conversation_id = ? AND seq > ? ORDER BY seq',
        args: [response.conversationId, seen],
      })
      const effects = rows.flatMap((r) =>
        (JSON.parse(String(r['effects'])) as Effect[]).map((e) => e.type),
      )
      const events = rows.flatMap((r) =>
        (JSON.parse(String(r['events'])) as EngineEvent[]).map(eventLabel),
      )
      seen = rows.length > 0 ? Number(rows.at(-1)!['seq']) : seen
      const { bot, effects: recorded, events: logged, mode, at, ...asked } = turn
      out.push({
        ...asked,
        bot: response.replies.map(record),
        ...(effects.length > 0 && { effects }),
        ...(events.length > 0 && { events }),
        mode: response.state.mode,
        at: response.state.flow ? `${response.state.flow}.${response.state.node}` : null,
      })
    }
  } finally {
    await driver.close()
  }
  return { name: t.name, turns: out }
}
