/**
 * Who is expected at a session — the one definition, written once in SQL and used by every path: the
 * fan-out of materials and reminders, closing (the unmarked become absent), chat (签到, 请假, 答题, 统计,
 * 提醒), the dashboard's attendance sheet and the quiz a person is offered.
 *
 * An official is expected when on the roster at the start (joined before it) and either
 *  - already has a mark at the session (organizers add people by hand; the report counts every mark), or
 *  - has not left before the start, and is named in `audience.officialIds`, or belongs to an audience unit or
 *    a unit below it — limited to leaders when `audience.leadersOnly`.
 * The audience units are `audience.unitCodes` when the list is not empty; with neither units nor officials
 * named (no audience, or empty lists) the organizing unit. Naming only officials means only them.
 */
import type { Executor } from '../storage/db.js'
import { pathWithinSql } from '../roster/units.repo.js'
import type { Session } from './sessions.repo.js'

/** The session side of the rule as SQL expressions: columns of a sessions row, or bound parameters. */
interface SessionTerms {
  id: string
  startsAt: string
  unitCode: string
  audienceJson: string
}

/** `s` is a row of sessions: for "which of these sessions expect this person". */
const ROW: SessionTerms = { id: 's.id', startsAt: 's.starts_at', unitCode: 's.unit_code', audienceJson: 's.audience_json' }
/** One known session bound as parameters (see sessionParams): for "whom does this session expect". */
const PARAMS: SessionTerms = { id: ':aSession', startsAt: ':aStartsAt', unitCode: ':aUnit', audienceJson: ':aAudience' }

/** SQL over `o` (officials) and `u` (o's unit): the rule of this file. */
function expectedSql(t: SessionTerms): string {
  const a = t.audienceJson
  const noLists = `coalesce(json_array_length(${a}, '$.unitCodes'), 0) = 0 AND coalesce(json_array_length(${a}, '$.officialIds'), 0) = 0`
  return `((o.joined_at IS NULL OR o.joined_at <= ${t.startsAt}) AND (
      EXISTS (SELECT 1 FROM attendance mark WHERE mark.session_id = ${t.id} AND mark.official_id = o.id)
      OR ((o.left_at IS NULL OR o.left_at > ${t.startsAt}) AND (
        o.id IN (SELECT value FROM json_each(${a}, '$.officialIds'))
        OR ((coalesce(json_extract(${a}, '$.leadersOnly'), 0) = 0 OR o.is_leader = 1)
            AND EXISTS (SELECT 1 FROM units root
                        WHERE (root.code IN (SELECT value FROM json_each(${a}, '$.unitCodes'))
                               OR (root.code = ${t.unitCode} AND ${noLists}))
                          AND ${pathWithinSql('u.path', 'root.path')}))))))`
}

type AudienceSession = Pick<Session, 'id' | 'startsAt' | 'unitCode' | 'audience'>

function sessionParams(s: AudienceSession) {
  return { aSession: s.id, aStartsAt: s.startsAt, aUnit: s.unitCode, aAudience: s.audience ? JSON.stringify(s.audience) : null }
}

export interface AudienceMember {
  id: string
  name: string
  unitCode: string
  /** has a bound chat account (reachable in private) */
  bound: boolean
  /** the bot account the official bound on (private messages go out from it), null when not bound */
  account: string | null
}

/** Everyone expected at the session, by unit then id. */
export async function listAudience(ex: Executor, s: AudienceSession): Promise<AudienceMember[]> {
  const rs = await ex.execute({
    sql: `SELECT o.id, o.name, o.unit_code, b.account
          FROM officials o JOIN units u ON u.code = o.unit_code LEFT JOIN chat_bindings b ON b.official_id = o.id
          WHERE ${expectedSql(PARAMS)}
          ORDER BY o.unit_code, o.id`,
    args: sessionParams(s),
  })
  return rs.rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    unitCode: String(r.unit_code),
    bound: r.account != null,
    account: r.account == null ? null : String(r.account),
  }))
}

