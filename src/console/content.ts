/**
 * @module console/content
 * What content/console/console.yaml gives the operators' side: service hours and holidays, the
 * numbers a user is given when no one is there, canned replies and the console's own words. And
 * the one question asked of the hours: is a person meant to be here now?
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** Minutes after midnight, Beijing time. */
export interface Span {
  open: number
  close: number
  /** As written, for users ("09:00-21:00"). */
  text: string
}

export type ConsoleLang = 'zh-Hans' | 'zh-Hant'

export interface CannedReply {
  id: string
  label: Record<ConsoleLang, string>
  text: Record<ConsoleLang, string>
}

export interface ConsoleContent {
  hours: Partial<Record<Weekday, Span>>
  holidays: string[]
  /** Contact ids (content/contacts/) shown when no one can answer. */
  awayContacts: string[]
  canned: CannedReply[]
  texts: Record<ConsoleLang, Record<string, string>>
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000

/**
 * Whether `now` is inside the service hours (and not a holiday); when not, today's hours as
 * written (empty on a day without service), for the user.
 */
export function serviceHours(c: ConsoleContent, now: Date): { open: boolean; today: string } {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS)
  const date = local.toISOString().slice(0, 10)
  const span = c.hours[WEEKDAYS[local.getUTCDay()]!]
  if (!span || c.holidays.includes(date)) return { open: false, today: '' }
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes()
  return { open: minute >= span.open && minute < span.close, today: span.text }
}
