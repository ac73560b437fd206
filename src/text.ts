/**
 * One rule for the text of an id, a name or a title, wherever it enters (imports, the API's schemas, the dashboard's
 * forms): what is refused and what is normalised.
 *
 * - Refused: control characters (C0, DEL, C1 — NUL among them, which the database reads back cut short: `X3\0` was
 *   read as `X3`), invisible format characters (zero-width space U+200B, ZWNJ/ZWJ U+200C/D, LRM/RLM U+200E/F, word
 *   joiner U+2060–U+2064, a BOM U+FEFF inside a value, soft hyphen, the bidi embeddings, overrides and isolates
 *   U+202A–U+202E, U+2066–U+2069, and every other Unicode "Cf"), and the line and paragraph separators U+2028/U+2029.
 *   Each makes a value that looks like another one and is not (`X3` and `X3\u200B`).
 * - Normalised: Unicode NFC (a precomposed and a decomposed `é` are one name), every space-like character (the
 *   full-width space U+3000, NBSP, …) read as a plain space, runs of spaces made one, and the ends trimmed.
 */

// \p{Cc}: C0, DEL, C1; \p{Cf}: format characters (zero-width, bidi, BOM, soft hyphen, …); \p{Zl}\p{Zp}: U+2028/9
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
/** the same, less the line feed and the tab, for texts of several lines (a question's stem) */
const INVISIBLE_IN_LINES = /(?![\n\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
const SPACES = /\p{Zs}+/gu

/** Where a value holds a character the rule refuses: its 1-based position (in characters) and its code point. */
export interface InvisibleChar {
  position: number
  codePoint: number
}

/** The first refused character of `text` (see the header), or null; `lines`: a line break and a tab are allowed. */
export function findInvisible(text: string, opts: { lines?: boolean } = {}): InvisibleChar | null {
  const m = (opts.lines ? INVISIBLE_IN_LINES : INVISIBLE).exec(text)
  if (!m) return null
  return { position: [...text.slice(0, m.index)].length + 1, codePoint: m[0].codePointAt(0)! }
}

/** `U+200B` */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * NFC, space-like characters as one plain space, trimmed (see the header); `lines`: line endings (CRLF, CR) made LF and
 * each line's spaces kept as written. Refused characters are left in place: check with `findInvisible` first.
 */
export function normalizeText(text: string, opts: { lines?: boolean } = {}): string {
  const nfc = text.normalize('NFC')
  return opts.lines ? nfc.replace(/\r\n?/g, '\n').trim() : nfc.replace(SPACES, ' ').trim()
}

/** `text` normalised, or the refused character it holds (checked once its ends are trimmed). */
export function cleanText(text: string, opts: { lines?: boolean } = {}): { ok: true; value: string } | { ok: false; found: InvisibleChar } {
  const trimmed = opts.lines ? text.replace(/\r\n?/g, '\n').trim() : text.trim()
  const found = findInvisible(trimmed, opts)
  return found ? { ok: false, found } : { ok: true, value: normalizeText(trimmed, opts) }
}

/** What a value with a refused character is told, in English (API clients, logs). */
export function invisibleMessage(c: InvisibleChar): string {
  return `contains an invisible or control character (${codePointName(c.codePoint)}) at character ${c.position}`
}
