/**
 * Every code a row points at — a unit, a session, an official — must exist, in the database or (for a
 * unit's parent) further down the same file. Checked on the raw cells so that a row with other mistakes
 * still has its unknown references reported in the same run.
 */
import type { Executor } from '../storage/db.js'
import type { HeaderMap } from './headers.js'
import type { ImportKind, ImportProblem } from './import.types.js'
import { selectWhereIn } from './bulk.repo.js'
import type { TableRow } from './read-table.js'

interface Reference {
  key: string
  table: 'units' | 'sessions' | 'officials'
  column: 'code' | 'id'
  /** a column of the same file whose values also count as existing */
  alsoInFile?: string
  message(value: string): string
}

const unitRef = (key: string, what: string, alsoInFile?: string): Reference => ({
  key,
  table: 'units',
  column: 'code',
  alsoInFile,
  message: (v) => `${what}「${v}」不存在${alsoInFile ? '（数据库和本文件中都没有）' : '，请先导入单位'}`,
})
const officialRef: Reference = {
  key: 'official_id',
  table: 'officials',
  column: 'id',
  message: (v) => `人员「${v}」不在花名册中，请先导入人员`,
}

const REFERENCES: Readonly<Record<ImportKind, readonly Reference[]>> = {
  units: [unitRef('parent_code', '上级单位', 'code')],
  officials: [unitRef('unit_code', '单位')],
  sessions: [unitRef('unit_code', '组织单位')],
  attendance: [{ key: 'session_id', table: 'sessions', column: 'id', message: (v) => `活动「${v}」不存在，请先导入活动` }, officialRef],
  questions: [],
  'exam-results': [officialRef],
  handles: [officialRef],
  'study-list': [unitRef('unit_code', '单位')],
}

export async function checkReferences(
  ex: Executor,
  kind: ImportKind,
  rows: readonly TableRow[],
  header: HeaderMap,
): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = []
  for (const ref of REFERENCES[kind]) {
    const index = header.index.get(ref.key)
    if (index === undefined) continue
    const cell = (row: TableRow, i: number) => (row.cells[i] ?? '').trim()
    const wanted = new Set(rows.map((r) => cell(r, index)).filter((v) => v !== ''))
    const known = new Set<string>()
    const fileIndex = ref.alsoInFile === undefined ? undefined : header.index.get(ref.alsoInFile)
    if (fileIndex !== undefined) for (const r of rows) known.add(cell(r, fileIndex))
    const lookup = [...wanted].filter((v) => !known.has(v))
    const found = await selectWhereIn(ex, ref.table, [ref.column], ref.column, lookup)
    for (const r of found) known.add(String(r[ref.column]))
    const column = header.header.get(ref.key) ?? ref.key
    for (const row of rows) {
      const value = cell(row, index)
      if (value !== '' && !known.has(value)) problems.push({ line: row.line, column, message: ref.message(value) })
    }
  }
  return problems
}
