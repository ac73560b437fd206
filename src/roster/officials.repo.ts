import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { inSubtreeOfUnitSql, pathWithinSql } from './units.repo.js'

export interface Official {
  id: string
  name: string
  unitCode: string
  title: string | null
  isLeader: boolean
  isPrincipal: boolean
  isEnforcement: boolean
  isOrganizer: boolean
  joinedAt: string | null
  leftAt: string | null
}

export const OFFICIAL_COLUMNS = 'id, name, unit_code, title, is_leader, is_principal, is_enforcement, is_organizer, joined_at, left_at'

export function toOfficial(r: Row): Official {
  return {
    id: String(r.id),
    name: String(r.name),
    unitCode: String(r.unit_code),
    title: r.title == null ? null : String(r.title),
    isLeader: r.is_leader === 1,
    isPrincipal: r.is_principal === 1,
    isEnforcement: r.is_enforcement === 1,
    isOrganizer: r.is_organizer === 1,
    joinedAt: r.joined_at == null ? null : String(r.joined_at),
    leftAt: r.left_at == null ? null : String(r.left_at),
  }
}

export async function findOfficial(ex: Executor, id: string): Promise<Official | null> {
  const rs = await ex.execute({ sql: `SELECT ${OFFICIAL_COLUMNS} FROM officials WHERE id = :id`, args: { id } })
  return rs.rows[0] ? toOfficial(rs.rows[0]) : null
}

/** Which of these ids name officials on the roster (present or left). */
export async function listExistingOfficialIds(ex: Executor, ids: readonly string[]): Promise<Set<string>> {
  // one JSON text parameter: no bound-variable limit applies, however many ids
  const rs = await ex.execute({
    sql: 'SELECT id FROM officials WHERE id IN (SELECT value FROM json_each(:ids))',
    args: { ids: JSON.stringify([...new Set(ids)]) },
  })
  return new Set(rs.rows.map((r) => String(r.id)))
}

/**
 * The officials on the roster (not left) of the units under `rootPath` ('/' = every unit), by unit then id: id, name
 * and unit, what a choice of official shows. They come back as one JSON cell: @libsql/client builds every cell of a
 * result with Object.defineProperty, which for the 10,000 rows of a county costs more than the query itself
 * (README "Performance", ui.exams).
 */
export async function listCurrentOfficialChoices(ex: Executor, rootPath: string): Promise<Pick<Official, 'id' | 'name' | 'unitCode'>[]> {
  const rs = await ex.execute({
    // ordered in a subquery, not by an ORDER BY inside json_group_array(…): a libSQL server's parser refuses that
    // (SQL_PARSE_ERROR near ORDER); an aggregate keeps the order of a subquery it reads, which SQLite never flattens
    sql: `SELECT json_group_array(json_array(id, name, unit_code)) AS list FROM (
            SELECT o.id, o.name, o.unit_code FROM officials o JOIN units u ON u.code = o.unit_code
            WHERE o.left_at IS NULL AND ${pathWithinSql('u.path', ':rootPath')}
            ORDER BY u.path, o.id)`,
    args: { rootPath },
  })
  const list = JSON.parse(String(rs.rows[0]?.list ?? '[]')) as [string, string, string][]
  return list.map(([id, name, unitCode]) => ({ id: String(id), name: String(name), unitCode: String(unitCode) }))
}

/** Sets whether an official organises (may use 统计 / 提醒 / 安排学法, gets the closing summaries). */
export function setOrganizerStatement(id: string, isOrganizer: boolean, now: string): InStatement {
  return {
    sql: 'UPDATE officials SET is_organizer = :flag, updated_at = :now WHERE id = :id',
    args: { id, flag: isOrganizer ? 1 : 0, now },
  }
}

/** The current organizers of a unit's subtree (every unit when `rootUnit` is null), by unit then id. */
export async function listOrganizers(ex: Executor, rootUnit: string | null): Promise<Official[]> {
  const rs = await ex.execute({
    sql: `SELECT ${OFFICIAL_COLUMNS} FROM officials
          WHERE is_organizer = 1 AND left_at IS NULL ${rootUnit === null ? '' : `AND ${inSubtreeOfUnitSql('unit_code', ':root')}`}
          ORDER BY unit_code, id`,
    args: rootUnit === null ? {} : { root: rootUnit },
  })
  return rs.rows.map(toOfficial)
}
