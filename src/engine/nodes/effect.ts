/**
 * @module engine/nodes/effect
 * Ask the host to do something: queue a handoff, open a case from the report
 * flow's answers, look one up, or erase the conversation. What a reporter typed that must not rest in the conversation
 * state (their contact, a PIN) is taken out of the variables here and travels only in the effect.
 */
import { render, type StepContext } from '../context.js'
import type { StepKind } from '../registry.js'
import type { EffectNode, Reply, ReportDraft, Value } from '../types.js'
import { assertNever } from '../assert-never.js'
import { assessReport } from '../../triage/assess-report.js'
import { dutyFor } from '../../triage/duty.js'
import { reportRouting } from '../../triage/route.js'
import { contactCard } from './contacts.js'

/** The variables the report flow fills (flows/report.yaml) and the follow-up reads. */
const REPORT_VARS = {
  inDanger: 'in_danger',
  what: 'what',
  age: 'child_age',
  region: 'region',
  place: 'place',
  happeningNow: 'happening_now',
  hurt: 'hurt',
  reporterRole: 'reporter_role',
  anonymous: 'anonymous',
  contact: 'contact',
  caseNumber: 'case_number',
  pin: 'case_pin',
} as const

const bool = (v: Value | undefined): boolean | null => (typeof v === 'boolean' ? v : null)
const str = (v: Value | undefined): string | null => (typeof v === 'string' && v ? v : null)

/** Removes a variable and gives its text: it must not be saved with the conversation. */
function take(ctx: StepContext, name: string): string | null {
  const value = str(ctx.state.vars[name])
  delete ctx.state.vars[name]
  return value
}

function draft(ctx: StepContext): ReportDraft {
  const v = ctx.state.vars
  const age = v[REPORT_VARS.age]
  return {
    inDanger: bool(v[REPORT_VARS.inDanger]),
    what: str(v[REPORT_VARS.what]) ?? '',
    age: typeof age === 'number' ? age : null,
    region: str(v[REPORT_VARS.region]),
    place: str(v[REPORT_VARS.place]),
    happeningNow: bool(v[REPORT_VARS.happeningNow]),
    hurt: bool(v[REPORT_VARS.hurt]),
    reporterRole: str(v[REPORT_VARS.reporterRole]),
    anonymous: v[REPORT_VARS.anonymous] === true,
  }
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

export const effect: StepKind<EffectNode> = {
  wait: false,
  texts: ['report.next.emergency', 'report.next.urgent', 'report.next.standard'],
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
        const report = draft(ctx)
        const contact = report.anonymous ? null : take(ctx, REPORT_VARS.contact)
        // The case keeps them now; the conversation state need not.
        for (const name of [REPORT_VARS.contact, REPORT_VARS.what, REPORT_VARS.place])
          delete ctx.state.vars[name]
        ctx.effects.push({ type: 'open_case', report, contact })
        extra = [nextSteps(ctx, report), ...(dutyReply(ctx, report) ?? [])]
        break
      }
      case 'check_case':
        ctx.effects.push({
          type: 'check_case',
          caseNumber: take(ctx, REPORT_VARS.caseNumber) ?? '',
          pin: take(ctx, REPORT_VARS.pin) ?? '',
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
}
