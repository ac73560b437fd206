import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { inSubtreeSql } from '../roster/units.repo.js'

/** A unit subtree (by materialised path; '/' = every unit) and a year as [from, to) ISO UTC bounds. */
export interface ReportScope {
  scopePath: string
  from: string
  to: string
}

export interface HeldSessionRow {
  id: string
  kind: string
  body: string | null
  startsAt: string
  hours: number | null
}

export const STATUSES = ['present', 'late', 'excused', 'makeup', 'absent'] as const

export interface AttendanceCountRow {
  sessionId: string
  present: number
  late: number
  excused: number
  makeup: number
  absent: number
}

export interface QuizSessionRow {
  sessionId: string
  completed: number
  scoreSum: number
  passed: number
}

const num = (v: unknown): number => (v == null ? 0 : Number(v))
const str = (v: unknown): string | null => (v == null ? null : String(v))

/** Held sessions of the subtree in the year: the base of every session figure. */
export const HELD_SESSIONS_SQL = `SELECT id FROM sessions WHERE status = 'held'
  AND starts_at >= :from AND starts_at < :to AND ${inSubtreeSql('unit_code')}`

/** Someone who joined the roster after a session started was not expected at it. */
export const EXPECTED_SQL = '(o.joined_at IS NULL OR o.joined_at <= s.starts_at)'

export async function listHeldSessions(ex: Executor, scope: ReportScope): Promise<HeldSessionRow[]> {
  const rs = await ex.execute({
    sql: `SELECT id, kind, body, starts_at, hours FROM sessions WHERE id IN (${HELD_SESSIONS_SQL}) ORDER BY starts_at, id`,
    args: { ...scope },
  })
  return rs.rows.map((r: Row) => ({
    id: String(r.id),
    kind: String(r.kind),
    body: str(r.body),
    startsAt: String(r.starts_at),
    hours: r.hours == null ? null : Number(r.hours),
  }))
}

export async function countLaws(ex: Executor, scope: ReportScope): Promise<{ title: string; sessions: number }[]> {
  const rs = await ex.execute({
    sql: `SELECT law_title, COUNT(*) AS n FROM session_laws WHERE session_id IN (${HELD_SESSIONS_SQL})
          GROUP BY law_title ORDER BY n DESC, law_title`,
    args: { ...scope },
  })
  return rs.rows.map((r) => ({ title: String(r.law_title), sessions: num(r.n) }))
}

/** Laws studied, per kind of session: the narrative names them with the meetings (or trainings) where they were studied. */
export async function countLawsByKind(ex: Executor, scope: ReportScope): Promise<{ kind: string; title: string; sessions: number }[]> {
  const rs = await ex.execute({
    sql: `SELECT s.kind, l.law_title, COUNT(*) AS n FROM session_laws l JOIN sessions s ON s.id = l.session_id
          WHERE l.session_id IN (${HELD_SESSIONS_SQL})
          GROUP BY s.kind, l.law_title ORDER BY s.kind, n DESC, l.law_title`,
    args: { ...scope },
  })
  return rs.rows.map((r) => ({ kind: String(r.kind), title: String(r.law_title), sessions: num(r.n) }))
}

/**
 * Distinct people who attended (present, late or made up) per kind of session. Counted from the narrow
 * (session_id, status) index, which holds official_id (the table's key), with the held sessions walked kind by kind
 * so that the GROUP BY needs no sort; then, as in countAttendanceBySession, the few who joined the roster in the year
 * are found from the other side, and a person whose every attended session of a kind came before they joined is
 * taken off that kind.
 */
export async function countAttendedPeopleByKind(ex: Executor, scope: ReportScope): Promise<{ kind: string; people: number }[]> {
  const rs = await ex.execute({
    sql: `WITH held AS (${HELD_SESSIONS_SQL}),
          by_kind AS MATERIALIZED (SELECT id, kind FROM sessions WHERE id IN held ORDER BY kind),
          counted AS (
            SELECT s.kind, COUNT(DISTINCT a.official_id) AS n
            FROM by_kind s CROSS JOIN attendance a INDEXED BY attendance_session_status ON a.session_id = s.id
            WHERE a.status IN ('present', 'late', 'makeup')
            GROUP BY s.kind),
          late AS (
            SELECT s.kind, o.id
            FROM officials o CROSS JOIN attendance a ON a.official_id = o.id CROSS JOIN sessions s ON s.id = a.session_id
            WHERE o.joined_at > :from AND +s.id IN held AND a.status IN ('present', 'late', 'makeup')
            GROUP BY s.kind, o.id HAVING MAX(s.starts_at) < o.joined_at)
          SELECT c.kind, c.n - (SELECT COUNT(*) FROM late l WHERE l.kind = c.kind) AS n FROM counted c`,
    args: { ...scope },
  })
  return rs.rows.map((r) => ({ kind: String(r.kind), people: num(r.n) }))
}

/**
 * Marks per session by status, net of people not yet on the roster when the session started. Counting every
 * mark needs only the (session_id, status) index, in order (no sort); the few late joiners are then
 * found from the other side (officials who joined in the year, CROSS JOIN keeps that order) and taken off,
 * instead of looking up the roster for each of a million marks.
 */
