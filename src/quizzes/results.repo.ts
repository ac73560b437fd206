import type { Executor } from '../storage/db.js'
import { pathWithinSql } from '../roster/units.repo.js'
import { findQuizBySession } from './quizzes.repo.js'

export interface QuizAttemptSummary {
  latestAttemptId: number
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
  const quiz = await findQuizBySession(ex, sessionId)
  if (!quiz) return null
  const rs = await ex.execute({
    sql: `SELECT o.name, o.unit_code, count(*) AS attempts,
            (SELECT a2.state FROM attempts a2 WHERE a2.quiz_id = :quiz AND a2.official_id = o.id ORDER BY a2.attempt_no DESC LIMIT 1) AS state,
            (SELECT a2.id FROM attempts a2 WHERE a2.quiz_id = :quiz AND a2.official_id = o.id ORDER BY a2.attempt_no DESC LIMIT 1) AS latest,
            max(CASE WHEN a.state = 'finished' THEN a.score END) AS score,
            max(a.passed) AS passed, max(a.finished_at) AS finished_at
          FROM attempts a JOIN officials o ON o.id = a.official_id JOIN units u ON u.code = o.unit_code
          WHERE a.quiz_id = :quiz AND ${pathWithinSql('u.path', ':scope')}
          GROUP BY o.id ORDER BY u.path, o.id`,
    args: { quiz: quiz.id, scope: scopePath },
  })
  return {
    passScore: quiz.passScore,
    rows: rs.rows.map((r) => ({
      name: String(r.name),
      unitCode: String(r.unit_code),
      state: String(r.state),
      score: r.score == null ? null : Number(r.score),
      passed: r.passed == null ? null : Number(r.passed) === 1,
      finishedAt: r.finished_at == null ? null : String(r.finished_at),
      attempts: Number(r.attempts),
      latestAttemptId: Number(r.latest),
    })),
  }
}

export interface QuizCompletion {
  quizId: number
  passScore: number
  /** officials who opened the quiz */
  started: number
  /** officials with a finished attempt */
  completed: number
  passed: number
}

/** How many of a session's quiz takers started, finished and passed; null when the session has no quiz. */
export async function findQuizCompletion(ex: Executor, sessionId: string): Promise<QuizCompletion | null> {
  const rs = await ex.execute({
    sql: `SELECT q.id, q.pass_score,
            count(DISTINCT a.official_id) AS started,
            count(DISTINCT CASE WHEN a.state = 'finished' THEN a.official_id END) AS completed,
            count(DISTINCT CASE WHEN a.passed = 1 THEN a.official_id END) AS passed
          FROM quizzes q LEFT JOIN attempts a ON a.quiz_id = q.id
          WHERE q.session_id = :sessionId GROUP BY q.id`,
    args: { sessionId },
  })
  const r = rs.rows[0]
  if (!r) return null
  return {
    quizId: Number(r.id),
    passScore: Number(r.pass_score),
    started: Number(r.started),
    completed: Number(r.completed),
    passed: Number(r.passed),
  }
}
