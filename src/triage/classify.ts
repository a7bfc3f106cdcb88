/**
 * @module triage/classify
 * How urgent is this message? One scan of the lexicon (src/triage/scan.ts), then each rule of
 * content/triage/rules.yaml: its classes found together in a clause, not negated, read in time
 * (now / 刚才 / 以前 / 经常 / 如果…) and mood (说是, 怀疑), give a level. The highest level wins;
 * a professional reporter's suspicion lifts a standard concern to urgent. Pure and fast: the
 * chat engine calls it on every message.
 */
import { classIndex, prepare, scan, type Hit } from './scan.js'
import { recogniseRole } from './roles.js'
import type { Classification, Modality, TriageContent, TriageRule, Urgency } from './types.js'

export interface ClassifyOptions {
  /** A reporter role id the caller already knows (resolved with `resolveRole`). */
  reporterRole?: string
  /** The text was already passed through `prepare` (for callers that classify many times). */
  prepared?: boolean
}

const RANK: Record<Urgency, number> = { none: 0, standard: 1, urgent: 2, emergency: 3 }

interface CompiledRule {
  rule: TriageRule
  all: number[]
  unless: number[]
  window: number
}

interface Compiled {
  rules: CompiledRule[]
  /** Rule indices by the class of their first (anchor) class. */
  byAnchor: Map<number, number[]>
  precedence: { modality: Modality; cls: number }[]
  resolved: number
  benefit: number
  self: number
  question: number
  greeting: number
  general: number
  service: number
  hurtNow: number
  minor: number
  about: number
  now: number
  recent: number
}

const compiledCache = new WeakMap<TriageContent, Compiled>()

function compile(content: TriageContent): Compiled {
  const lex = content.lexicon
  const cls = (name: string): number => classIndex(lex, name)
  const rules = content.rules.map((rule) => ({
    rule,
    all: rule.all.map(cls),
    unless: (rule.unless ?? []).map(cls),
    window: rule.window ?? lex.window,
  }))
  const byAnchor = new Map<number, number[]>()
  rules.forEach((r, i) => {
    const anchor = r.all[0] ?? -1
    byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), i])
  })
  return {
    rules,
    byAnchor,
    precedence: lex.precedence.map((modality) => ({ modality, cls: cls(modality) })),
    resolved: cls('resolved'),
    benefit: cls('benefit'),
    self: cls('self'),
    question: cls('question'),
    greeting: cls('greeting'),
    general: cls('general'),
    service: cls('service'),
    hurtNow: cls('hurt_now'),
    minor: cls('minor'),
    about: cls('about'),
    now: cls('now'),
    recent: cls('recent'),
  }
}

function compiledOf(content: TriageContent): Compiled {
  let c = compiledCache.get(content)
  if (!c) {
    c = compile(content)
    compiledCache.set(content, c)
  }
  return c
}

/** Classifies one message (any script or width; it is normalised here unless `prepared`). */
export function classify(
  content: TriageContent,
  text: string,
  options: ClassifyOptions = {},
): Classification {
  const prepared = options.prepared ? text : prepare(content.lexicon, text)
  const hits = scan(content.lexicon, prepared)
  const role = options.reporterRole ?? recogniseRole(content, hits)
  const result: Classification = {
    urgency: 'none',
    hurt: false,
    immediate: false,
    support: false,
    concerns: [],
    rules: [],
    selfReport: false,
    ...(role !== undefined && { role }),
    benefit: false,
    greeting: false,
    info: false,
    unsure: false,
  }
  // Could not tell: nothing matched a report-length message that is not a question, not about
  // benefits, and denies nothing. Such a `none` must ask about danger rather than reassure.
  const unsureIfLong = (): Classification => {
    const question = compiledOf(content).question
    result.unsure =
      result.rules.length === 0 &&
      !result.benefit &&
      prepared.length >= content.lexicon.unsureChars &&
      !hits.some((h) => h.negated || h.cls === question)
    return result
  }
  if (hits.length === 0) return unsureIfLong()

  const c = compiledOf(content)
  const byClass = new Map<number, Hit[]>()
  for (const h of hits) {
    const list = byClass.get(h.cls)
    if (list) list.push(h)
    else byClass.set(h.cls, [h])
  }
  const has = (cls: number): boolean => byClass.has(cls)
  const resolved = has(c.resolved)
  const benefit = has(c.benefit)
  // A question about a service or what happens next ("家暴报警以后警察会怎么处理？"), with nothing
  // told as happening now or lately, is read like a general question.
  const general = has(c.general) || (has(c.about) && !has(c.now) && !has(c.recent))
  const minor = byClass.get(c.minor)?.some((h) => !h.negated) === true
  result.benefit = benefit
  result.greeting = isGreeting(prepared, byClass.get(c.greeting), content.lexicon.separators)
  const modalityOf = (clause: number): Modality => {
    for (const p of c.precedence)
      if (byClass.get(p.cls)?.some((h) => h.clause === clause)) return p.modality
    for (const p of c.precedence) if (has(p.cls)) return p.modality
    return 'unmarked'
  }

  const frame: Frame = { resolved, benefit, general, minor }
  // Only the rules whose first class was found, in the order rules.yaml gives them.
  const candidates: number[] = []
  for (const cls of byClass.keys()) {
    const anchored = c.byAnchor.get(cls)
    if (anchored) for (const r of anchored) candidates.push(r)
  }
  candidates.sort((x, y) => x - y)
  const fired: { rule: TriageRule; level: Urgency; anchors: Hit[] }[] = []
  for (const r of candidates) {
    const cr = c.rules[r]!
    const anchors = byClass.get(cr.all[0] ?? -1)
    if (!anchors) continue
    let best: Urgency = 'none'
    const at: Hit[] = []
    for (const a of anchors) {
      if (a.negated) continue
      if (cr.unless.some((u) => byClass.get(u)?.some((h) => h.clause === a.clause))) continue
      if (!cr.all.every((cls, i) => i === 0 || near(byClass.get(cls), a, cr))) continue
      const level = levelOf(cr.rule, modalityOf(a.clause), frame)
      if (RANK[level] > RANK[best]) best = level
      if (level !== 'none') at.push(a)
    }
    if (best !== 'none') fired.push({ rule: cr.rule, level: best, anchors: at })
  }
  fired.sort((x, y) => RANK[y.level] - RANK[x.level])

  for (const f of fired) {
    if (RANK[f.level] > RANK[result.urgency]) result.urgency = f.level
    if (f.level === 'emergency' && f.rule.hurt) result.hurt = true
    if (f.level === 'emergency' && (f.rule.hurt || f.rule.immediate)) result.immediate = true
    if (!result.concerns.includes(f.rule.concern)) result.concerns.push(f.rule.concern)
    result.rules.push(f.rule.id)
  }
  if (!minor) liftIfHurtNow(result, byClass.get(c.hurtNow), modalityOf, resolved)
  const selfHits = byClass.get(c.self)
  if (selfHits)
    result.selfReport = fired.some((f) =>
      f.anchors.some((a) => selfHits.some((s) => !s.negated && nearHit(s, a, 12))),
    )
  if (
    result.urgency === 'standard' &&
    !general &&
    role !== undefined &&
    content.roles.find((r) => r.id === role)?.raises === true &&
    result.concerns.some((x) => content.raiseConcerns.includes(x))
  ) {
    result.urgency = 'urgent'
    result.rules.push('reporter_suspicion')
  }
  result.support =
    RANK[result.urgency] >= RANK.urgent &&
    content.supportConcerns.includes(result.concerns[0] ?? '')
  result.info = result.rules.length === 0 && has(c.question) && has(c.service)
  return unsureIfLong()
}

