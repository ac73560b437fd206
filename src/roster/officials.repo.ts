import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'

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

export interface OfficialFilter {
  /** the unit and everything below it */
  unitCode?: string
  /** only those on the roster at this instant (joined before, not left) */
  activeAt?: string
  leadersOnly?: boolean
}

export async function listOfficials(ex: Executor, filter: OfficialFilter = {}): Promise<Official[]> {
  const where: string[] = []
  const args: Record<string, string> = {}
  if (filter.unitCode !== undefined) {
    where.push(`unit_code IN (SELECT u.code FROM units u JOIN units top ON top.code = :unit
                WHERE substr(u.path, 1, length(top.path)) = top.path)`)
    args.unit = filter.unitCode
  }
  if (filter.activeAt !== undefined) {
    where.push('(joined_at IS NULL OR joined_at <= :at) AND (left_at IS NULL OR left_at > :at)')
    args.at = filter.activeAt
  }
  if (filter.leadersOnly) where.push('is_leader = 1')
  const rs = await ex.execute({
    sql: `SELECT ${OFFICIAL_COLUMNS} FROM officials ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY unit_code, id`,
    args,
  })
  return rs.rows.map(toOfficial)
}
