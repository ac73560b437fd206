/** A session's quiz: which questions, how it is marked, until when. */
import type { Executor } from '../storage/db.js'
import { asConflict } from '../storage/errors.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { normalizeLawTitle } from '../laws.js'
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
 * Runs inside the write that creates or changes the session (sessions.service.ts); nothing is written
 * before every check has passed, so a refusal leaves the transaction as it was.
 */
export async function createSessionQuiz(
  ex: Executor,
  session: { id: string; startsAt: string; laws: readonly string[] },
  spec: QuizSpec,
  clock: Clock,
): Promise<CreatedQuiz> {
  const sessionId = session.id
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
    let pool = await listDrawableQuestions(ex, { laws: asked.length ? asked : [...session.laws], types })
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
