/**
 * One person's window on a quiz after it closed for everyone else (a session's make-up: `quiz_extensions`).
 * `quizFor` lays it over the quiz, so every rule that reads the quiz's window (`quizWindow`, `isOverdue`) sees
 * the person's own.
 */
import type { InStatement } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import type { Quiz } from './quizzes.repo.js'

/** When the person's make-up of the quiz closes, or null without one. */
export async function findExtension(ex: Executor, quizId: number, officialId: string): Promise<string | null> {
  const rs = await ex.execute({
    sql: 'SELECT closes_at FROM quiz_extensions WHERE quiz_id = :quizId AND official_id = :officialId',
    args: { quizId, officialId },
  })
  const v = rs.rows[0]?.closes_at
  return v == null ? null : String(v)
}

/** The quizzes the person may still make up after `since`. */
export async function listExtendedQuizIds(ex: Executor, officialId: string, since: string): Promise<number[]> {
  const rs = await ex.execute({
    sql: 'SELECT quiz_id FROM quiz_extensions WHERE official_id = :officialId AND closes_at > :since ORDER BY closes_at LIMIT 200',
    args: { officialId, since },
  })
  return rs.rows.map((r) => Number(r.quiz_id))
}

/** Opens the quiz to these people until `closesAt`; one already given a window keeps it. */
export function insertExtensionsStatements(quizId: number, officialIds: readonly string[], closesAt: string, now: string): InStatement[] {
  return officialIds.map((officialId) => ({
    sql: `INSERT INTO quiz_extensions (quiz_id, official_id, closes_at, created_at) VALUES (:quizId, :officialId, :closesAt, :now)
          ON CONFLICT (quiz_id, official_id) DO NOTHING`,
    args: { quizId, officialId, closesAt, now },
  }))
}

/** The quiz as it stands for one person: with a make-up window, open until its end. */
export async function quizFor<Q extends Quiz | null>(ex: Executor, quiz: Q, officialId: string): Promise<Q> {
  if (quiz === null || quiz.sessionId === null) return quiz
  return withExtension(quiz, await findExtension(ex, quiz.id, officialId))
}

/** `quizFor` with the person's extension (`findExtension`) read already, alongside the quiz. */
export function withExtension<Q extends Quiz | null>(quiz: Q, until: string | null): Q {
  if (quiz === null || quiz.sessionId === null || until === null) return quiz
  return { ...quiz, closedAt: null, deadlineAt: until }
}
