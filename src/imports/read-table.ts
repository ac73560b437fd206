/**
 * Bytes of an uploaded file → its header and data rows, each with the 1-based line a person sees:
 * the CSV line where the record starts, or the XLSX row number. CSV or XLSX is told by the magic bytes,
 * then by the file name.
 */
import { parse, CsvError } from 'csv-parse/sync'
import type ExcelJSModule from 'exceljs'
import { lazyRequire } from '../lazy.js'
import type { ImportProblem } from './import.types.js'

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

export async function readTable(bytes: Uint8Array, filename = ''): Promise<ReadResult> {
  const name = filename.toLowerCase()
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return refuse(1, FILE_COLUMN, '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV UTF-8 后再导入')
  }
  if ((bytes[0] === 0x50 && bytes[1] === 0x4b) || name.endsWith('.xlsx')) return readXlsx(bytes)
  return readCsv(bytes)
}

function readCsv(bytes: Uint8Array): ReadResult {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return refuse(
      lineOfFirstInvalidByte(bytes),
      FILE_COLUMN,
      '文件不是 UTF-8 编码（很可能是 GBK）。请在 Excel 或 WPS 中“另存为”CSV UTF-8（逗号分隔）格式后再导入',
    )
  }
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, info: true }) as unknown as typeof records
  } catch (e) {
    if (e instanceof CsvError) {
      const line = Number((e as unknown as { lines?: number }).lines) || 1
      return refuse(
        line,
        FILE_COLUMN,
        `CSV 格式有误（${e.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号没有闭合' : '引号使用不当'}），请检查本行附近的引号`,
      )
    }
    throw e
  }
  // Empty lines are kept by the parser so that each record starts one line after the previous one ended.
  const rows: TableRow[] = []
  let nextLine = 1
  for (const { record, info } of records) {
    const line = nextLine
    nextLine = info.lines + 1
    if (record.every((c) => c.trim() === '')) continue
    rows.push({ line, cells: record })
  }
  return toTable(rows, 'csv')
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

async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
  const workbook = new (excel().Workbook)()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer)
  } catch {
    return refuse(1, FILE_COLUMN, '无法读取该 Excel 文件，请确认是 .xlsx 格式且未损坏')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) return refuse(1, FILE_COLUMN, 'Excel 文件中没有工作表')
  const rows: TableRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value))
    if (cells.some((s) => s.trim() !== '')) rows.push({ line: rowNumber, cells })
  })
  return toTable(rows, 'xlsx')
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
