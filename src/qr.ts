import { createRequire } from 'node:module'

interface QrCodeModel {
  addData(data: string): void
  make(): void
  getModuleCount(): number
  isDark(row: number, col: number): boolean
}
type QrCodeClass = new (typeNumber: number, level: number) => QrCodeModel

// qrcode-terminal (a dependency for the console QR) carries a plain QR encoder: the bot's SVG and the
// dashboard's QR both use it.
const require = createRequire(import.meta.url)
const QRCode = require('qrcode-terminal/vendor/QRCode') as QrCodeClass
const LEVELS = require('qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel') as { L: number; M: number }

/** The modules of the QR code of `text`, row by row (true = dark). */
export function qrMatrix(text: string, level: 'L' | 'M' = 'M'): boolean[][] {
  const qr = new QRCode(-1, LEVELS[level])
  qr.addData(text)
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}
