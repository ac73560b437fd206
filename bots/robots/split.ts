/** Fitting a message into a platform's size limit (bytes of UTF-8): split on lines, then truncate with a note. */

export const TRUNCATION_NOTE = '……（内容过长，已截断；全文请在私聊中查看）'

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** The longest prefix of `s` that fits in `max` bytes, never cutting a character. */
export function cutToBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s
  let bytes = 0
  let out = ''
  for (const ch of s) {
    const b = byteLength(ch)
    if (bytes + b > max) break
    bytes += b
    out += ch
  }
  return out
}

/**
 * Parts of at most `maxBytes` each (a "(i/n)" prefix included), at most `maxParts` of them; what does not
 * fit in those is cut and the last part ends with TRUNCATION_NOTE.
 */
export function splitToFit(text: string, maxBytes: number, maxParts = 3): string[] {
  if (byteLength(text) <= maxBytes) return [text]
  const room = maxBytes - 16 // "(10/10)\n" and some slack
  const pieces: string[] = []
  let current = ''
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`
    if (byteLength(candidate) <= room) {
      current = candidate
      continue
    }
    if (current !== '') pieces.push(current)
    let rest = line
    while (byteLength(rest) > room) {
      const head = cutToBytes(rest, room)
      pieces.push(head)
      rest = rest.slice(head.length)
    }
    current = rest
  }
  if (current !== '') pieces.push(current)
  let parts = pieces
  if (parts.length > maxParts) {
    parts = pieces.slice(0, maxParts)
    parts[maxParts - 1] = cutToBytes(parts[maxParts - 1]!, room - byteLength(TRUNCATION_NOTE)) + TRUNCATION_NOTE
  }
  return parts.map((p, i) => `(${i + 1}/${parts.length})\n${p}`)
}
