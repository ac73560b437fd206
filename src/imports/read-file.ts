/**
 * Reading an import file and checking its rows — all of it pure, none of it touching the database: what the worker
 * thread does (read-worker.ts), so that a big file never stalls the thread that answers requests, chat and the
 * scheduler. The caller gets the typed records of the good rows, at most PROBLEMS_SHOWN problems in line order and
 * the count of all of them.
 */
import type { Item } from './apply.js'
import { headerOf, matchHeader, type HeaderMap } from './headers.js'
import type { ImportKind, ImportProblem } from './import.types.js'
import { IMPORT_LIMITS, PROBLEMS_SHOWN } from './limits.js'
import { readTable, type ReadResult, type Table, type TableRow } from './read-table.js'
import { createFieldParser, fieldOf, type FieldRow } from './rows.js'

export interface ReadFileInput {
  kind: ImportKind
  bytes: Uint8Array
  filename: string
  tz: string
  passScore: number
}

export type ReadFileResult =
  | { ok: false; problems: ImportProblem[] }
  | {
      ok: true
      header: HeaderMap
      /** data rows of the file */
      rowCount: number
      items: Item<unknown>[]
      /** rows whose cells sit under their headers, good or not: their references are checked too */
      aligned: TableRow[]
      /** the first PROBLEMS_SHOWN problems of the rows, in line order */
      problems: ImportProblem[]
      /** all of them */
      problemCount: number
    }

/** The file's table only (the import scope's check reads every id a file names). */
export function readFileTable(input: Pick<ReadFileInput, 'kind' | 'bytes' | 'filename'>): Promise<ReadResult> {
  return readTable(input.bytes, input.filename, IMPORT_LIMITS[input.kind])
}

export async function readFile(input: ReadFileInput): Promise<ReadFileResult> {
  const read = await readFileTable(input)
  if (!read.ok) return read
  // A missing required column means the wrong file or the wrong kind: row-by-row problems would only be noise.
  const header = matchHeader(input.kind, read.table.header, read.table.headerLine)
  if (Array.isArray(header)) return { ok: false, problems: header }
  return { ok: true, header, rowCount: read.table.rows.length, ...parseRows(input, read.table, header) }
}

/** Typed records of the good rows; `aligned` = rows whose cells sit under their headers, good or not. */
function parseRows(input: ReadFileInput, table: Table, header: HeaderMap) {
  const { kind } = input
  const parse = createFieldParser(kind, { tz: input.tz, passScore: input.passScore })
  const width = table.header.length
  const columns = [...header.index.entries()].map(([key, index]) => ({ field: fieldOf(key), index }))
  const items: Item<unknown>[] = []
  const aligned: TableRow[] = []
  const problems: ImportProblem[] = []
  let problemCount = 0
  const problem = (p: ImportProblem) => {
    if (problemCount++ < PROBLEMS_SHOWN) problems.push(p)
  }
  for (const row of table.rows) {
    const { line, cells } = row
    if (table.format === 'csv' && cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
      problem({ line, column: `第${width + 1}列`, message: `本行有 ${cells.length} 列，比表头多；含逗号的内容请用英文双引号括起来` })
      continue
    }
    aligned.push(row)
    const fields: FieldRow = {}
    for (const { field, index } of columns) fields[field] = cells[index] ?? ''
    const outcome = parse(fields)
    if (outcome.ok) items.push({ line, record: outcome.value })
    else for (const p of outcome.problems) problem({ line, column: headerOf(header, kind, p.key), message: p.message })
  }
  return { items, aligned, problems, problemCount }
}
