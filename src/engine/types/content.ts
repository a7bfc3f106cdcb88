/**
 * @module engine/types/content
 * The compiled content the engine reads: flows (their nodes' types come from each kind's schema,
 * see engine/registry.ts), texts, commands, triage, policy, contacts, regions and settings.
 */
import type { z } from 'zod'
import type { ConsoleContent } from '../../console/content.js'
import type { PolicyBundle } from '../../policy/types.js'
import type { ExtractLexicon } from '../../text/extract.js'
import type { YesNoWords } from '../../text/yes-no.js'
import type { Region } from '../../regions.js'
import type { TriageContent } from '../../triage/types.js'
import type { flowSchema } from '../flow.js'
import type { value } from '../nodes/fields.js'

export type { AskNode, FlowNode, NodeKind } from '../registry.js'
/** The main menu's kind (channels read its choices). Each kind's node type is in its own file. */
export type { AskChoiceNode } from '../nodes/ask-choice.js'

export type Lang = 'zh-Hans' | 'zh-Hant' | 'en'
export type Value = z.infer<typeof value>
export type Vars = Record<string, Value>

/** A text key in content/texts/<lang>.yaml. */
export type TextRef = string

export type Flow = z.infer<typeof flowSchema>

export interface Contact {
  id: string
  name: string
  phone?: string
  description: string
}

export type { Region } from '../../regions.js'

export type CommandId = 'menu' | 'back' | 'human' | 'restart' | 'exit' | 'erase'

export interface CompiledContent {
  flows: Record<string, Flow>
  texts: Record<Lang, Record<TextRef, string>>
  commands: Record<CommandId, string[]>
  /** The words for yes, no and 不清楚 (content/answers.yaml). */
  yesNo: YesNoWords
  /** Flow ids the engine itself uses. */
  entry: {
    main: string
    danger: string
    human: string
    /** Where a message about suicide or self-harm goes (a warm reply, not a questionnaire). */
    support: string
    /** Where a message the bot cannot place goes: is a child in danger now? */
    check: string
    /** 删除我的记录: the confirmation before a conversation is erased. */
    erase: string
    /** Where a kept result reopens (its answers in vars, see engine/result.ts). */
    result: string
  }
  /** Danger detection, routing and reporting duties (content/triage/). */
  triage: TriageContent
  /** The words that read a family's story: intents and screening facts (content/extract.yaml). */
  extract: ExtractLexicon
  /** The entitlements of each region as rules, with citations (content/policies/). */
  policy: PolicyBundle
  /** The same bundle with what a family reads in Traditional characters (quotes stay verbatim). */
  policyHant: PolicyBundle
  contacts: Record<string, Contact>
  regions: Region[]
  /** Traditional → simplified, character by character (from opencc-js at build time). */
  t2s: Record<string, string>
  /** Characters whose traditional form differs: seeing one means the user writes simplified. */
  simplifiedOnly: Record<string, 1>
  settings: {
    idleHours: number
    maxInvalid: number
    maxTextLength: number
    /** Conversations silent this long are deleted (src/store/retention.ts). */
    retentionDays: number
  }
  /** Requests per client (content/settings.yaml `limits`), enforced by src/http/rate-limit.ts. */
  limits: Record<
    | 'chatPerUser'
    | 'chatPerAddress'
    | 'usersPerAddress'
    | 'reportsPerAddress'
    | 'resultsPerAddress',
    { max: number; perSeconds: number }
  >
  /** Every contact's name and description in Traditional characters, by its simplified form. */
  contactsHant: Record<string, string>
  /** The operators' side: service hours, canned replies, the console's words. */
  console: ConsoleContent
}
