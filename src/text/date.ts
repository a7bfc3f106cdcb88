/**
 * @module text/date
 * Dates as people type them: 2015-03-04, 2015/3/4, 2015.3.4, 2015年3月4日(号). Returns YYYY-MM-DD.
 */

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/

/** Parses a calendar date; undefined if the text is not one or the day does not exist. */
export function parseDate(text: string): string | undefined {
  const m = DATE.exec(text.trim())
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const probe = new Date(Date.UTC(y, mo - 1, d))
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return undefined
  }
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
