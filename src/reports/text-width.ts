/** Display width of a text: CJK and full-width characters count double (for column widths in print). */
export function displayWidth(text: string): number {
  let w = 0
  for (const ch of text) w += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1
  return w
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul Jamo
    (cp >= 0x2e80 && cp <= 0xa4cf) || // CJK radicals … Yi, including the unified ideographs and 。「」
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xff60) || // full-width forms: （），：
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000 // the supplementary ideographic planes
  )
}
