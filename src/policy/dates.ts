/**
 * @module policy/dates
 * Calendar dates in Asia/Shanghai (UTC+8 all year, no daylight saving, so no Intl is needed) and
 * birthdays. Dates are YYYY-MM-DD strings, which compare correctly as strings.
 */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

/** Today's date in Asia/Shanghai. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const probe = new Date(Date.UTC(y, mo - 1, d))
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/**
 * The Nth birthday of someone born on `birth`. A 29 February birthday falls on 28 February in
 * a common year (the month's last day, as 民法典 第二百零二条 counts a period with no
 * corresponding day; outside the seeds).
 */
export function birthday(birth: string, years: number): string {
  const y = Number(birth.slice(0, 4)) + years
  const md = birth.slice(5)
  const day = md === '02-29' && !isLeap(y) ? '02-28' : md
  return `${String(y).padStart(4, '0')}-${day}`
}

/** Age in whole years on `asOf` (the birthday itself counts as the new year of age). */
export function fullYears(birth: string, asOf: string): number {
  let years = Number(asOf.slice(0, 4)) - Number(birth.slice(0, 4))
  if (years > 0 && asOf < birthday(birth, years)) years -= 1
  return Math.max(0, years)
}

/** Age in years with a fraction (months / 12), for display and for "adult" checks. */
export function exactAge(birth: string, asOf: string): number {
  const years = fullYears(birth, asOf)
  const last = birthday(birth, years)
  let months = (Number(asOf.slice(0, 4)) - Number(last.slice(0, 4))) * 12
  months += Number(asOf.slice(5, 7)) - Number(last.slice(5, 7))
  if (asOf.slice(8) < last.slice(8)) months -= 1
  return years + Math.max(0, Math.min(11, months)) / 12
}
