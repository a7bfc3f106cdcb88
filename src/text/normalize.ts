/**
 * @module text/normalize
 * One canonical form for matching what people type: NFKC (full-width → half-width), traditional
 * characters mapped to simplified, Latin lower-cased, spaces and edge punctuation removed.
 */

const EDGE_PUNCTUATION =
  /^[\s.,!?;:'"`~，。！？；：、…·“”‘’（）()【】[\]《》<>-]+|[\s.,!?;:'"`~，。！？；：、…·“”‘’（）()【】[\]《》<>-]+$/gu

// eslint-disable-next-line no-control-regex -- the ASCII range is the point
const NEEDS_NFKC = /[^\x00-\x7f\u4e00-\u9fff]/

/** Maps each traditional character to its simplified form; other characters pass through. */
export function toSimplified(text: string, t2s: Record<string, string>): string {
  if (!isTraditional(text, t2s)) return text
  let out = ''
  for (const ch of text) out += t2s[ch] ?? ch
  return out
}

/** True when the text holds a character that only traditional writing uses. */
export function isTraditional(text: string, t2s: Record<string, string>): boolean {
  return holdsAny(text, t2s)
}

// A lookup in a table of thousands of characters is slow for each new one-character string;
// the code points, built once per table, are read straight from the text.
const codePoints = new WeakMap<object, Set<number>>()

/** True when some character of the text is a key of the table (a character table of content). */
export function holdsAny(text: string, table: Record<string, unknown>): boolean {
  let codes = codePoints.get(table)
  if (!codes) {
    codes = new Set(Object.keys(table).map((ch) => ch.codePointAt(0)!))
    codePoints.set(table, codes)
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!
    if (codes.has(code)) return true
    if (code > 0xffff) i++
  }
  return false
}

/** NFKC (full-width → half-width, compatibility forms folded). */
export function nfkc(text: string): string {
  // ASCII and CJK Unified Ideographs have no compatibility forms: NFKC would not change them.
  return NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text
}

/** The matching form: NFKC, simplified, lower case, inner whitespace collapsed, edges trimmed. */
export function normalize(text: string, t2s: Record<string, string>): string {
  return toSimplified(nfkc(text), t2s)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(EDGE_PUNCTUATION, '')
}
