/** Who is reachable in private, and through which bot account (chat_bindings.account). */
import type { Executor } from '../storage/db.js'
import { inSubtreeOfUnitSql } from './units.repo.js'

/**
 * The key an official's binding counts under: the WeChat account's name, or `<channel>:<account>` for an application
 * (WeCom / DingTalk), whose pacing is its own.
 */
const BOUND_KEY_SQL = "CASE WHEN b.channel = 'wechaty' THEN b.account ELSE b.channel || ':' || b.account END"

/** These officials' bound accounts: how many on each (officials not bound are not counted). */
export async function countBoundByAccount(ex: Executor, officialIds: readonly string[]): Promise<Map<string, number>> {
  const by = new Map<string, number>()
  if (officialIds.length === 0) return by
  const rs = await ex.execute({
    sql: `SELECT ${BOUND_KEY_SQL} AS account, count(*) AS n FROM chat_bindings b
          WHERE b.official_id IN (SELECT value FROM json_each(:ids)) GROUP BY 1 ORDER BY 1`,
    args: { ids: JSON.stringify(officialIds) },
  })
  for (const r of rs.rows) by.set(String(r.account), Number(r.n))
  return by
}

export interface UnitReach {
  /** officials on the roster of the unit and below, by bound account */
  byAccount: Map<string, number>
  /** officials bound to no account */
  unbound: number
  /** the units (of the subtree) with someone not bound */
  unitsWithUnbound: string[]
}

/** The officials on the roster today (not left) of a unit and every unit below it, by account. */
export async function unitReach(ex: Executor, unitCode: string): Promise<UnitReach> {
  const rs = await ex.execute({
    sql: `SELECT o.unit_code, ${BOUND_KEY_SQL} AS account, count(*) AS n FROM officials o
          LEFT JOIN chat_bindings b ON b.official_id = o.id
          WHERE o.left_at IS NULL AND ${inSubtreeOfUnitSql('o.unit_code', ':unit')}
          GROUP BY o.unit_code, 2 ORDER BY o.unit_code`,
    args: { unit: unitCode },
  })
  const reach: UnitReach = { byAccount: new Map(), unbound: 0, unitsWithUnbound: [] }
  for (const r of rs.rows) {
    const n = Number(r.n)
    if (r.account == null) {
      reach.unbound += n
      reach.unitsWithUnbound.push(String(r.unit_code))
    } else reach.byAccount.set(String(r.account), (reach.byAccount.get(String(r.account)) ?? 0) + n)
  }
  return reach
}
