import { z } from '@hono/zod-openapi'
import type { Executor } from '../../storage/db.js'

// A read model for GET /sessions/:id only: how many of a session's quiz takers started, finished and passed.

export const QuizCompletionSchema = z
  .object({
    quizId: z.number().int(),
    passScore: z.number(),
    started: z.number().int().openapi({ description: 'officials who opened the quiz' }),
    completed: z.number().int().openapi({ description: 'officials with a finished attempt' }),
    passed: z.number().int(),
  })
  .openapi('QuizCompletion')

export type QuizCompletion = z.infer<typeof QuizCompletionSchema>

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
