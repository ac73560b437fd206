import type { Executor } from '../storage/db.js'
import { inSubtreeOfUnitSql } from './units.repo.js'

const KEYED = {
  officials: { key: 'id', unit: 'unit_code' },
  sessions: { key: 'id', unit: 'unit_code' },
  units: { key: 'code', unit: 'code' },
} as const

export type ScopedTable = keyof typeof KEYED

/** Of these keys of `table`, the existing ones whose unit lies outside the subtree of `rootCode`. */
export async function listIdsOutsideSubtree(ex: Executor, table: ScopedTable, ids: readonly string[], rootCode: string): Promise<string[]> {
  const { key, unit } = KEYED[table]
  const rs = await ex.execute({
    sql: `SELECT t.${key} AS k FROM ${table} t WHERE t.${key} IN (SELECT value FROM json_each(:ids))
          AND NOT ${inSubtreeOfUnitSql(`t.${unit}`, ':root')}`,
    args: { ids: JSON.stringify(ids), root: rootCode },
  })
  return rs.rows.map((r) => String(r.k))
}
