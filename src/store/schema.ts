/**
 * @module store/schema
 * The one schema, for libsql (file or server) and D1. Migrations in drizzle/ are generated from
 * it by drizzle-kit (`npx drizzle-kit generate`) and committed.
 */
import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** One row per user per channel: where their conversation stands. */
export const conversations = sqliteTable(
  'conversations',
  {
    /** `<channel>:<keyed hash of the user's id>` (src/chat/ids.ts): never the id itself. */
    id: text('id').primaryKey(),
    channel: text('channel').notNull(),
    /** The user's id on the channel, sealed: push channels send to it. */
    userKey: text('user_key').notNull(),
    /** The number of the last committed turn; the next turn must be seq + 1. */
    seq: integer('seq').notNull(),
    mode: text('mode').notNull(),
    flow: text('flow'),
    node: text('node'),
    state: text('state').notNull(),
    updatedAt: text('updated_at').notNull(),
    /**
     * How the console names the conversation: a hash of `id`. Operators and their URLs never see
     * the id, nor the user's key it is made from (on the web a secret the page made).
     */
    ref: text('ref'),
  },
  (t) => [uniqueIndex('conversations_ref').on(t.ref)],
)

/**
 * Every message as it arrived, stored before it is processed (the id is the channel's own), and,
 * once answered, its turn: what the bot answered and did. One row, so a turn writes one B-tree
 * more or less, not three.
 */
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    /** `<channel>:<keyed hash of the user's and the message's ids>` (src/chat/ids.ts). */
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
    /** Where the turn left the conversation (the question then waiting): "where people give up". */
    flow: text('flow'),
    node: text('node'),
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
    /** emergency, urgent, standard: the queue's first order (then waiting time). */
    urgency: text('urgency').notNull().default('standard'),
    /** The operator who owns the conversation while `assigned`. */
    claimedBy: text('claimed_by'),
    claimedAt: text('claimed_at'),
    /** Where the user was when they were queued (flow and question). */
    fromFlow: text('from_flow'),
    fromNode: text('from_node'),
    closedAt: text('closed_at'),
  },
  (t) => [
    index('handoffs_conversation').on(t.conversationId, t.status),
    // One open item per conversation, whatever races: queueing again raises it instead.
    uniqueIndex('handoffs_open')
      .on(t.conversationId)
      .where(sql`${t.status} IN ('queued', 'assigned')`),
  ],
)

/** Hotline operators and supervisors who sign in to the console. */
export const operators = sqliteTable('operators', {
  id: text('id').primaryKey(),
  /** Unique, compared as written (names are typed by an administrator). */
  name: text('name').notNull().unique(),
  role: text('role', { enum: ['operator', 'supervisor'] }).notNull(),
  /** `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (see src/console/password.ts). */
  passwordHash: text('password_hash').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})

/** Console sessions, server-side: the cookie holds a token whose SHA-256 is the id. */
export const operatorSessions = sqliteTable(
  'operator_sessions',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    /** SHA-256 of the CSRF token handed out at sign-in. */
    csrfHash: text('csrf_hash').notNull(),
    createdAt: text('created_at').notNull(),
    /** Any request of the session (the console's polls too): the operator is there. */
    lastSeenAt: text('last_seen_at').notNull(),
    /** The operator's own requests (not background polls): the idle timeout counts from it. */
    lastActiveAt: text('last_active_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('operator_sessions_operator').on(t.operatorId)],
)

/** Failed sign-ins by name (known or not), for the lockout. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('login_failures_name').on(t.name, t.at)],
)

/**
 * Who saw and changed what in the console. Append-only: triggers (migration 0003) refuse every
 * UPDATE and DELETE. `detail` is JSON and never holds what a user or reporter wrote.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    detail: text('detail'),
  },
  (t) => [index('audit_target').on(t.target, t.id)],
)

/**
 * Replies that are not the answer to a request: an operator's messages, and later the pushes of
 * LINE and WeChat. Written in the same commit as their turn (one row per reply, unique by turn and
 * place), so a crash delivers later and nothing is sent twice for one turn. The web page pulls
 * them (GET /api/v1/chat/updates); `delivered_at` is for channels that push.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: text('conversation_id').notNull(),
    turnId: text('turn_id').notNull(),
    idx: integer('idx').notNull(),
    channel: text('channel').notNull(),
    /** The reply as JSON, sealed like stored answers. */
    reply: text('reply').notNull(),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this time (back-off after a failure, or the platform's Retry-After). */
    nextAttemptAt: text('next_attempt_at'),
    /** A deliverer holds the row until this time: two instances never send it at once. */
    leaseUntil: text('lease_until'),
    /** LINE: the reply token of the event this turn answers, usable until `reply_until`. */
    replyToken: text('reply_token'),
    replyUntil: text('reply_until'),
  },
  (t) => [
    uniqueIndex('outbox_turn').on(t.turnId, t.idx),
    index('outbox_conversation').on(t.conversationId, t.id),
    // What a push channel still has to deliver: a handful of rows, not one per message.
    index('outbox_pending')
      .on(t.channel, t.id)
      .where(sql`${t.deliveredAt} IS NULL`),
  ],
)