/** Is this official expected at this session? */
export async function isExpected(ex: Executor, sessionId: string, officialId: string): Promise<boolean> {
  const rs = await ex.execute({
    sql: `SELECT 1 FROM sessions s, officials o JOIN units u ON u.code = o.unit_code
          WHERE s.id = :sessionId AND o.id = :officialId AND ${expectedSql(ROW)}`,
    args: { sessionId, officialId },
  })
  return rs.rows.length > 0
}

export interface ExpectingFilter {
  /** sessions starting at or after (ISO UTC) */
  from: string
  /** sessions starting before (ISO UTC); LATEST for no upper bound */
  to: string
  /** planned only (not held, not cancelled); otherwise everything but cancelled */
  plannedOnly?: boolean
  limit?: number
}

/** An upper bound of ExpectingFilter that lets every start through (ISO UTC text sorts by time). */
export const LATEST = '9999-12-31T23:59:59.999Z'

/**
 * Ids of the live sessions in the window that expect this official, by start time. Both ends are always bound,
 * so SQLite searches sessions_starts instead of scanning every session (`:from IS NULL OR …` defeats the index).
 */
export async function listSessionsExpecting(ex: Executor, officialId: string, f: ExpectingFilter): Promise<string[]> {
  const rs = await ex.execute({
    sql: `SELECT s.id FROM sessions s, officials o JOIN units u ON u.code = o.unit_code
          WHERE o.id = :officialId AND ${f.plannedOnly ? "s.status = 'planned'" : "s.status <> 'cancelled'"}
            AND s.starts_at >= :from AND s.starts_at < :to
            AND ${expectedSql(ROW)}
          ORDER BY s.starts_at, s.id LIMIT :limit`,
    args: { officialId, from: f.from, to: f.to, limit: f.limit ?? 200 },
  })
  return rs.rows.map((r) => String(r.id))
}

export interface SheetPerson {
  officialId: string
  name: string
  unitCode: string
  status: string | null
  markedBy: string | null
  markedAt: string | null
}

/** A page of the attendance sheet: the people expected, within the viewer's units (a root path), with their marks. */
export async function pageAudienceSheet(
  ex: Executor,
  s: AudienceSession,
  scopePath: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; people: SheetPerson[] }> {
  const from = `FROM officials o JOIN units u ON u.code = o.unit_code
    LEFT JOIN attendance a ON a.session_id = :aSession AND a.official_id = o.id
    WHERE ${pathWithinSql('u.path', ':scope')} AND ${expectedSql(PARAMS)}`
  const args = { ...sessionParams(s), scope: scopePath }
  const [count, rs] = await Promise.all([
    ex.execute({ sql: `SELECT count(*) AS n ${from}`, args }),
    ex.execute({
      sql: `SELECT o.id, o.name, o.unit_code, a.status, a.marked_by, a.marked_at ${from} ORDER BY u.path, o.id LIMIT :limit OFFSET :offset`,
      args: { ...args, ...page },
    }),
  ])
  return {
    total: Number(count.rows[0]?.n ?? 0),
    people: rs.rows.map((r) => ({
      officialId: String(r.id),
      name: String(r.name),
      unitCode: String(r.unit_code),
      status: r.status == null ? null : String(r.status),
      markedBy: r.marked_by == null ? null : String(r.marked_by),
      markedAt: r.marked_at == null ? null : String(r.marked_at),
    })),
  }
}

/** Open quizzes of live sessions that expect this official, whose deadline is after `since`, by deadline (at most 200). */
export async function listOpenQuizIdsFor(ex: Executor, officialId: string, since: string): Promise<number[]> {
  const rs = await ex.execute({
    sql: `SELECT q.id FROM quizzes q JOIN sessions s ON s.id = q.session_id, officials o JOIN units u ON u.code = o.unit_code
          WHERE o.id = :officialId AND s.status <> 'cancelled' AND q.closed_at IS NULL
            AND (q.deadline_at IS NULL OR q.deadline_at > :since) AND ${expectedSql(ROW)}
          ORDER BY COALESCE(q.deadline_at, '9999'), q.id LIMIT 200`,
    args: { officialId, since },
  })
  return rs.rows.map((r) => Number(r.id))
}
