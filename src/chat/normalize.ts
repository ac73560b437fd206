/** Text as people type it in WeChat → the form the router matches triggers against. */

/** Full-width ASCII (Ａ１！) and the ideographic space become their half-width forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)))
}

const SPACE = '[\\s\\u2005\\u00a0\\u200b]'
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Removes @-mentions: first the known names exactly (a name may contain spaces), then any
 * `@word` that stands as its own token (WeChat puts U+2005 after a mention).
 */
export function stripMentions(text: string, names: readonly string[] = []): string {
  let out = text
  for (const name of names.filter((n) => n.trim() !== '')) {
    out = out.replace(new RegExp(`@${escapeRe(name)}(?=${SPACE}|$)`, 'g'), ' ')
  }
  return out.replace(new RegExp(`(^|${SPACE})@[^\\s\\u2005]+(?=${SPACE}|$)`, 'g'), '$1 ')
}

/** Spaces between two Chinese characters are dropped (签 到 → 签到); other runs become one space. */
export function collapseSpaces(text: string): string {
  return text
    .replace(new RegExp(`${SPACE}+`, 'g'), ' ')
    .replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1')
    .trim()
}

export function normalizeChatText(text: string, mentionNames: readonly string[] = []): string {
  return collapseSpaces(stripMentions(toHalfWidth(text), mentionNames))
}
