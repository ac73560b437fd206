/**
 * Corrections and marking: a new answer row with a higher revision, who and why — never an edit.
 * The attempt's score (and the exam sitting's) follow the corrected answers.
 */
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import { AppError } from '../errors.js'
import { rescoreResultStatement } from '../exams/exams.repo.js'
import { gradeAnswer, parseResponse, toCanonical } from '../quizzes/grading.rules.js'
import { findAttempt, insertAnswerStatement, listCurrentAnswers, rescoreAttemptStatement } from '../quizzes/attempts.repo.js'
import { loadAttemptView, scoreView, type AttemptScore } from '../quizzes/attempt-view.js'
import type { QuizDeps } from '../answering/answering.service.js'

export interface CorrectionInput {
  attemptId: number
  /** 1-based position in the attempt */
  position: number
  /** a new answer in the canonical letters of the question (not the person's shuffled ones); omit to keep it */
  given?: string
  /** the mark, for short answers (or to overrule the automatic one) */
  isCorrect?: boolean
  reason: string
}

export async function correctAnswer(deps: QuizDeps, input: CorrectionInput, by: Actor): Promise<AttemptScore> {
  const { db, clock } = deps
  if (input.reason.trim() === '') throw new AppError('INVALID_INPUT', 'a correction needs a reason')
  const attempt = await findAttempt(db, input.attemptId)
  if (!attempt) throw new AppError('NOT_FOUND', `attempt ${input.attemptId} not found`)
  const item = attempt.layout.items[input.position - 1]
  if (!item) throw new AppError('INVALID_INPUT', `attempt ${attempt.id} has no question ${input.position}`)
  const view = await loadAttemptView(db, attempt)
  const q = view.questions.get(item.q)!
  const previous = (await listCurrentAnswers(db, attempt.id)).find((a) => a.position === input.position)
  let given = previous?.given ?? ''
  if (input.given !== undefined) {
    const parsed = parseResponse(input.given, q.type, q.options.length)
    if (parsed.kind !== 'answer') throw new AppError('INVALID_INPUT', `“${input.given}” is not an answer to question ${q.id}`)
    given = toCanonical(parsed.value, [])
  }
  if (given === '' && input.isCorrect === undefined)
    throw new AppError('INVALID_INPUT', 'nothing to correct: the question was not answered')
  const isCorrect = input.isCorrect ?? gradeAnswer(q.type, q.answer, given).isCorrect
  const now = clock.now().toISOString()
  const answer = {
    attemptId: attempt.id,
    questionId: q.id,
    position: input.position,
    given,
    isCorrect,
    answeredAt: now,
    revision: (previous?.revision ?? -1) + 1,
    correctedBy: by.actor,
    correctionReason: input.reason.trim(),
  }
  view.answers.set(input.position, { ...answer, id: 0 })
  const result = scoreView(view)
  const stmts = [insertAnswerStatement(answer)]
  if (attempt.state !== 'open') {
    stmts.push(
      rescoreAttemptStatement(attempt.id, result.score, result.passed),
      rescoreResultStatement(attempt.id, result.score, result.passed),
    )
  }
  stmts.push(
    auditStatement(
      {
        ...by,
        action: 'answer.correct',
        entity: 'attempt',
        entityId: String(attempt.id),
        detail: { position: input.position, given, isCorrect, reason: answer.correctionReason },
      },
      now,
    ),
  )
  await db.batch(stmts)
  return result
}
