/**
 * Bytes of an uploaded file → its header and data rows, each with the 1-based line a person sees:
 * the CSV line where the record starts, or the XLSX row number. CSV or XLSX is told by the magic bytes,
 * then by the file name.
 *
 * Both are read as streams and stop at the first row over one of the kind's limits (limits.ts): the rows past it are
 * never read, so a file of a million rows costs what its first rows do. The CSV parser and ExcelJS's streaming
 * reader (WorkbookReader: the sheet's XML is parsed as it is unzipped, never held whole) run in the import's worker
 * thread (read-worker.ts), not on the thread that serves requests.
 */
import { Readable } from 'node:stream'
import { parse, CsvError } from 'csv-parse'
import type ExcelJSModule from 'exceljs'
import { lazyRequire } from '../lazy.js'
import { LIMITS } from './copy.zh.js'
import type { ImportProblem } from './import.types.js'
import type { ImportLimits } from './limits.js'

const excel = lazyRequire<typeof ExcelJSModule>('exceljs')

export interface TableRow {
  line: number
  cells: string[]
}

export interface Table {
  headerLine: number
  header: string[]
  rows: TableRow[]
  format: 'csv' | 'xlsx'
}

export type ReadResult = { ok: true; table: Table } | { ok: false; problems: ImportProblem[] }

const FILE_COLUMN = '文件'

const refuse = (line: number, column: string, message: string): ReadResult => ({
  ok: false,
  problems: [{ line, column, message }],
})

export async function readTable(bytes: Uint8Array, filename: string, limits: ImportLimits): Promise<ReadResult> {
  const name = filename.toLowerCase()
  if (bytes.length > limits.bytes) return refuse(1, FILE_COLUMN, LIMITS.bytes(limits.bytes))
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return refuse(1, FILE_COLUMN, '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV UTF-8 后再导入')
  }
  if ((bytes[0] === 0x50 && bytes[1] === 0x4b) || name.endsWith('.xlsx')) return readXlsx(bytes, limits)
  return readCsv(bytes, limits)
}

/** Collects the rows of a file, the header first, and says when one crosses a limit. */
class Rows {
  readonly rows: TableRow[] = []
  refusal: ReadResult | null = null
  constructor(private readonly limits: ImportLimits) {}

  /** false: stop reading (a limit is crossed, `refusal` says which) */
  add(line: number, cells: string[]): boolean {
    if (cells.length > this.limits.columns && cells.slice(this.limits.columns).some((c) => c.trim() !== '')) {
      return this.tooWide(line, cells.length)
    }
    for (let i = 0; i < cells.length; i++) {
      if (cells[i]!.length > this.limits.cellChars) {
        this.refusal = refuse(line, `第${i + 1}列`, LIMITS.cell(this.limits.cellChars))
        return false
      }
    }
    if (cells.every((c) => c.trim() === '')) return true
    if (this.rows.length > this.limits.rows) {
      this.refusal = refuse(line, FILE_COLUMN, LIMITS.rows(this.limits.rows))
      return false
    }
    // a wide row's empty tail (Excel's formatted but empty columns) is not kept
    this.rows.push({ line, cells: cells.length > this.limits.columns ? cells.slice(0, this.limits.columns) : cells })
    return true
  }

  /** always false: stop reading */
  tooWide(line: number, width: number): false {
    this.refusal = refuse(line, `第${this.limits.columns + 1}列`, LIMITS.columns(width, this.limits.columns))
    return false
  }

  result(format: Table['format']): ReadResult {
    return this.refusal ?? toTable(this.rows, format)
  }
}

/** characters handed to the parser at a time */
const CSV_CHUNK = 1 << 20

async function readCsv(bytes: Uint8Array, limits: ImportLimits): Promise<ReadResult> {
  const notUtf8 = () =>
    refuse(
      lineOfFirstInvalidByte(bytes),
      FILE_COLUMN,
      '文件不是 UTF-8 编码（很可能是 GBK）。请在 Excel 或 WPS 中“另存为”CSV UTF-8（逗号分隔）格式后再导入',
    )
  const text = decodedLines(bytes)
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: '\n',
    // a row longer than its columns' cells can be stops the parser at once, before it holds the rest of the file in
    // one row (a header of a million columns, a cell of megabytes)
    max_record_size: limits.columns * (limits.cellChars + 1),
  })
  Readable.from(text.chunks).pipe(parser)
  // Empty lines are kept by the parser, so that each record starts one line after the previous one ended: its line
  // breaks are the one that ends it and those inside its quoted cells (counted here: the parser's `info` option,
  // which would say it, costs five times the parsing).
  const rows = new Rows(limits)
  let line = 1
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!rows.add(line, record)) break
      line += 1
      for (const cell of record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) line++
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e
    if (text.invalid) return notUtf8()
    const at = Number((e as unknown as { lines?: number }).lines) || line
    if (e.code === 'CSV_MAX_RECORD_SIZE') return tooLong(bytes, at, limits)
    return refuse(
      at,
      FILE_COLUMN,
      `CSV 格式有误（${e.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号没有闭合' : '引号使用不当'}），请检查本行附近的引号`,
    )
  } finally {
    parser.destroy()
  }
  if (text.invalid) return notUtf8()
  return rows.result('csv')
}

