/** The dashboard's own read queries over tables other capabilities write (quizzes, attempts, exams). */
import type { Executor } from '../../storage/db.js'
import type { Session } from '../../sessions/sessions.repo.js'
import type { AttendanceStatus } from '../../sessions/session.rules.js'

export interface ScopeUnit {
  code: string
  name: string
  path: string
}

/** The units under `scopePath` ('/' = all), in tree order. */
export async function listScopeUnits(ex: Executor, scopePath: string): Promise<ScopeUnit[]> {
  const rs = await ex.execute({
    sql: 'SELECT code, name, path FROM units WHERE substr(path, 1, length(:p)) = :p ORDER BY path',
    args: { p: scopePath },
  })
  return rs.rows.map((r) => ({ code: String(r.code), name: String(r.name), path: String(r.path) }))
}

export interface SheetPerson {
  officialId: string
  name: string
  unitCode: string
  status: AttendanceStatus | null
  markedBy: string | null
  markedAt: string | null
}

/**
 * Who is expected at a session, as isExpectedAt (sessions/checkin.rules.ts) decides, written in SQL so the
 * sheet of a county-wide session pages in the database instead of loading every official; plus whoever
 * has a mark. Limited to the viewer's units, in unit then id order.
 */
function sheetWhere(s: Session, unitPaths: Map<string, string>, scopePath: string) {
  const audienceUnits = s.audience?.unitCodes ?? []
  const explicit = audienceUnits.length > 0 || (s.audience?.officialIds?.length ?? 0) > 0
  const roots = (explicit ? audienceUnits : [s.unitCode]).map((c) => unitPaths.get(c)).filter((p): p is string => p !== undefined)
  return {
    from: `FROM officials o JOIN units u ON u.code = o.unit_code
           LEFT JOIN attendance a ON a.session_id = :sid AND a.official_id = o.id
           WHERE substr(u.path, 1, length(:scope)) = :scope
             AND (a.status IS NOT NULL OR (
               (o.joined_at IS NULL OR o.joined_at <= :startsAt) AND (o.left_at IS NULL OR o.left_at > :startsAt)
               AND (o.id IN (SELECT value FROM json_each(:ids))
                    OR ((:leadersOnly = 0 OR o.is_leader = 1)
                        AND EXISTS (SELECT 1 FROM json_each(:roots) r WHERE substr(u.path, 1, length(r.value)) = r.value)))))`,
    args: {
      sid: s.id,
      scope: scopePath,
      startsAt: s.startsAt,
      leadersOnly: s.audience?.leadersOnly ? 1 : 0,
      ids: JSON.stringify(s.audience?.officialIds ?? []),
      roots: JSON.stringify(roots),
    },
  }
}

export async function pageSheetPeople(
  ex: Executor,
  s: Session,
  unitPaths: Map<string, string>,
  scopePath: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; people: SheetPerson[] }> {
  const w = sheetWhere(s, unitPaths, scopePath)
  const [count, rs] = await Promise.all([
    ex.execute({ sql: `SELECT count(*) AS n ${w.from}`, args: w.args }),
    ex.execute({
      sql: `SELECT o.id, o.name, o.unit_code, a.status, a.marked_by, a.marked_at ${w.from} ORDER BY u.path, o.id LIMIT :limit OFFSET :offset`,
      args: { ...w.args, ...page },
    }),
  ])
  return {
    total: Number(count.rows[0]?.n ?? 0),
    people: rs.rows.map((r) => ({
      officialId: String(r.id),
      name: String(r.name),
      unitCode: String(r.unit_code),
      status: r.status == null ? null : (String(r.status) as AttendanceStatus),
      markedBy: r.marked_by == null ? null : String(r.marked_by),
      markedAt: r.marked_at == null ? null : String(r.marked_at),
    })),
  }
}

export interface QuizAttemptSummary {
  name: string
  unitCode: string
  state: string
  score: number | null
  passed: boolean | null
  finishedAt: string | null
  attempts: number
}

/** A session's quiz and, per person in the viewer's units, the latest attempt and the best finished score. */
export async function findSessionQuizResults(
  ex: Executor,
  sessionId: string,
  scopePath: string,
): Promise<{ passScore: number; rows: QuizAttemptSummary[] } | null> {
  const q = await ex.execute({ sql: 'SELECT id, pass_score FROM quizzes WHERE session_id = :sessionId', args: { sessionId } })
  const quiz = q.rows[0]
  if (!quiz) return null
  const rs = await ex.execute({
    sql: `SELECT o.name, o.unit_code, count(*) AS attempts,
            (SELECT a2.state FROM attempts a2 WHERE a2.quiz_id = :quiz AND a2.official_id = o.id ORDER BY a2.attempt_no DESC LIMIT 1) AS state,
            max(CASE WHEN a.state = 'finished' THEN a.score END) AS score,
            max(a.passed) AS passed, max(a.finished_at) AS finished_at
          FROM attempts a JOIN officials o ON o.id = a.official_id JOIN units u ON u.code = o.unit_code
          WHERE a.quiz_id = :quiz AND substr(u.path, 1, length(:scope)) = :scope
          GROUP BY o.id ORDER BY u.path, o.id`,
    args: { quiz: Number(quiz.id), scope: scopePath },
  })
  return {
    passScore: Number(quiz.pass_score),
    rows: rs.rows.map((r) => ({
      name: String(r.name),
      unitCode: String(r.unit_code),
      state: String(r.state),
      score: r.score == null ? null : Number(r.score),
      passed: r.passed == null ? null : Number(r.passed) === 1,
      finishedAt: r.finished_at == null ? null : String(r.finished_at),
      attempts: Number(r.attempts),
    })),
  }
}
