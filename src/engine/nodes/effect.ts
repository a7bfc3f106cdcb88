/**
 * @module engine/nodes/effect
 * Ask the host to do something: queue a handoff, open a case from the report flow's answers, look
 * one up, or erase the conversation. Which var fills each field of the report, and which hold the
 * contact, the case number and the PIN, the flow declares (flows/report.yaml, followup.yaml); the
 * compiler checks that some node of the flow sets each. What a reporter typed that must not rest
 * in the conversation state (their contact, a PIN) is taken out of the variables here and travels
 * only in the effect.
 */
import { z } from 'zod'
import { render, type StepContext } from '../context.js'
import { ref, stepKind, type Ref } from '../kind.js'
import type { Reply, Vars } from '../types.js'
import { assertNever } from '../assert-never.js'
import { reportDraft, reportField, type ReportDraft } from '../../reports/draft.js'
import { assessReport } from '../../triage/assess-report.js'
import { dutyFor } from '../../triage/duty.js'
import { reportRouting } from '../../triage/route.js'
import { contactCard } from './contacts.js'
import { id, mode, next, textRef } from './fields.js'

/** How soon a person must look: the operators' queue is ordered by it, then by waiting time. */
export const queueUrgency = z.enum(['emergency', 'urgent', 'standard'])

const spec = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('queue_handoff'),
    reason: id,
    urgency: queueUrgency.optional(),
  }),
  /** Open a case from the report's vars; the reply may show {case.number}. */
  z.strictObject({
    type: z.literal('open_case'),
    /** The var that fills each field of the report (src/reports/draft.ts), every field once. */
    report: z.record(reportField, id),
    /** The var holding how to reach the reporter (not kept when the report is anonymous). */
    contact: id,
  }),
  /** Look up a case from the vars holding its number and PIN; the reply may show {case.status}. */
  z.strictObject({ type: z.literal('check_case'), caseNumber: id, pin: id }),
  /** Erase the conversation's messages, notes and state (a case it filed stays). */
  z.strictObject({ type: z.literal('erase_conversation') }),
])

/** The vars the effect reads: each must be set by some node of the flow. */
function reads(effect: z.infer<typeof spec>): Ref[] {
  switch (effect.type) {
    case 'open_case':
      return [
        ...Object.entries(effect.report).flatMap(([field, name]) =>
          ref('var', ['effect', 'report', field], name),
        ),
        ...ref('var', ['effect', 'contact'], effect.contact),
      ]
    case 'check_case':
      return [
        ...ref('var', ['effect', 'caseNumber'], effect.caseNumber),
        ...ref('var', ['effect', 'pin'], effect.pin),
      ]
    case 'queue_handoff':
    case 'erase_conversation':
      return []
    default:
      return assertNever(effect)
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)

/** Removes a variable and gives its text: it must not be saved with the conversation. */
function take(ctx: StepContext, name: string): string | null {
  const value = str(ctx.state.vars[name])
  delete ctx.state.vars[name]
  return value
}

/** The values of the vars mapped to each field (a var not set gives no value). */
function fields(ctx: StepContext, mapping: Record<string, string>): Vars {
  const out: Vars = {}
  for (const [field, name] of Object.entries(mapping)) {
    const value = ctx.state.vars[name]
    if (value !== undefined) out[field] = value
  }
  return out
}

/** A mandated reporter's duty in their region, with the clause; nothing for other reporters. */
function dutyReply(ctx: StepContext, report: ReportDraft): Reply[] | undefined {
  const triage = ctx.content.triage
  // Professionals only (roles.yaml `raises`): the public's "no duty" text is not worth a message.
  if (triage.roles.find((r) => r.id === report.reporterRole)?.raises !== true) return undefined
  const region = triage.regions.find((r) => r.slug === report.region)
  const duty = dutyFor(triage, report.reporterRole ?? '', region)
  if (!duty) return undefined
  const cites = duty.citations.map((c) =>
    render(ctx, 'report.duty_cite', { doc: c.doc, section: c.section, quote: c.quote }),
  )
  return [{ text: [duty.text, ...cites].join('\n') }]
}

/**
 * What happens next, by how urgent the report reads: what to do now, that an urgent one waits for a
 * person, and the local contacts the directory routes to for the region and concern (110 first).
 */
function nextSteps(ctx: StepContext, report: ReportDraft): Reply {
  const triage = ctx.content.triage
  const { urgency, concerns } = assessReport(triage, report)
  const routing = reportRouting(triage, { urgency, concerns, region: report.region })
  return {
    text: render(ctx, `report.next.${urgency}`),
    contacts: [...routing.first, ...routing.then].map(contactCard),
  }
}

export const effect = stepKind(
  z.strictObject({
    kind: z.literal('effect'),
    effect: spec,
    /** A message shown after the effect is requested. */
    text: textRef.optional(),
    /** The conversation mode after the effect. */
    mode: mode.optional(),
    ...next,
  }),
  {
    texts: [
      'report.next.emergency',
      'report.next.urgent',
      'report.next.standard',
      'report.duty_cite',
    ],
    refs: (node) => [
      ...ref('text', ['text'], node.text),
      ...ref('node', ['next'], node.next),
      ...reads(node.effect),
    ],
    run(node, ctx) {
      const spec = node.effect
      let extra: Reply[] = []
      switch (spec.type) {
        case 'queue_handoff':
          ctx.effects.push({
            type: 'queue_handoff',
            reason: spec.reason,
            urgency: spec.urgency ?? 'standard',
          })
          break
        case 'open_case': {
          const report = fields(ctx, spec.report)
          const draft = reportDraft(report)
          const contact = draft.anonymous ? null : take(ctx, spec.contact)
          // The case keeps it now; the conversation state need not (nor what and where: the
          // flow clears them next).
          delete ctx.state.vars[spec.contact]
          ctx.effects.push({ type: 'open_case', report, contact })
          extra = [nextSteps(ctx, draft), ...(dutyReply(ctx, draft) ?? [])]
          break
        }
        case 'check_case':
          ctx.effects.push({
            type: 'check_case',
            caseNumber: take(ctx, spec.caseNumber) ?? '',
            pin: take(ctx, spec.pin) ?? '',
          })
          break
        case 'erase_conversation':
          // Nothing the user said stays in the state either; the host deletes the rest.
          ctx.effects.push({ type: 'erase_conversation' })
          ctx.state.vars = {}
          ctx.state.history = []
          break
        default:
          assertNever(spec)
      }
      if (node.mode) ctx.state.mode = node.mode
      if (node.text) ctx.replies.push({ text: render(ctx, node.text) })
      ctx.replies.push(...extra)
      return { to: 'node', node: node.next }
    },
  },
)
export type EffectNode = z.infer<typeof effect.schema>