/** An operator's internal notes on a conversation (sealed); the user never sees them. */
export const handoffNotes = sqliteTable(
  'handoff_notes',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    author: text('author').notNull(),
    note: text('note').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('handoff_notes_conversation').on(t.conversationId, t.at)],
)

/**
 * A report as a case the reporter can follow. What identifies the reporter (contact) is sealed
 * (AES-GCM, see src/reports/keyring.ts), the PIN hashed; `key_id` names the sealing key so rows
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
    /**
     * received → assessing → referred → closed (see src/store/case-work.ts). What the reporter's
     * 查询进度 shows, in plain words, with `updated_at`.
     */
    status: text('status', { enum: ['received', 'assessing', 'referred', 'closed'] }).notNull(),
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
    /** The PIN as scrypt (`scrypt$…`, see src/console/password.ts): checked, never read back. */
    pinHash: text('pin_hash'),
    /**
     * The PIN sealed, for an API submission only: the answer to a retry with the same
     * Idempotency-Key (a chat case's answer is its turn's, sealed). Null for chat cases; cases from
     * before migration 0012 still hold it here and are checked by it.
     */
    pinSealed: text('pin_sealed'),
    keyId: text('key_id').notNull(),
    createdAt: text('created_at').notNull(),
    /** The last change of `status` (the reporter is told this date; nothing else moves it). */
    updatedAt: text('updated_at').notNull(),
    /** The operator the case is assigned to (a name, as in operators.name). */
    assignedTo: text('assigned_to'),
    /** Why a closed case was closed. */
    closeReason: text('close_reason', {
      enum: ['resolved', 'referred_elsewhere', 'duplicate', 'no_concern', 'unable_to_contact'],
    }),
  },
  (t) => [
    uniqueIndex('cases_submission').on(t.submissionKey),
    index('cases_created').on(t.createdAt),
  ],
)

/**
 * What happened to a case, one row per change, never rewritten: status changes (from → to, with
 * the close reason), assignments, notes (sealed, like conversation notes) and referrals (to a
 * directory contact id). The case's history is these rows in order.
 */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseNumber: text('case_number').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    kind: text('kind', { enum: ['status', 'assign', 'note', 'referral'] }).notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    /** Why: a closed case's reason. */
    reason: text('reason'),
    /** A note's text, or the note given with a status change: sealed. */
    note: text('note'),
  },
  (t) => [index('case_events_case').on(t.caseNumber, t.id)],
)

/**
 * The contacts directory as supervisors keep it in the console: every save of an entry is a new
 * row (its whole entry as JSON, or null when it was withdrawn), never rewritten; an entry is its
 * latest row. These entries come before content/triage/directory.yaml's in routing (an entry of
 * the same id replaces the content's), and can be exported to content/ for review.
 */
export const directoryVersions = sqliteTable(
  'directory_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: text('entry_id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    /** The entry (the shape of a directory.yaml entry) as JSON; null: withdrawn. */
    entry: text('entry'),
  },
  (t) => [index('directory_versions_entry').on(t.entryId, t.id)],
)

/**
 * Wrong PIN tries per case number (known or not) and client, for the lockout; shared by every
 * instance. `client` is who asked (a keyed hash of the address, or the chat's conversation id);
 * null for tries from before migration 0012.
 */
export const caseAttempts = sqliteTable(
  'case_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseNumber: text('case_number').notNull(),
    client: text('client'),
    at: text('at').notNull(),
  },
  (t) => [
    index('case_attempts_number').on(t.caseNumber, t.at),
    index('case_attempts_client').on(t.client, t.at),
  ],
)

/**
 * A platform's access token (WeChat's), shared by every instance: read from here, refreshed by one
 * instance at a time (the one holding `lease_until`), so that instances never invalidate each
 * other's token. The token lives two hours and opens nothing but the platform's API.
 */
export const accessTokens = sqliteTable('access_tokens', {
  /** The platform and account, e.g. `wechat:wx1234…`. */
  id: text('id').primaryKey(),
  token: text('token'),
  expiresAt: text('expires_at'),
  leaseUntil: text('lease_until'),
})

/**
 * One row, rewritten by `GET /readyz`: a write that has to reach the disk, so that readiness proves
 * the write path (a full disk or a lost write lock), not only that the database answers a read.
 */
export const readiness = sqliteTable('readiness', {
  id: integer('id').primaryKey(),
  checkedAt: text('checked_at').notNull(),
})

/**
 * A screening kept under its result code (src/results/code.ts), to be reopened in the chat or on
 * its printable page (`GET /r/{code}`), where it is screened again with the rules of that day.
 * Only the answers as facts of the screening vocabulary: no words of the user, no conversation,
 * no identity.
 */
export const results = sqliteTable('results', {
  code: text('code').primaryKey(),
  region: text('region').notNull(),
  /** The date of the answers (YYYY-MM-DD, Asia/Shanghai). */
  asOf: text('as_of').notNull(),
  /** JSON `{ facts, unknownFacts }`. */
  answers: text('answers').notNull(),
  /** The script the family wrote in (the printable page is in it). */
  lang: text('lang').notNull(),
  createdAt: text('created_at').notNull(),
})
