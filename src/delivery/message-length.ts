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

/**
 * Packs `blocks` (paragraphs, joined by a blank line) into as few messages of at most `max` characters as keep
 * their order: a block is never cut while it fits in one message; a longer one is cut at its line ends, and a
 * line longer than a message fills what is left of the current one and goes on in the next. Empty blocks are
 * dropped. Characters are counted as code points, so an emoji is never cut in two.
 */
export function packMessages(blocks: readonly string[], max = WECHAT_TEXT_MAX): string[] {
  // the common case, one message: UTF-16 units are never fewer than code points, so a total within `max` fits
  const kept = blocks.filter((b) => b !== '')
  let units = 2 * Math.max(0, kept.length - 1)
  for (const b of kept) units += b.length
  if (units <= max) return kept.length === 0 ? [] : [kept.join('\n\n')]
  const messages: string[] = []
  let current = ''
  let size = 0
  const flush = () => {
    if (current !== '') messages.push(current)
    current = ''
    size = 0
  }
  const add = (text: string, sep: string) => {
    let chars = [...text]
    if (current !== '' && size + sep.length + chars.length <= max) {
      current += sep + text
      size += sep.length + chars.length
      return
    }
    if (chars.length > max && current !== '') {
      const room = max - size - sep.length
      if (room > 0) {
        current += sep + chars.slice(0, room).join('')
        chars = chars.slice(room)
      }
    }
    flush()
    while (chars.length > max) {
      messages.push(chars.slice(0, max).join(''))
      chars = chars.slice(max)
    }
    current = chars.join('')
    size = chars.length
  }
  for (const block of blocks) {
    if (block === '') continue
    if (length(block) <= max) add(block, '\n\n')
    else for (const [i, line] of block.split('\n').entries()) add(line, i === 0 ? '\n\n' : '\n')
  }
  flush()
  return messages
}
