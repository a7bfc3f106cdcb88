/**
 * @module store/schema
 * The one schema, for libsql (file or server) and D1. Migrations in drizzle/ are generated from
 * it by drizzle-kit (`npx drizzle-kit generate`) and committed.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

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

/** Every message as it arrived, stored before it is processed; the id is the channel's own. */
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    payload: text('payload').notNull(),
    receivedAt: text('received_at').notNull(),
    status: text('status', { enum: ['pending', 'processed'] }).notNull(),
    /** The answer sent for it, returned again on a duplicate delivery. */
    response: text('response'),
  },
  (t) => [index('inbound_pending').on(t.status)],
)

/** One row per processed message: what the bot answered and did. */
export const turns = sqliteTable(
  'turns',
  {
    conversationId: text('conversation_id').notNull(),
    seq: integer('seq').notNull(),
    inboundId: text('inbound_id').notNull(),
    replies: text('replies').notNull(),
    effects: text('effects').notNull(),
    events: text('events').notNull(),
    at: text('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.seq] }),
    uniqueIndex('turns_inbound').on(t.inboundId),
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
  },
  (t) => [index('handoffs_conversation').on(t.conversationId, t.status)],
)
