/** A session's quiz: creating it, and a person's `答题` (start, resume, retake). */
import type { Transaction } from '@libsql/client'
import type { Db, Executor } from '../storage/db.js'
import { asConflict } from '../storage/db.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { normalizeLawTitle } from '../sessions/session.rules.js'
import { findSession } from '../sessions/sessions.repo.js'
import { drawQuestions } from './layout.rules.js'
import { findQuestions, listDrawableQuestions } from './questions.repo.js'
import { insertQuiz } from './quizzes.repo.js'
import { DEFAULT_DEADLINE_MINUTES, DEFAULT_PASS_SCORE, type QuizSpec } from './quiz.schema.js'

export interface CreatedQuiz {
  quizId: number
  questionIds: string[]
  deadlineAt: string
  /** questions the draw asked for but the bank did not have */
  shortfall: number
}

/**
 * Creates the quiz of a session: a fixed list (every id must exist and not be retired) or a seeded draw
 * of `count` questions (single, multiple, judge) from `laws` — the session's laws when not given and the bank
 * has questions for them, else the whole bank. The deadline is `deadlineMinutes` after the session starts.
 * Pass a transaction to make it part of a larger write (e.g. creating the session).
 */
export async function createSessionQuiz(
  ex: Db | Transaction | Executor,
  sessionId: string,
  spec: QuizSpec,
  clock: Clock,
): Promise<CreatedQuiz> {
  if ('write' in ex && typeof ex.write === 'function') return (ex as Db).write((tx) => createSessionQuiz(tx, sessionId, spec, clock))
  const session = await findSession(ex, sessionId)
  if (!session) throw new AppError('NOT_FOUND', `session ${sessionId} not found`)
  let questionIds: string[]
  let shortfall = 0
  if (spec.questionIds) {
    const found = await findQuestions(ex, spec.questionIds)
    const bad = spec.questionIds.filter((id) => !found.get(id) || found.get(id)!.retiredAt !== null)
    if (bad.length > 0) {
      throw new AppError('INVALID_INPUT', `unknown or retired questions: ${bad.join(', ')}`, {
        issues: bad.map((id) => ({ path: ['quiz', 'questionIds'], message: `question ${id} does not exist or is retired` })),
      })
    }
    questionIds = [...new Set(spec.questionIds)]
  } else {
    const draw = spec.draw!
    const types = ['single', 'multiple', 'judge'] as const
    const asked = (draw.laws ?? []).map(normalizeLawTitle)
    let pool = await listDrawableQuestions(ex, { laws: asked.length ? asked : session.laws, types })
    if (pool.length === 0 && asked.length === 0) pool = await listDrawableQuestions(ex, { types })
    if (pool.length === 0)
      throw new AppError('INVALID_INPUT', 'the question bank has no questions for this quiz', {
        issues: [{ path: ['quiz', 'draw', 'laws'], message: 'no questions for these laws' }],
      })
    questionIds = drawQuestions(pool, draw.count, draw.seed ?? sessionId).map((q) => q.id)
    shortfall = draw.count - questionIds.length
  }
  const deadlineAt = new Date(
    new Date(session.startsAt).getTime() + (spec.deadlineMinutes ?? DEFAULT_DEADLINE_MINUTES) * 60_000,
  ).toISOString()
  const quizId = await insertQuiz(
    ex,
    {
      sessionId,
      examId: null,
      spec,
      passScore: spec.passScore ?? DEFAULT_PASS_SCORE,
      opensAt: null,
      deadlineAt,
      timeLimitMin: null,
      retakes: spec.retakes ?? 'none',
    },
    questionIds,
    clock.now().toISOString(),
  ).catch((e) => asConflict(e, `session ${sessionId} already has a quiz`))
  return { quizId, questionIds, deadlineAt, shortfall }
}
