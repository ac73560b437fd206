/** The province roll-up's own SQL: the counties a province sums (its own database), and who a county's people are. */
import type { Executor } from '../storage/db.js'
import { EXPECTED_SQL, HELD_SESSIONS_SQL, type ReportScope } from './report.repo.js'

/** The namespaces of the counties, in the order they were added. */
export async function listCounties(ex: Executor): Promise<string[]> {
  const rs = await ex.execute('SELECT namespace FROM rollup_counties ORDER BY position')
  return rs.rows.map((r) => String(r.namespace))
}

/** Adds a county at the end of the list; false when it is listed already. */
export async function addCounty(ex: Executor, namespace: string, now: Date): Promise<boolean> {
  const rs = await ex.execute({
    sql: `INSERT INTO rollup_counties (position, namespace, added_at)
          VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM rollup_counties), :namespace, :now)
          ON CONFLICT (namespace) DO NOTHING`,
    args: { namespace, now: now.toISOString() },
  })
  return rs.rowsAffected > 0
}

/** false when it was not listed. */
export async function removeCounty(ex: Executor, namespace: string): Promise<boolean> {
  const rs = await ex.execute({ sql: 'DELETE FROM rollup_counties WHERE namespace = :namespace', args: { namespace } })
  return rs.rowsAffected > 0
}

/** Every 编号 of the county's roster with its 姓名, those who left included (who moved is told from them). */
export async function listRoster(ex: Executor): Promise<{ id: string; name: string }[]> {
  const rs = await ex.execute('SELECT id, name FROM officials ORDER BY id')
  return rs.rows.map((r) => ({ id: String(r.id), name: String(r.name) }))
}

/**
 * 编号 of the people who attended (present, late or made up) at least once: the rule of report.repo
 * countAttendedPeople, listing the people it counts (tests/integration/rollup.test.ts holds the two equal).
 */
export async function listAttendedPeople(ex: Executor, scope: ReportScope): Promise<string[]> {
  const rs = await ex.execute({
    sql: `WITH held AS (${HELD_SESSIONS_SQL})
          SELECT o.id FROM officials o
          WHERE EXISTS (SELECT 1 FROM attendance a INDEXED BY attendance_official CROSS JOIN sessions s ON s.id = a.session_id
                        WHERE a.official_id = o.id AND a.status IN ('present', 'late', 'makeup') AND +s.id IN held
                          AND ${EXPECTED_SQL})
          ORDER BY o.id`,
    args: { ...scope },
  })
  return rs.rows.map((r) => String(r.id))
}
