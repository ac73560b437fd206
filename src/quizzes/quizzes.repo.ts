import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'

export type RetakePolicy = 'none' | 'best' | 'last'

export interface Quiz {
  id: number
  sessionId: string | null
  examId: number | null
  spec: Record<string, unknown>
  passScore: number
  opensAt: string | null
  deadlineAt: string | null
  timeLimitMin: number | null
  retakes: RetakePolicy
  closedAt: string | null
  /** the session's title for session quizzes; null for exams */
  title: string | null
}

const COLUMNS = `q.id, q.session_id, q.exam_id, q.spec_json, q.pass_score, q.opens_at, q.deadline_at, q.time_limit_min,
  q.retakes, q.closed_at, s.title AS session_title`
const FROM = 'quizzes q LEFT JOIN sessions s ON s.id = q.session_id'

function toQuiz(r: Row): Quiz {
  return {
    id: Number(r.id),
    sessionId: r.session_id == null ? null : String(r.session_id),
    examId: r.exam_id == null ? null : Number(r.exam_id),
    spec: JSON.parse(String(r.spec_json)) as Record<string, unknown>,
    passScore: Number(r.pass_score),
    opensAt: r.opens_at == null ? null : String(r.opens_at),
    deadlineAt: r.deadline_at == null ? null : String(r.deadline_at),
    timeLimitMin: r.time_limit_min == null ? null : Number(r.time_limit_min),
    retakes: String(r.retakes) as RetakePolicy,
    closedAt: r.closed_at == null ? null : String(r.closed_at),
    title: r.session_title == null ? null : String(r.session_title),
  }
}

export async function findQuiz(ex: Executor, id: number): Promise<Quiz | null> {
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM ${FROM} WHERE q.id = ?`, args: [id] })
  return rs.rows[0] ? toQuiz(rs.rows[0]) : null
}

export async function findQuizBySession(ex: Executor, sessionId: string): Promise<Quiz | null> {
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM ${FROM} WHERE q.session_id = ?`, args: [sessionId] })
  return rs.rows[0] ? toQuiz(rs.rows[0]) : null
}

export async function findQuizByExam(ex: Executor, examId: number): Promise<Quiz | null> {
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM ${FROM} WHERE q.exam_id = ?`, args: [examId] })
  return rs.rows[0] ? toQuiz(rs.rows[0]) : null
}

export interface NewQuiz {
  sessionId: string | null
  examId: number | null
  spec: unknown
  passScore: number
  opensAt: string | null
  deadlineAt: string | null
  timeLimitMin: number | null
  retakes: RetakePolicy
}

/** Writes the quiz and its fixed question list; returns the new id. */
export async function insertQuiz(ex: Executor, q: NewQuiz, questionIds: readonly string[], now: string): Promise<number> {
  const rs = await ex.execute({
    sql: `INSERT INTO quizzes (session_id, exam_id, spec_json, pass_score, opens_at, deadline_at, time_limit_min, retakes, created_at)
          VALUES (:sessionId, :examId, :spec, :passScore, :opensAt, :deadlineAt, :timeLimitMin, :retakes, :now) RETURNING id`,
    args: { ...q, spec: JSON.stringify(q.spec), now },
  })
  const id = Number(rs.rows[0]!.id)
  for (let i = 0; i < questionIds.length; i += 300) {
    const chunk = questionIds.slice(i, i + 300)
    await ex.execute({
      sql: `INSERT INTO quiz_questions (quiz_id, question_id, position) VALUES ${chunk.map(() => '(?, ?, ?)').join(',')}`,
      args: chunk.flatMap((qid, k) => [id, qid, i + k + 1]),
    })
  }
  return id
}

export async function listQuizQuestionIds(ex: Executor, quizId: number): Promise<string[]> {
  const rs = await ex.execute({ sql: 'SELECT question_id FROM quiz_questions WHERE quiz_id = ? ORDER BY position', args: [quizId] })
  return rs.rows.map((r) => String(r.question_id))
}

export interface QuizCandidate extends Quiz {
  sessionUnitCode: string
  sessionStartsAt: string
  audienceJson: string | null
  /** the person's attendance mark at the session, when there is one */
  hasMark: boolean
}

/**
 * Session quizzes of sessions that are not cancelled and whose deadline is after `since`, in deadline order.
 * Whether the person belongs to the audience is decided by the caller.
 */
export async function listSessionQuizzesSince(ex: Executor, officialId: string, since: string): Promise<QuizCandidate[]> {
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS}, s.unit_code AS s_unit, s.starts_at AS s_starts, s.audience_json AS s_audience,
            EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.official_id = :officialId) AS has_mark
          FROM ${FROM}
          WHERE q.session_id IS NOT NULL AND s.status <> 'cancelled' AND q.closed_at IS NULL
            AND (q.deadline_at IS NULL OR q.deadline_at > :since)
          ORDER BY COALESCE(q.deadline_at, '9999'), q.id LIMIT 200`,
    args: { officialId, since },
  })
  return rs.rows.map((r) => ({
    ...toQuiz(r),
    sessionUnitCode: String(r.s_unit),
    sessionStartsAt: String(r.s_starts),
    audienceJson: r.s_audience == null ? null : String(r.s_audience),
    hasMark: Number(r.has_mark) === 1,
  }))
}
