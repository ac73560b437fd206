/**
 * Who may import what (one rule for the API and the dashboard; the CLI, run by whoever runs the server, is
 * unlimited): an unscoped importer imports anything; a unit-scoped one (an organizer's token) imports officials,
 * sessions, attendance, exam results, robot handles and 学法清单 whose every row lies within its unit and the units below it — every unit,
 * official and session a row names, or moves for an existing id. Units and questions are county-wide: unscoped only.
 */
import type { Executor } from '../storage/db.js'
import { listIdsOutsideSubtree, type ScopedTable } from '../roster/scope.repo.js'
import { matchHeader } from './headers.js'
import type { ImportKind, ImportProblem } from './import.types.js'
import { PROBLEMS_SHOWN } from './limits.js'
import { readImportTable } from './off-thread.js'

/** Which columns of an import name what, and where that thing's unit is looked up. */
const CHECKED: Partial<Record<ImportKind, { column: string; table: ScopedTable }[]>> = {
  officials: [
    { column: 'unit_code', table: 'units' },
    { column: 'id', table: 'officials' },
  ],
  sessions: [
    { column: 'unit_code', table: 'units' },
    { column: 'id', table: 'sessions' },
  ],
  attendance: [
    { column: 'session_id', table: 'sessions' },
    { column: 'official_id', table: 'officials' },
  ],
  'exam-results': [{ column: 'official_id', table: 'officials' }],
  handles: [{ column: 'official_id', table: 'officials' }],
  'study-list': [{ column: 'unit_code', table: 'units' }],
}

const CHUNK = 500

export type ImportScopeCheck =
  | { ok: true }
  | { ok: false; kindRefused: true }
  /** the first PROBLEMS_SHOWN rows outside, by line, and how many more there are */
  | { ok: false; kindRefused: false; problems: ImportProblem[]; problemsNotShown?: number }

/**
 * Before an import by someone limited to `unitCode` (null: unlimited) runs. A file that cannot be read is left to
 * the import, which reports it and writes nothing.
 */
export async function checkImportScope(
  ex: Executor,
  unitCode: string | null,
  kind: ImportKind,
  input: { bytes: Uint8Array; filename?: string },
): Promise<ImportScopeCheck> {
  if (unitCode === null) return { ok: true }
  const checks = CHECKED[kind]
  if (!checks) return { ok: false, kindRefused: true }
  const read = await readImportTable({ kind, bytes: input.bytes, filename: input.filename ?? '' })
  if (!read.ok) return { ok: true }
  const header = matchHeader(kind, read.table.header, read.table.headerLine)
  if (Array.isArray(header)) return { ok: true }
  const problems: ImportProblem[] = []
  for (const { column, table } of checks) {
    const index = header.index.get(column)
    if (index === undefined) continue
    const cell = (cells: string[]) => (cells[index] ?? '').trim()
    const ids = [...new Set(read.table.rows.map((r) => cell(r.cells)).filter((v) => v !== ''))]
    const outside = new Set<string>()
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const id of await listIdsOutsideSubtree(ex, table, ids.slice(i, i + CHUNK), unitCode)) outside.add(id)
    }
    for (const row of read.table.rows) {
      const value = cell(row.cells)
      if (outside.has(value)) {
        problems.push({
          line: row.line,
          column: header.header.get(column) ?? column,
          message: `「${value}」不在您可管理的单位范围（${unitCode} 及下级单位）内`,
        })
      }
    }
  }
  if (problems.length === 0) return { ok: true }
  problems.sort((a, b) => a.line - b.line)
  const notShown = problems.length - PROBLEMS_SHOWN
  return {
    ok: false,
    kindRefused: false,
    problems: problems.slice(0, PROBLEMS_SHOWN),
    ...(notShown > 0 ? { problemsNotShown: notShown } : {}),
  }
}
