/**
 * @module http/html
 * Putting server text into the pages we build (the chat page, the console): escaped for HTML, and
 * JSON made safe inside an inline <script>.
 */
export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

/**
 * The start of a page drawn on the server, to its `<head>`'s end: no referrer, not indexed, no
 * icon fetched. `titleHtml` is escaped already.
 */
export const documentHead = (lang: string, titleHtml: string, style: string): string =>
  `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${titleHtml}</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>`

/** JSON inside <script>: nothing in it may close the element or end a JS line. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
