import type { InStatement, Row } from '@libsql/client'
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
    args: {
      sessionId: q.sessionId,
      examId: q.examId,
      spec: JSON.stringify(q.spec),
      passScore: q.passScore,
      opensAt: q.opensAt,
      deadlineAt: q.deadlineAt,
      timeLimitMin: q.timeLimitMin,
      retakes: q.retakes,
      now,
    },
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

/** These quizzes, in the order of `ids`. */
export async function findQuizzes(ex: Executor, ids: readonly number[]): Promise<Quiz[]> {
  if (ids.length === 0) return []
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM ${FROM} WHERE q.id IN (SELECT value FROM json_each(:ids))`,
    args: { ids: JSON.stringify(ids) },
  })
  const byId = new Map(rs.rows.map((r) => [Number(r.id), toQuiz(r)]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** Closing a quiz: open attempts end as closed (not graded as finished), and it takes no more. */
export function closeQuizStatements(quizId: number, now: string): InStatement[] {
  return [
    { sql: `UPDATE attempts SET state = 'closed' WHERE quiz_id = :quizId AND state = 'open'`, args: { quizId } },
    { sql: 'UPDATE quizzes SET closed_at = :now WHERE id = :quizId AND closed_at IS NULL', args: { quizId, now } },
  ]
}
