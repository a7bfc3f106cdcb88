/**
 * @module triage/types
 * The compiled triage content (plain JSON, built once by src/content/triage-load.ts from
 * content/triage/*.yaml, content/contacts/national.yaml and content/texts/triage.yaml) and the
 * shapes the classifier and the router return.
 */
import type { Region } from '../regions.js'

/** How soon someone must act, most urgent first. */
export type Urgency = 'emergency' | 'urgent' | 'standard' | 'none'
export const URGENCIES: readonly Urgency[] = ['emergency', 'urgent', 'standard', 'none']

/** A clause in a seed document: number, section path as printed, short verbatim quote. */
export interface Citation {
  doc: string
  section: string
  quote: string
}

/**
 * How a match reads in time or mood. `unmarked` when no marker is near; the rest are marker
 * classes of the lexicon, checked in the lexicon's `precedence` order.
 */
export type Modality =
  'now' | 'hypothetical' | 'past' | 'recent' | 'habitual' | 'reported' | 'suspected' | 'unmarked'

/** Message-wide modifiers: any hit anywhere in the message applies them. */
export type Modifier = 'resolved' | 'benefit' | 'minor'

export interface TriageRule {
  id: string
  /** Concern type for routing: violence, sexual, suicide, missing, neglect… */
  concern: string
  /** Lexicon classes that must all be found, not negated, within `window` of the first. */
  all: string[]
  /** Classes that stop a match when found in the first class's clause. */
  unless?: string[]
  /** Level when the match is `now` or `unmarked`, or has no `when` entry. */
  level: Urgency
  /** Level per modality or modifier; `none` means the rule does not fire. */
  when?: Partial<Record<Modality | Modifier, Urgency>>
  /** Someone is hurt: 120 as well, when the level is emergency. */
  hurt?: boolean
  /** Harm is under way or minutes away (pills taken, on the roof): the reply leads with 120/110. */
  immediate?: boolean
  /** Characters between the first class's hit and each other's; default lexicon window. */
  window?: number
  /** Let the other classes be found in other clauses of the message. */
  crossClause?: boolean
}

export interface Lexicon {
  /** Max characters between a negator's end and the negated phrase's start. */
  negationWindow: number
  /** Default co-occurrence window of a rule. */
  window: number
  /** Characters that end a clause (negation and markers do not cross them). */
  separators: string
  /** Modality marker classes, strongest first. */
  precedence: Exclude<Modality, 'unmarked'>[]
  /** Classes whose phrases a negator before them cancels. */
  negatable: string[]
  /** Class name → phrases (simplified, lower case). `mask` and `neg` are special. */
  classes: Record<string, string[]>
  /** English word or phrase (lower case) → its Chinese in matching form (content/triage/english.yaml). */
  english: Record<string, string>
  /** Traditional → simplified for the characters the phrases use (a slice of opencc's). */
  fold: Record<string, string>
  /** Messages longer than this are read up to this length (a report is short). */
  maxChars: number
  /** A message with no match and at least this many characters is `unsure`, not `none`. */
  unsureChars: number
}

export interface ReporterRole {
  id: string
  name: string
  /** Words a client may send as reporterRole, besides the id. */
  aliases: string[]
  /** Nouns that name the role after a self-marker (我是…, 作为…). */
  nouns: string[]
  /** Phrases that show the writer holds the role on their own (我的学生, 我们班). */
  phrases: string[]
  /** A professional's suspicion raises a standard concern to urgent. */
  raises: boolean
}

export type DutyStatus = 'mandated' | 'oversees' | 'not_named' | 'no_local_document'

export interface Duty {
  region: string
  role: string
  status: DutyStatus
  /** The text key (content/texts/triage.yaml) that says the duty, and its zh-Hans text. */
  textKey: string
  text: string
  citations: Citation[]
}

/** A covered region (content/regions.yaml) with its seed documents (duties.yaml). */
export interface TriageRegion extends Region {
  /** The seed documents that stand for this region, in force together. */
  documents: string[]
}

export interface DirectoryEntry {
  id: string
  /** The agency as the documents name it. */
  agency: string
  /** Its role in routing: police, ambulance, child_director, township, civil_affairs… */
  role: string
  /** `national`, or a division code of 6 to 12 digits (province, city, county, town, village). */
  region: string
  /** What to do, phrased for the user ("拨打110或到就近派出所"). */
  action: string
  phone?: string
  hours?: string
  /** ISO date a person checked the phone number; required with a local phone. */
  verified?: string
  /** Concern types this entry serves; absent means all. */
  concerns?: string[]
  source: Citation
  /** Set when the entry rests on something outside the seeds, saying what. */
  outsideSeeds?: string
  /** How the source applies here (a national entry cites a regional seed, for example). */
  note?: string
}

/** A role, or alternatives: the first alternative found along the region chain is used. */
export type RouteSlot = string | string[]

export interface Route {
  urgency: Urgency
  /** Concern types this route is for; absent means any. The first matching route is used. */
  concerns?: string[]
  /** Roles to contact first. */
  first: RouteSlot[]
  then: RouteSlot[]
}

export interface TriageContent {
  lexicon: Lexicon
  rules: TriageRule[]
  /** Concerns that a professional's suspicion raises from standard to urgent. */
  raiseConcerns: string[]
  /**
   * Concerns answered with support, not an alarm (suicide): a warm first reply, an alarm only when
   * harm is under way, then the support flow.
   */
  supportConcerns: string[]
  roles: ReporterRole[]
  regions: TriageRegion[]
  duties: Duty[]
  directory: DirectoryEntry[]
  routes: Route[]
  /** Every key of content/texts/triage.yaml with its zh-Hans text. */
  texts: Record<string, string>
}

/** What `classify` says about one message. */
export interface Classification {
  urgency: Urgency
  /** Someone is hurt and the level is emergency: give 120 too. */
  hurt: boolean
  /** An emergency rule that says harm is under way or minutes away fired (or someone is hurt). */
  immediate: boolean
  /** The main concern is one of the content's `supportConcerns` (urgent or emergency only). */
  support: boolean
  /** Concern types, most urgent first, without repeats. */
  concerns: string[]
  /** Ids of the rules that fired (level above none). */
  rules: string[]
  /** The writer speaks of harm to themself ("我爸拿皮带抽我"). */
  selfReport: boolean
  /** The reporter's role, from the option or recognised in the text. */
  role?: string
  /** The message asks about benefits (补贴, 怎么申请…). */
  benefit: boolean
  /** The whole message is a greeting or a thanks (你好, 在吗, 谢谢, hi): nothing to place. */
  greeting: boolean
  /** A question about a service or number (12355是什么？打110要钱吗？) and no rule fired. */
  info: boolean
  /**
   * No rule matched a message long enough to be a report (not a short chat answer or a benefit
   * question): `none` here means "could not tell", and callers should ask whether the child is
   * in danger now rather than reassure.
   */
  unsure: boolean
}
