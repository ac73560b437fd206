import type { Executor } from '../../storage/db.js'
import { AppError } from '../../errors.js'
import { readTable } from '../../imports/read-table.js'
import { matchHeader } from '../../imports/headers.js'
import type { ImportKind } from '../../imports/import.types.js'
import { idsOutsideScope } from '../common/scope.js'
import type { AuthInfo } from '../common/types.js'

/** Which columns of an import name what, and where that thing's unit is looked up. */
const CHECKED: Partial<Record<ImportKind, { column: string; table: 'officials' | 'sessions' | 'units' }[]>> = {
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
}

/**
 * Before a scoped token's import runs: every unit, official and session the file names (or moves, for an
 * existing id) must lie within the token's subtree. A file that cannot be read is left to the import, which
 * reports it and writes nothing.
 */
export async function assertImportInScope(
  ex: Executor,
  auth: AuthInfo,
  kind: ImportKind,
  bytes: Uint8Array,
  filename: string,
): Promise<void> {
  if (auth.unitCode === null) return
  const checks = CHECKED[kind]
  if (!checks) throw new AppError('FORBIDDEN', `only an unscoped admin token may import ${kind}`)
  const read = await readTable(bytes, filename)
  if (!read.ok) return
  const header = matchHeader(kind, read.table.header, read.table.headerLine)
  if (Array.isArray(header)) return
  const issues: { line: number; column: string; message: string }[] = []
  for (const { column, table } of checks) {
    const index = header.index.get(column)
    if (index === undefined) continue
    const cell = (cells: string[]) => (cells[index] ?? '').trim()
    const outside = new Set(
      await idsOutsideScope(
        ex,
        auth,
        table,
        read.table.rows.map((r) => cell(r.cells)).filter((v) => v !== ''),
      ),
    )
    for (const row of read.table.rows) {
      const value = cell(row.cells)
      if (outside.has(value)) {
        issues.push({
          line: row.line,
          column: header.header.get(column) ?? column,
          message: `${value} 不在本令牌的单位范围（${auth.unitCode} 及下级）内`,
        })
      }
    }
  }
  if (issues.length > 0) {
    issues.sort((a, b) => a.line - b.line)
    throw new AppError('FORBIDDEN', `the file names units, officials or sessions outside unit ${auth.unitCode} and the units below it`, {
      issues: issues.slice(0, 200),
    })
  }
}
