/**
 * @module reports/chat-effects
 * The chat host's part in a report: before a turn commits, turn its `open_case` effect into case
 * rows (committed with the turn) and its `check_case` effect into a status, and fill the reply
 * placeholders {case.number}, {case.pin} and {case.status}. The reply with the number leaves only
 * after that commit. What is kept of the turn has the PIN masked and no contact.
 */
import type { CompiledContent, Effect, Lang, Reply } from '../engine/types.js'
import type { Stmt } from '../store/driver.js'
import type { StoredEffect } from '../store/conversations.js'
import { caseStatements } from '../store/cases.js'
import { reportDraft } from './draft.js'
import { checkCase, statusText } from './follow-up.js'
import { prepareCase } from './open-case.js'
import type { ReportServices } from './services.js'

const MASK = '******'

export interface TurnContext {
  inboundId: string
  conversationId: string
  now: Date
  newId: () => string
}

export interface ReportTurn {
  /** The replies to send, placeholders filled. */
  replies: Reply[]
  /** The replies to keep in the turn record (the PIN masked). */
  kept: Reply[]
  effects: StoredEffect[]
  rows: Stmt[]
  /** The queue item a case raised (emergency and urgent reports), for the on-call alert. */
  queued?: { urgency: 'emergency' | 'urgent'; reason: string }
}

function fillAll(replies: Reply[], fill: Record<string, string>): Reply[] {
  return replies.map((r) => {
    let text = r.text
    for (const [k, v] of Object.entries(fill)) text = text.replaceAll(`{${k}}`, v)
    return text === r.text ? r : { ...r, text }
  })
}

/** Carries out the report effects of one step; other effects pass through untouched. */
export async function applyReportEffects(
  svc: ReportServices | undefined,
  content: CompiledContent,
  lang: Lang,
  replies: Reply[],
  effects: Exclude<Effect, { type: 'save_result' }>[],
  t: TurnContext,
): Promise<ReportTurn> {
  const out: StoredEffect[] = []
  const rows: Stmt[] = []
  const shown: Record<string, string> = {}
  const kept: Record<string, string> = {}
  let queued: ReportTurn['queued']
  for (const e of effects) {
    if (e.type !== 'open_case' && e.type !== 'check_case') {
      out.push(e)
      continue
    }
    // Wired in node.ts and worker.ts; a host without it must fail loudly, not drop a report.
    if (!svc) throw new Error('report services are not configured')
    if (e.type === 'open_case') {
      const prepared = await prepareCase(svc, {
        report: reportDraft(e.report),
        contact: e.contact,
        submissionKey: t.inboundId,
        source: 'chat',
        conversationId: t.conversationId,
        now: t.now,
        newId: t.newId,
      })
      rows.push(...caseStatements(prepared.row, prepared.handoff))
      const { urgency } = prepared.row
      if (prepared.handoff && urgency !== 'standard')
        queued = { urgency, reason: prepared.handoff.reason }
      out.push({ type: 'open_case', caseNumber: prepared.row.caseNumber })
      shown['case.number'] = kept['case.number'] = prepared.row.caseNumber
      shown['case.pin'] = prepared.pin
      kept['case.pin'] = MASK
    } else {
      // The chat's client is its user (the conversation): their tries lock them, not the case.
      const check = await checkCase(svc, e.caseNumber, e.pin, t.conversationId, t.now)
      if (check.kind !== 'locked') rows.push(...check.commit)
      const text = statusText(content, lang, check)
      shown['case.status'] = kept['case.status'] = text
      out.push({ type: 'check_case' })
    }
  }
  return {
    replies: fillAll(replies, shown),
    kept: fillAll(replies, kept),
    effects: out,
    rows,
    ...(queued && { queued }),
  }
}
