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
    sql: `SELECT u.code, u.name, u.parent_code, u.path FROM units u
          JOIN units top ON top.code = :under
          WHERE u.path >= top.path AND u.path < top.path || char(0x10FFFF) ORDER BY u.path`,
    args: { under },
  })
  return rs.rows.map(toUnit)
}

/** The codes of a unit and every unit below it (empty when the unit does not exist). */
export async function subtreeCodes(ex: Executor, code: string): Promise<string[]> {
  return (await listUnits(ex, code)).map((u) => u.code)
}

/** Is `unitCode` the unit `ancestorCode` or below it? */
export async function isUnitWithin(ex: Executor, unitCode: string, ancestorCode: string): Promise<boolean> {
  if (unitCode === ancestorCode) {
    return (await findUnit(ex, unitCode)) !== null
  }
  const rs = await ex.execute({
    sql: `SELECT 1 FROM units u JOIN units a ON a.code = :ancestor
          WHERE u.code = :unit AND substr(u.path, 1, length(a.path)) = a.path`,
    args: { unit: unitCode, ancestor: ancestorCode },
  })
  return rs.rows.length > 0
}

/** SQL fragment: `<column>` names a unit in the subtree whose root path is bound to :scopePath. */
export function inSubtreeSql(unitColumn: string, pathParam = ':scopePath'): string {
  return `${unitColumn} IN (SELECT code FROM units WHERE substr(path, 1, length(${pathParam})) = ${pathParam})`
}
