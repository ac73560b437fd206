/**
 * How long one WeChat text may be, and the one function that fits text into as few messages as that allows.
 *
 * The limit: WeChat's own bot API (iLink, a personal account's text) cuts or refuses a text past 2,000
 * characters — NousResearch/hermes-agent#16411 and #16985 ("matches iLink's real cap"), and xmanrui/dsh-im#48
 * settles on 1,800 after 2,000-character texts were still refused. WeCom and the official-account APIs document
 * 2,048 bytes (UTF-8, ~680 Chinese characters) — that is the group robots' limit, not a private chat's. We keep
 * 1,800 characters (code points): a tenth under the cap, as dsh-im does.
 */

export const WECHAT_TEXT_MAX = 1800

const length = (s: string) => [...s].length

/** A block longer than `max`: its lines, and any line still longer cut every `max` characters. */
function cutBlock(block: string, max: number): string[] {
  const out: string[] = []
  for (const line of block.split('\n')) {
    const chars = [...line]
    if (chars.length <= max) out.push(line)
    else for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''))
  }
  return out
}

/**
 * Packs `blocks` (paragraphs, joined by a blank line) into as few messages of at most `max` characters as
 * keep their order: a block is never cut while it fits in one message; a longer one is cut at its line ends
 * (then, a line longer than a message, every `max` characters). Empty blocks are dropped.
 */
export function packMessages(blocks: readonly string[], max = WECHAT_TEXT_MAX): string[] {
  const pieces: { text: string; sep: string }[] = []
  for (const block of blocks) {
    if (block === '') continue
    if (length(block) <= max) pieces.push({ text: block, sep: '\n\n' })
    else for (const [i, line] of cutBlock(block, max).entries()) pieces.push({ text: line, sep: i === 0 ? '\n\n' : '\n' })
  }
  const messages: string[] = []
  let current = ''
  let size = 0
  for (const p of pieces) {
    const n = length(p.text)
    if (current !== '' && size + length(p.sep) + n <= max) {
      current += p.sep + p.text
      size += length(p.sep) + n
    } else {
      if (current !== '') messages.push(current)
      current = p.text
      size = n
    }
  }
  if (current !== '') messages.push(current)
  return messages
}