/** The row starting on `line` is longer than any row within the limits: too many columns, or a cell too long. */
function tooLong(bytes: Uint8Array, line: number, limits: ImportLimits): ReadResult {
  let start = 0
  for (let l = 1; l < line && start < bytes.length; start++) {
    if (bytes[start] === 0x0a || (bytes[start] === 0x0d && bytes[start + 1] !== 0x0a)) l++
  }
  let commas = 0
  for (let i = start, end = start + limits.columns * (limits.cellChars + 1); i < end && i < bytes.length; i++) {
    if (bytes[i] === 0x2c) commas++
  }
  return commas >= limits.columns
    ? refuse(line, `第${limits.columns + 1}列`, LIMITS.columns(null, limits.columns))
    : refuse(line, FILE_COLUMN, LIMITS.cell(limits.cellChars))
}

/**
 * The file's text, decoded a chunk at a time as the parser asks for it (a file refused at its row limit is decoded no
 * further), with mixed line endings — CRLF, LF and CR in one file, as pasting between programs leaves them — all made
 * LF: the parser would otherwise take the first one it meets for the whole file and glue the other lines together.
 * `invalid`: a byte that is not UTF-8 was met (the chunks end there).
 */
function decodedLines(bytes: Uint8Array): { chunks: Iterable<string>; invalid: boolean } {
  const out = { invalid: false, chunks: [] as Iterable<string> }
  out.chunks = (function* () {
    const decoder = new TextDecoder('utf-8', { fatal: true })
    let held = ''
    for (let i = 0; i < bytes.length || held !== ''; i += CSV_CHUNK) {
      let text: string
      try {
        text = held + (i < bytes.length ? decoder.decode(bytes.subarray(i, i + CSV_CHUNK), { stream: i + CSV_CHUNK < bytes.length }) : '')
      } catch {
        out.invalid = true
        return
      }
      // a CR at the end of a chunk may be the first half of a CRLF: kept for the next one
      held = text.endsWith('\r') && i + CSV_CHUNK < bytes.length ? '\r' : ''
      if (held) text = text.slice(0, -1)
      if (text !== '') yield text.replace(/\r\n?/g, '\n')
    }
  })()
  return out
}

function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let lo = 0
  let hi = bytes.length
  // The longest prefix that decodes (allowing for a sequence cut in half by the prefix) holds the bad byte at its end.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true })
      lo = mid
    } catch {
      hi = mid - 1
    }
  }
  let line = 1
  for (let i = 0; i < lo; i++) if (bytes[i] === 0x0a) line++
  return line
}

/** The first sheet, streamed (styles read, so that date cells come as dates). */
async function readXlsx(bytes: Uint8Array, limits: ImportLimits): Promise<ReadResult> {
  const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])
  const reader = new (excel().stream.xlsx.WorkbookReader)(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  const rows = new Rows(limits)
  let sheets = 0
  try {
    for await (const sheet of reader) {
      sheets++
      for await (const row of sheet as AsyncIterable<ExcelJSModule.Row>) {
        const width = rowWidth(row, limits.columns)
        if (width > limits.columns ? rows.tooWide(row.number, width) : !rows.add(row.number, rowCells(row, width))) break
      }
      break
    }
  } catch {
    if (rows.refusal) return rows.refusal
    return refuse(1, FILE_COLUMN, '无法读取该 Excel 文件，请确认是 .xlsx 格式且未损坏')
  } finally {
    input.destroy()
  }
  if (sheets === 0) return refuse(1, FILE_COLUMN, 'Excel 文件中没有工作表')
  return rows.result('xlsx')
}

/** How many cells a row has: past `columns`, up to its last cell with a value (formatted empty cells count in cellCount). */
function rowWidth(row: ExcelJSModule.Row, columns: number): number {
  if (row.cellCount <= columns) return row.cellCount
  let width = 0
  row.eachCell((cell, col) => {
    if (cellText(cell.value).trim() !== '') width = col
  })
  return width
}

function rowCells(row: ExcelJSModule.Row, width: number): string[] {
  const cells: string[] = []
  for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value))
  return cells
}

function toTable(rows: TableRow[], format: Table['format']): ReadResult {
  const [head, ...data] = rows
  if (!head) return refuse(1, FILE_COLUMN, '文件是空的，第一行应为表头')
  return { ok: true, table: { headerLine: head.line, header: head.cells, rows: data, format } }
}

/** Excel keeps wall-clock dates as if they were UTC: written back as local text, they are read in XUEFA_TZ. */
export function cellText(value: ExcelJSModule.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return wallClockText(value)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('formula' in value || 'sharedFormula' in value) return cellText((value.result ?? null) as ExcelJSModule.CellValue)
    if ('hyperlink' in value) return String(value.text)
    if ('error' in value) return value.error
    return ''
  }
  return String(value)
}

function wallClockText(d: Date): string {
  const t = new Date(Math.round(d.getTime() / 1000) * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  const date = `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}`
  const time = `${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`
  return t.getUTCSeconds() === 0 ? `${date} ${time}` : `${date} ${time}:${p(t.getUTCSeconds())}`
}
