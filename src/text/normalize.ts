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
  for (const ch of text) if (t2s[ch] !== undefined) return true
  return false
}

/** The matching form: NFKC, simplified, lower case, inner whitespace collapsed, edges trimmed. */
export function normalize(text: string, t2s: Record<string, string>): string {
  // ASCII and CJK Unified Ideographs have no compatibility forms: NFKC would not change them.
  const nfkc = NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text
  return toSimplified(nfkc, t2s).toLowerCase().replace(/\s+/g, ' ').replace(EDGE_PUNCTUATION, '')
}
