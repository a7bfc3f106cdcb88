/**
 * @module store/schema
 * The one schema, for libsql (file or server) and D1. Migrations in drizzle/ are generated from
 * it by drizzle-kit (`npx drizzle-kit generate`) and committed.
 */
import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** One row per user per channel: where their conversation stands. */
export const conversations = sqliteTable('conversations', {
  id: text('id').primaryKey(),
  channel: text('channel').notNull(),
  userKey: text('user_key').notNull(),
  /** The number of the last committed turn; the next turn must be seq + 1. */
  seq: integer('seq').notNull(),
  mode: text('mode').notNull(),
  flow: text('flow'),
  node: text('node'),
  state: text('state').notNull(),
  updatedAt: text('updated_at').notNull(),
})

/**
 * Every message as it arrived, stored before it is processed (the id is the channel's own), and,
 * once answered, its turn: what the bot answered and did. One row, so a turn writes one B-tree
 * more or less, not three.
 */
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    payload: text('payload').notNull(),
    receivedAt: text('received_at').notNull(),
    status: text('status', { enum: ['pending', 'processed'] }).notNull(),
    /** The answer sent for it (sealed), returned again on a duplicate delivery. */
    response: text('response'),
    /** The turn: its number in the conversation, what was kept of the replies, effects, events. */
    seq: integer('seq'),
    replies: text('replies'),
    effects: text('effects'),
    events: text('events'),
    answeredAt: text('answered_at'),
  },
  // Only the unanswered messages, for the restart: a handful of entries, not one per message.
  (t) => [
    index('inbound_pending')
      .on(t.receivedAt, t.id)
      .where(sql`${t.status} = 'pending'`),
  ],
)

/** A conversation waiting for, or with, a hotline operator. */
export const handoffs = sqliteTable(
  'handoffs',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['queued', 'assigned', 'closed', 'cancelled'] }).notNull(),
    createdAt: text('created_at').notNull(),
    /** The case this handoff is about (an emergency or urgent report), if any. */
    caseNumber: text('case_number'),
  },
  (t) => [index('handoffs_conversation').on(t.conversationId, t.status)],
)

/**
 * A report as a case the reporter can follow. What identifies the reporter (contact) and their
 * PIN are sealed (AES-GCM, see src/reports/keyring.ts); `key_id` names the sealing key so rows
 * can be re-sealed after a rotation.
 */
export const cases = sqliteTable(
  'cases',
  {
    caseNumber: text('case_number').primaryKey(),
    /** What created it: `web:<message id>` for a chat turn, `api:<idempotency key>`; unique. */
    submissionKey: text('submission_key').notNull(),
    source: text('source', { enum: ['chat', 'api'] }).notNull(),
    conversationId: text('conversation_id'),
    status: text('status', { enum: ['received', 'in_progress', 'closed'] }).notNull(),
    urgency: text('urgency', { enum: ['emergency', 'urgent', 'standard'] }).notNull(),
    /** JSON array of triage concern ids. */
    concerns: text('concerns').notNull(),
    region: text('region'),
    place: text('place'),
    age: real('age'),
    what: text('what').notNull(),
    inDanger: integer('in_danger', { mode: 'boolean' }),
    happeningNow: integer('happening_now', { mode: 'boolean' }),
    hurt: integer('hurt', { mode: 'boolean' }),
    reporterRole: text('reporter_role'),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull(),
    /** Sealed JSON `{ contact, name }`; null when anonymous. */
    reporterSealed: text('reporter_sealed'),
    pinSealed: text('pin_sealed').notNull(),
    keyId: text('key_id').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('cases_submission').on(t.submissionKey)],
)

/** Wrong PIN tries per case number (known or not), for the lockout; shared by every instance. */
export const caseAttempts = sqliteTable(
  'case_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseNumber: text('case_number').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('case_attempts_number').on(t.caseNumber, t.at)],
)
