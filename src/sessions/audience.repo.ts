import type { Executor } from '../storage/db.js'
import type { Audience } from './sessions.repo.js'

export interface AudienceMember {
  id: string
  name: string
  unitCode: string
  /** has a bound chat account (reachable in private) */
  bound: boolean
}

export interface GroupRobot {
  id: number
  unitCode: string
  platform: 'wecom' | 'dingtalk' | 'feishu'
}

/**
 * Who is expected at a session: `audience` { unitCodes (each with the units below), officialIds,
 * leadersOnly (for the units part) }, NULL = the organizing unit and below; only officials on the
 * roster at the start (joined before it, not left before it).
 */
export async function listAudience(
  ex: Executor,
  s: { unitCode: string; startsAt: string; audience: Audience | null },
): Promise<AudienceMember[]> {
  const a = s.audience
  const units = a === null ? [s.unitCode] : (a.unitCodes ?? (a.officialIds?.length ? [] : [s.unitCode]))
  const rs = await ex.execute({
    sql: `SELECT o.id, o.name, o.unit_code, EXISTS (SELECT 1 FROM chat_bindings b WHERE b.official_id = o.id) AS bound
          FROM officials o
          WHERE (o.joined_at IS NULL OR o.joined_at <= :at) AND (o.left_at IS NULL OR o.left_at > :at)
            AND ((o.unit_code IN (SELECT u.code FROM units u JOIN units top ON top.code IN (SELECT value FROM json_each(:units))
                                  WHERE substr(u.path, 1, length(top.path)) = top.path)
                  AND (:leadersOnly = 0 OR o.is_leader = 1))
                 OR o.id IN (SELECT value FROM json_each(:ids)))
          ORDER BY o.unit_code, o.id`,
    args: { at: s.startsAt, units: JSON.stringify(units), ids: JSON.stringify(a?.officialIds ?? []), leadersOnly: a?.leadersOnly ? 1 : 0 },
  })
  return rs.rows.map((r) => ({ id: String(r.id), name: String(r.name), unitCode: String(r.unit_code), bound: Number(r.bound) === 1 }))
}

export async function listRobots(ex: Executor, unitCodes: readonly string[]): Promise<GroupRobot[]> {
  const rs = await ex.execute({
    sql: `SELECT id, unit_code, platform FROM group_robots WHERE enabled = 1 AND unit_code IN (SELECT value FROM json_each(:units)) ORDER BY id`,
    args: { units: JSON.stringify([...new Set(unitCodes)]) },
  })
  return rs.rows.map((r) => ({ id: Number(r.id), unitCode: String(r.unit_code), platform: String(r.platform) as GroupRobot['platform'] }))
}

/** Robots of the unit and every unit below it. */
export async function listRobotsUnder(ex: Executor, unitCode: string | null): Promise<GroupRobot[]> {
  const rs = await ex.execute({
    sql: `SELECT r.id, r.unit_code, r.platform FROM group_robots r JOIN units u ON u.code = r.unit_code
          WHERE r.enabled = 1 AND (:unit IS NULL OR substr(u.path, 1, length((SELECT path FROM units WHERE code = :unit)))
                                   = (SELECT path FROM units WHERE code = :unit))
          ORDER BY r.id`,
    args: { unit: unitCode },
  })
  return rs.rows.map((r) => ({ id: Number(r.id), unitCode: String(r.unit_code), platform: String(r.platform) as GroupRobot['platform'] }))
}

export interface SessionQuiz {
  id: number
  deadlineAt: string | null
}

export async function findSessionQuiz(ex: Executor, sessionId: string): Promise<SessionQuiz | null> {
  const rs = await ex.execute({ sql: 'SELECT id, deadline_at FROM quizzes WHERE session_id = :sessionId', args: { sessionId } })
  const r = rs.rows[0]
  return r ? { id: Number(r.id), deadlineAt: r.deadline_at == null ? null : String(r.deadline_at) } : null
}

/** Officials with a finished attempt at the quiz. */
export async function listFinishedQuiz(ex: Executor, quizId: number): Promise<Set<string>> {
  const rs = await ex.execute({
    sql: `SELECT DISTINCT official_id FROM attempts WHERE quiz_id = :quizId AND state = 'finished'`,
    args: { quizId },
  })
  return new Set(rs.rows.map((r) => String(r.official_id)))
}

export async function listMarks(ex: Executor, sessionId: string): Promise<Map<string, string>> {
  const rs = await ex.execute({ sql: 'SELECT official_id, status FROM attendance WHERE session_id = :sessionId', args: { sessionId } })
  return new Map(rs.rows.map((r) => [String(r.official_id), String(r.status)]))
}

export interface MaterialText {
  title: string
  bodyMd: string
}

export async function listSessionMaterials(ex: Executor, sessionId: string): Promise<MaterialText[]> {
  const rs = await ex.execute({
    sql: `SELECT m.title, m.body_md FROM session_materials sm JOIN materials m ON m.id = sm.material_id
          WHERE sm.session_id = :sessionId ORDER BY m.id`,
    args: { sessionId },
  })
  return rs.rows.map((r) => ({ title: String(r.title), bodyMd: String(r.body_md) }))
}

/**
 * Who gets a session's summary: the official who created it (created_by 'official:…'), else the
 * organizers of the organizing unit.
 */
export async function listSessionOrganizers(ex: Executor, sessionId: string): Promise<string[]> {
  const rs = await ex.execute({
    sql: `SELECT o.id FROM sessions s JOIN officials o
            ON (s.created_by = 'official:' || o.id)
            OR (NOT (coalesce(s.created_by, '') LIKE 'official:%') AND o.unit_code = s.unit_code AND o.is_organizer = 1 AND o.left_at IS NULL)
          WHERE s.id = :sessionId ORDER BY o.id`,
    args: { sessionId },
  })
  return rs.rows.map((r) => String(r.id))
}