export async function countAttendanceBySession(ex: Executor, scope: ReportScope): Promise<AttendanceCountRow[]> {
  const rs = await ex.execute({
    sql: `WITH held AS (${HELD_SESSIONS_SQL}),
          marks AS (SELECT session_id, status, COUNT(*) AS n FROM attendance WHERE session_id IN held GROUP BY session_id, status),
          late AS (
            SELECT a.session_id, a.status, COUNT(*) AS n
            FROM officials o CROSS JOIN attendance a ON a.official_id = o.id CROSS JOIN sessions s ON s.id = a.session_id
            WHERE o.joined_at > :from AND o.joined_at > s.starts_at AND +s.id IN held
            GROUP BY a.session_id, a.status)
          SELECT m.session_id, m.status, m.n - COALESCE(l.n, 0) AS n
          FROM marks m LEFT JOIN late l ON l.session_id = m.session_id AND l.status = m.status`,
    args: { ...scope },
  })
  const bySession = new Map<string, AttendanceCountRow>()
  for (const r of rs.rows) {
    const id = String(r.session_id)
    const row = bySession.get(id) ?? { sessionId: id, present: 0, late: 0, excused: 0, makeup: 0, absent: 0 }
    const status = String(r.status) as (typeof STATUSES)[number]
    if (STATUSES.includes(status)) row[status] += num(r.n)
    bySession.set(id, row)
  }
  return [...bySession.values()]
}

/**
 * Distinct people who attended (present, late or made up) at least once: per person, their own marks first
 * (INDEXED BY and CROSS JOIN keep that plan) and out at the first one that counts.
 */
export async function countAttendedPeople(ex: Executor, scope: ReportScope): Promise<number> {
  const rs = await ex.execute({
    sql: `WITH held AS (${HELD_SESSIONS_SQL})
          SELECT COUNT(*) AS n FROM officials o
          WHERE EXISTS (SELECT 1 FROM attendance a INDEXED BY attendance_official CROSS JOIN sessions s ON s.id = a.session_id
                        WHERE a.official_id = o.id AND a.status IN ('present', 'late', 'makeup') AND +s.id IN held
                          AND ${EXPECTED_SQL})`,
    args: { ...scope },
  })
  return num(rs.rows[0]?.n)
}

/**
 * One attempt per person and quiz decides: the best or the last under a retake policy, else the first.
 * SQLite takes the bare columns of a single-MAX aggregate from the row holding the maximum.
 * Quizzes are picked by id so they are walked in attempts_quiz_finished order and the GROUP BY needs no sort.
 */
export const CHOSEN_ATTEMPTS_SQL = `SELECT t.quiz_id, t.official_id, t.attempt_no, t.score,
    COALESCE(t.passed, t.score >= q.pass_score) AS passed,
    MAX(CASE q.retakes WHEN 'best' THEN t.score * 1000 + t.attempt_no
                       WHEN 'last' THEN t.attempt_no ELSE -t.attempt_no END) AS pick
  FROM quizzes q JOIN attempts t ON t.quiz_id = q.id
  WHERE q.id IN (SELECT id FROM quizzes WHERE session_id IN (${HELD_SESSIONS_SQL})) AND t.state = 'finished'
  GROUP BY t.quiz_id, t.official_id`

/** Sessions that have a quiz, with how many expected people completed it. */
export async function countQuizzesBySession(ex: Executor, scope: ReportScope): Promise<QuizSessionRow[]> {
  const rs = await ex.execute({
    sql: `WITH chosen AS (${CHOSEN_ATTEMPTS_SQL})
          SELECT q.session_id, COUNT(o.id) AS completed, SUM(CASE WHEN o.id IS NULL THEN 0 ELSE c.score END) AS score_sum,
                 SUM(CASE WHEN o.id IS NULL THEN 0 ELSE c.passed END) AS passed
          FROM quizzes q JOIN sessions s ON s.id = q.session_id
          LEFT JOIN chosen c ON c.quiz_id = q.id
          LEFT JOIN attendance a ON a.session_id = s.id AND a.official_id = c.official_id
          LEFT JOIN officials o ON o.id = a.official_id AND ${EXPECTED_SQL}
          WHERE q.session_id IN (${HELD_SESSIONS_SQL})
          GROUP BY q.session_id`,
    args: { ...scope },
  })
  return rs.rows.map((r) => ({
    sessionId: String(r.session_id),
    completed: num(r.completed),
    scoreSum: num(r.score_sum),
    passed: num(r.passed),
  }))
}

/**
 * Standing meetings known (from the OA feed, or a 会前学法 naming its meeting: 会议名称 set by the form, the import or
 * chat), not cancelled, and how many had their 会前学法 held.
 */
export async function countKnownMeetings(ex: Executor, scope: ReportScope): Promise<{ known: number; held: number }> {
  const rs = await ex.execute({
    sql: `SELECT COUNT(*) AS known, SUM(status = 'held') AS held FROM sessions
          WHERE kind = 'pre_meeting' AND (external_id IS NOT NULL OR COALESCE(body, '') <> '') AND status <> 'cancelled'
            AND starts_at >= :from AND starts_at < :to AND ${inSubtreeSql('unit_code')}`,
    args: { ...scope },
  })
  return { known: num(rs.rows[0]?.known), held: num(rs.rows[0]?.held) }
}
