/** `任前考试`: the candidate starts (or resumes) the timed exam, in private chat only. */
import { formatLocalShortZh } from '../calendar.js'
import { drawBlueprint, DEFAULT_BLUEPRINT } from '../quizzes/layout.rules.js'
import { listDrawableQuestions } from '../quizzes/questions.repo.js'
import { findQuizByExam, listQuizQuestionIds } from '../quizzes/quizzes.repo.js'
import { findAttempt, listAttempts, listOpenAttempts } from '../quizzes/attempts.repo.js'
import { isOverdue, loadAttemptView, renderQuestion } from '../quizzes/attempt-view.js'
import { closeAttempt } from './answering.service.js'
import { openAttempt, resumeTexts } from './quiz-start.service.js'
import { examCopy } from '../quizzes/copy.zh.js'
import { sittingToStart } from '../exams/exam.rules.js'
import { findLatestAppointmentExam, listExamResults, type Exam } from '../exams/exams.repo.js'
import { examSeed, type ExamDeps } from '../exams/exam.service.js'

export async function startAppointmentExam(deps: ExamDeps, officialId: string, opts: { inGroup?: boolean } = {}): Promise<string[]> {
  if (opts.inGroup) return [examCopy.groupRefused]
  const { db, clock, tz } = deps
  const now = clock.now()
  const [open] = await listOpenAttempts(db, officialId)
  if (open) {
    const view = await loadAttemptView(db, open)
    if (view.quiz.examId !== null) {
      if (isOverdue(open, view.quiz, now.toISOString())) return closeAttempt(deps, view, 'expired')
      return resumeTexts(view, tz)
    }
  }
  const exam = await findLatestAppointmentExam(db, officialId)
  const started = exam ? await startSitting(deps, exam, officialId) : null
  if (!exam || !started) return [examCopy.noneAssigned]
  switch (started.kind) {
    case 'passed':
      return [examCopy.alreadyPassed(started.score)]
    case 'done':
      return [started.sittings >= 2 ? examCopy.finalFailed : examCopy.noneAssigned]
    case 'not_open':
      return [examCopy.notOpenYet(formatLocalShortZh(new Date(exam.opensAt), tz))]
    case 'started': {
      const view = await loadAttemptView(db, (await findAttempt(db, started.attemptId))!)
      const total = view.attempt.layout.items.length
      return [examCopy.intro(exam.proposedPost, total, exam.minutes, exam.passScore, started.sitting > 1), renderQuestion(view, 1)]
    }
  }
}

export type SittingStart =
  | { kind: 'started'; attemptId: number; sitting: number }
  | { kind: 'passed'; score: number }
  | { kind: 'done'; sittings: number }
  | { kind: 'not_open' }

/**
 * Opens the candidate's next sitting of `exam` (the first, or the one make-up with a fresh draw), timed from now;
 * or says why none can start. Chat's `任前考试` and the mobile page both start sittings here. Null: the exam has no quiz.
 */
export async function startSitting(deps: ExamDeps, exam: Exam, officialId: string): Promise<SittingStart | null> {
  const { db, clock } = deps
  const now = clock.now()
  const quiz = await findQuizByExam(db, exam.id)
  if (!quiz) return null
  const attempts = await listAttempts(db, quiz.id, officialId)
  const sitting = sittingToStart(exam.state, attempts.length)
  if (sitting === 'passed') {
    const best = (await listExamResults(db, exam.id)).find((r) => r.passed)
    return { kind: 'passed', score: best?.score ?? 0 }
  }
  if (sitting === 'done') return { kind: 'done', sittings: attempts.length }
  if (sitting === 1 && exam.opensAt > now.toISOString()) return { kind: 'not_open' }

  let questionIds = await listQuizQuestionIds(db, quiz.id)
  if (sitting > 1) {
    // the make-up gets a fresh draw, reusing questions of earlier sittings only when the bank runs short
    const blueprint = exam.blueprint ?? DEFAULT_BLUEPRINT
    const seen = new Set(attempts.flatMap((a) => a.layout.items.map((i) => i.q)))
    const pool = await listDrawableQuestions(db, { laws: blueprint.laws, types: ['single', 'multiple', 'judge'] })
    const fresh = drawBlueprint(pool, blueprint, examSeed(exam.id, sitting), seen).picked.map((q) => q.id)
    if (fresh.length > 0) questionIds = fresh
  }
  const endsAt = new Date(now.getTime() + exam.minutes * 60_000).toISOString()
  const attemptId = await openAttempt(deps, quiz, officialId, sitting, questionIds, endsAt, exam.blueprint?.weights)
  return { kind: 'started', attemptId, sitting }
}
