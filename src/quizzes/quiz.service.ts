/** A session's quiz: which questions, how it is marked, until when. */
import type { Executor } from '../storage/db.js'
import { asConflict } from '../storage/errors.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { normalizeLaws } from '../laws.js'
import { drawQuestions } from './layout.rules.js'
import { findQuestions, listDrawableQuestions, listLawsWithQuestions } from './questions.repo.js'
import { noQuestionsForLawsZh, someLawsWithoutQuestionsZh } from './copy.zh.js'
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
 * of `count` questions (single, multiple, judge) from `laws` — the session's laws when not given, the whole bank
 * when the session names no law. Laws are matched by their canonical title (laws.ts); a draw from laws the bank
 * has no question of is refused, saying which laws it has (never a quiz of another law). The deadline is `deadlineMinutes` after the session starts.
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
    const asked = normalizeLaws(draw.laws ?? [])
    const laws = asked.length ? asked : normalizeLaws(session.laws)
    const pool = await listDrawableQuestions(ex, { laws, types })
    if (pool.length === 0) throw await noQuestionsFor(ex, laws)
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

/** The refusal of a draw the bank cannot fill: in English for logs, in Chinese (with the laws it has) for people. */
async function noQuestionsFor(ex: Executor, laws: string[]): Promise<AppError> {
  const withQuestions = (await listLawsWithQuestions(ex)).map((l) => l.title)
  return new AppError('INVALID_INPUT', `the question bank has no questions for ${laws.length ? laws.join(', ') : 'this quiz'}`, {
    issues: [{ path: ['quiz', 'draw', 'laws'], message: noQuestionsForLawsZh(laws, withQuestions), lawsWithQuestions: withQuestions }],
  })
}

/** Why a quiz asked for with these laws was left out of their session, in Chinese (the dashboard's and chat's notice). */
export async function quizLeftOutZh(ex: Executor, laws: readonly string[]): Promise<string> {
  const withQuestions = (await listLawsWithQuestions(ex)).map((l) => l.title)
  const known = new Set(withQuestions)
  return noQuestionsForLawsZh(
    normalizeLaws(laws).filter((l) => !known.has(l)),
    withQuestions,
  )
}

/**
 * What the bank lacks of a session's laws, in Chinese: no quiz can be drawn (none has questions: which laws have them),
 * the quiz is drawn from the others (some), or null (all have questions, or none is named).
 */
export async function lawsWithoutQuestionsZh(ex: Executor, laws: readonly string[]): Promise<string | null> {
  const named = normalizeLaws(laws)
  if (named.length === 0) return null
  const withQuestions = (await listLawsWithQuestions(ex)).map((l) => l.title)
  const known = new Set(withQuestions)
  const missing = named.filter((l) => !known.has(l))
  if (missing.length === 0) return null
  return missing.length === named.length ? noQuestionsForLawsZh(missing, withQuestions) : someLawsWithoutQuestionsZh(missing)
}
