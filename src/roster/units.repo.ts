import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'

export interface Unit {
  code: string
  name: string
  parentCode: string | null
  /** materialised path '/ROOT/…/CODE/' */
  path: string
}

function toUnit(r: Row): Unit {
  return {
    code: String(r.code),
    name: String(r.name),
    parentCode: r.parent_code == null ? null : String(r.parent_code),
    path: String(r.path),
  }
}

export async function findUnit(ex: Executor, code: string): Promise<Unit | null> {
  const rs = await ex.execute({ sql: 'SELECT code, name, parent_code, path FROM units WHERE code = :code', args: { code } })
  return rs.rows[0] ? toUnit(rs.rows[0]) : null
}

export async function listUnits(ex: Executor, under?: string): Promise<Unit[]> {
  if (under === undefined) {
    const rs = await ex.execute('SELECT code, name, parent_code, path FROM units ORDER BY path')
    return rs.rows.map(toUnit)
  }
  const rs = await ex.execute({
    sql: `SELECT code, name, parent_code, path FROM units WHERE ${inSubtreeOfUnitSql('code', ':under')} ORDER BY path`,
    args: { under },
  })
  return rs.rows.map(toUnit)
}

/** Is `unitCode` the unit `ancestorCode` or below it? */
export async function isUnitWithin(ex: Executor, unitCode: string, ancestorCode: string): Promise<boolean> {
  if (unitCode === ancestorCode) {
    return (await findUnit(ex, unitCode)) !== null
  }
  const rs = await ex.execute({
    sql: `SELECT 1 FROM units WHERE code = :unit AND ${inSubtreeOfUnitSql('code', ':ancestor')}`,
    args: { unit: unitCode, ancestor: ancestorCode },
  })
  return rs.rows.length > 0
}

/*
 * The one way to say "within a unit's subtree". A unit's materialised path ('/ROOT/…/CODE/') starts with the
 * path of every unit above it, so a subtree is a range of paths, which the unique index on units.path serves.
 */

/** SQL: the unit path `path` lies in the subtree whose root path is `rootPath` (both SQL expressions). */
export function pathWithinSql(path: string, rootPath: string): string {
  return `(${path} >= ${rootPath} AND ${path} < ${rootPath} || char(1114111))`
}

/** SQL: `unitColumn` names a unit in the subtree whose root path is `rootPath` (an SQL expression). */
export function inSubtreeSql(unitColumn: string, rootPath = ':scopePath'): string {
  return `${unitColumn} IN (SELECT code FROM units WHERE ${pathWithinSql('path', rootPath)})`
}

/** SQL: `unitColumn` names the unit `rootCode` (an SQL expression) or a unit below it; nothing when it does not exist. */
export function inSubtreeOfUnitSql(unitColumn: string, rootCode: string): string {
  return inSubtreeSql(unitColumn, `(SELECT path FROM units WHERE code = ${rootCode})`)
}

/** The units of a subtree given by its root path ('/' = every unit), in tree order. */
export async function listUnitsUnderPath(ex: Executor, rootPath: string): Promise<Unit[]> {
  const rs = await ex.execute({
    sql: `SELECT code, name, parent_code, path FROM units WHERE ${pathWithinSql('path', ':rootPath')} ORDER BY path`,
    args: { rootPath },
  })
  return rs.rows.map(toUnit)
}

/** Which of these codes name units. */
export async function listExistingUnitCodes(ex: Executor, codes: readonly string[]): Promise<string[]> {
  const rs = await ex.execute({
    sql: 'SELECT code FROM units WHERE code IN (SELECT value FROM json_each(:codes))',
    args: { codes: JSON.stringify([...new Set(codes)]) },
  })
  return rs.rows.map((r) => String(r.code))
}
