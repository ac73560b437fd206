/**
 * The 台账 as an Excel workbook that prints: every sheet gets the same page setup (landscape A4, fit to the page
 * width, the header row repeated on every page, a title row with the unit, year and time of export, page numbers
 * in the footer) and column widths from its content. A sheet added to the ledger's list inherits all of it.
 */
import type ExcelJSModule from 'exceljs'
import { lazyRequire } from '../lazy.js'
import { LEDGER } from './copy.zh.js'
import type { Ledger, LedgerCell, LedgerSheet } from './ledger.js'
import { displayWidth } from './text-width.js'

const excel = lazyRequire<typeof ExcelJSModule>('exceljs')

/** Excel's width unit is about one Latin digit of the default font; a CJK character takes two. */
const MIN_WIDTH = 6
const MAX_WIDTH = 50
const PADDING = 2
/** the title row, then the header row (repeated on every printed page) */
const TITLE_ROW = 1
const HEADER_ROW = 2

const cellText = (v: LedgerCell | undefined): string => (v == null ? '' : String(v))

/** a line of the default 11 pt font, CJK included, in points */
const LINE_HEIGHT = 15

/** The lines a text takes wrapped in a column `width` wide (its own line breaks included). */
function wrappedLines(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / (width - PADDING))), 0)
}

/** Each column as wide as its widest cell (header included), within MIN_WIDTH..MAX_WIDTH; longer text wraps. */
function columnWidths(header: string[], rows: LedgerCell[][]): number[] {
  const widths = header.map((h) => displayWidth(h))
  for (const row of rows) {
    for (let i = 0; i < widths.length; i++) {
      const w = displayWidth(cellText(row[i]))
      if (w > (widths[i] ?? 0)) widths[i] = w
    }
  }
  return widths.map((w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + PADDING)))
}

function addSheet(wb: ExcelJSModule.Workbook, ledger: Ledger, s: LedgerSheet): void {
  const columns = Math.max(1, s.header.length)
  const ws = wb.addWorksheet(s.name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as the rows need
      horizontalCentered: true,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: LEDGER.pageFooter, evenFooter: LEDGER.pageFooter },
  })
  // the columns first, so that every row written after takes their style: each column as wide as its content,
  // every cell at the top of its row (a wrapped cell and its neighbours line up), text wider than the column wrapping
  const widths = columnWidths(s.header, s.rows)
  widths.forEach((width, i) => {
    const column = ws.getColumn(i + 1)
    column.width = width
    column.alignment = width === MAX_WIDTH ? { wrapText: true, vertical: 'top' } : { vertical: 'top' }
  })
  const title = ws.getRow(TITLE_ROW)
  title.getCell(1).value = LEDGER.printTitle(ledger.year, ledger.unit.name, s.name, ledger.exportedAt)
  title.font = { bold: true, size: 14 }
  title.alignment = { horizontal: 'center', vertical: 'middle' }
  title.height = 24
  if (columns > 1) ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, columns)
  const header = ws.getRow(HEADER_ROW)
  header.values = s.header
  header.font = { bold: true }
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  ws.addRows(s.rows)
  // a row with wrapped text is as tall as its lines: LibreOffice keeps a row written without a height at one line,
  // which shows (and prints) the wrapped text's first line alone
  const wrapped = widths.flatMap((w, i) => (w === MAX_WIDTH ? [i] : []))
  if (wrapped.length > 0) {
    s.rows.forEach((row, r) => {
      const lines = Math.max(...wrapped.map((i) => wrappedLines(cellText(row[i]), MAX_WIDTH)))
      if (lines > 1) ws.getRow(HEADER_ROW + 1 + r).height = lines * LINE_HEIGHT
    })
  }
  // a sheet with nothing in it says so on its printed page, rather than a header over a blank page
  if (s.rows.length === 0) {
    const none = ws.getRow(HEADER_ROW + 1)
    none.getCell(1).value = LEDGER.noRows
    none.alignment = { horizontal: 'center' }
    if (columns > 1) ws.mergeCells(HEADER_ROW + 1, 1, HEADER_ROW + 1, columns)
  }
}

export async function renderLedgerXlsx(ledger: Ledger): Promise<Buffer> {
  const wb = new (excel().Workbook)()
  wb.creator = 'xuefa'
  wb.title = LEDGER.title(ledger.year, ledger.unit.name)
  for (const s of ledger.sheets) addSheet(wb, ledger, s)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
