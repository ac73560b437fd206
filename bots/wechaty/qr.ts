import { createRequire } from 'node:module'
import { qrMatrix } from '../../src/qr.js'

const require = createRequire(import.meta.url)
const terminal = require('qrcode-terminal') as { generate(text: string, opts: { small: boolean }, cb: (qr: string) => void): void }

/** The login QR as a small SVG (4-module quiet zone). */
export function qrSvg(text: string, scale = 6): string {
  const dark = qrMatrix(text, 'L')
  const n = dark.length
  const size = (n + 8) * scale
  const rects: string[] = []
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (dark[r]![c]) rects.push(`<rect x="${(c + 4) * scale}" y="${(r + 4) * scale}" width="${scale}" height="${scale}"/>`)
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><rect width="100%" height="100%" fill="#fff"/><g fill="#000">${rects.join('')}</g></svg>`
}

/** The login QR drawn with block characters, for the terminal. */
export function qrTerminal(text: string): string {
  let out = ''
  terminal.generate(text, { small: true }, (qr) => (out = qr))
  return out
}