/** An injury under way: not one that was, is told of second-hand, suspected or imagined. */
const HURT_NOW_MODALITIES: ReadonlySet<Modality> = new Set(['now', 'unmarked'])

/**
 * A concern the rules rate urgent or higher, told together with an injury under way ("腿动不了了",
 * "呼吸不太顺", "站不稳了"): someone needs 120 as well as 110, so it is an emergency with the hurt
 * flag. An injury alone ("孩子肚子痛怎么办") raises nothing: it is a modifier, not a rule.
 */
function liftIfHurtNow(
  result: Classification,
  hurt: Hit[] | undefined,
  modalityOf: (clause: number) => Modality,
  resolved: boolean,
): void {
  if (!hurt || resolved || RANK[result.urgency] < RANK.urgent) return
  if (!hurt.some((h) => !h.negated && HURT_NOW_MODALITIES.has(modalityOf(h.clause)))) return
  result.urgency = 'emergency'
  result.hurt = true
  result.immediate = true
  result.rules.push('hurt_now')
}

/** Greetings cover the message, but for separators and at most two other characters. */
function isGreeting(text: string, greetings: Hit[] | undefined, separators: string): boolean {
  if (!greetings) return false
  let other = 0
  for (let i = 0; i < text.length; i++) {
    if (separators.includes(text[i]!) || greetings.some((h) => h.start <= i && i < h.end)) continue
    if (++other > 2) return false
  }
  return true
}

function near(list: Hit[] | undefined, a: Hit, cr: CompiledRule): boolean {
  if (!list) return false
  return list.some(
    (h) =>
      !h.negated &&
      (cr.rule.crossClause === true || h.clause === a.clause) &&
      nearHit(h, a, cr.window),
  )
}

function nearHit(h: Hit, a: Hit, window: number): boolean {
  const gap = h.start >= a.end ? h.start - a.end : a.start >= h.end ? a.start - h.end : 0
  return gap <= window
}

/** What the whole message says about itself, read once per message. */
interface Frame {
  resolved: boolean
  benefit: boolean
  /** A drill, the news, a lesson, a film, a question about a service. */
  general: boolean
  /** A small injury (擦破皮, 创可贴): a rule's `when.minor` applies (an injury is a concern). */
  minor: boolean
}

function levelOf(rule: TriageRule, modality: Modality, frame: Frame): Urgency {
  const when = rule.when ?? {}
  if (frame.resolved && when.resolved) return when.resolved
  if (frame.benefit && modality !== 'now' && when.benefit) return when.benefit
  const level = when[modality] ?? rule.level
  if (frame.minor && when.minor) return when.minor
  if (RANK[level] <= RANK.standard) return level
  // A drill, the news, a lesson, a film: at most a concern for local staff, unless someone is hurt
  // now (an injury the news told of, days ago, is not).
  const hurtNow = rule.hurt === true && HURT_NOW_MODALITIES.has(modality)
  return frame.general && !hurtNow ? 'standard' : level
}
