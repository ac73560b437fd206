/**
 * Starting (or resuming) one's sitting of a 年度学法考试, by the exam id a personal link names: for the mobile page
 * (and anything else that runs an exam by id). Answers and closing are the 任前 exam's paths (answering.service.ts):
 * a finished or expired sitting writes its exam_results row (exam_kind 'annual') through exam-closing.ts.
 */
import { findExam, listExamResults } from '../exams/exams.repo.js'
import { annualSpecOf, annualStart, annualTermsOf } from '../exams/annual.rules.js'
import { findQuizByExam, listQuizQuestionIds } from '../quizzes/quizzes.repo.js'
import { findAttempt, listAttempts } from '../quizzes/attempts.repo.js'
import { isOverdue, loadAttemptView } from '../quizzes/attempt-view.js'
import { closeAttempt, type QuizDeps } from './answering.service.js'
import { openAttempt } from './quiz-start.service.js'

export type AnnualSitting =
  /** a sitting is under way (just started, or `resumed`): answer it until `endsAt` (the server's deadline) */
  | { kind: 'open'; attemptId: number; attemptNo: number; resumed: boolean; endsAt: string }
  /** the open sitting's time had run out: it was closed now; `texts` say its result */
  | { kind: 'expired'; attemptId: number; texts: string[] }
  | { kind: 'not_open'; opensAt: string }
  | { kind: 'closed'; closesAt: string }
  | { kind: 'passed'; bestScore: number }
  | { kind: 'used_up'; allowed: number; bestScore: number | null }
  /** no annual exam of this person with that id */
  | { kind: 'not_found' }

export async function startAnnualSitting(deps: QuizDeps, examId: number, officialId: string): Promise<AnnualSitting> {
  const { db, clock } = deps
  const exam = await findExam(db, examId)
  if (exam?.kind !== 'annual' || exam.officialId !== officialId) return { kind: 'not_found' }
  const quiz = await findQuizByExam(db, examId)
  const spec = quiz ? annualSpecOf(quiz.spec) : null
  const terms = quiz ? annualTermsOf(exam, quiz) : null
  if (!quiz || !spec || !terms) return { kind: 'not_found' }
  const now = clock.now()
  const attempts = await listAttempts(db, quiz.id, officialId)
  const open = attempts.find((a) => a.state === 'open')
  if (open) {
    if (isOverdue(open, quiz, now.toISOString())) {
      return { kind: 'expired', attemptId: open.id, texts: await closeAttempt(deps, await loadAttemptView(db, open), 'expired') }
    }
    return { kind: 'open', attemptId: open.id, attemptNo: open.attemptNo, resumed: true, endsAt: open.endsAt ?? terms.closesAt }
  }
  const best = async () => {
    const scores = (await listExamResults(db, examId)).map((r) => r.score)
    return scores.length === 0 ? null : Math.max(...scores)
  }
  const decision = annualStart(terms, attempts.length, now)
  switch (decision.kind) {
    case 'not_open':
    case 'closed':
      return decision
    case 'passed':
      return { kind: 'passed', bestScore: (await best()) ?? 0 }
    case 'used_up':
      return { kind: 'used_up', allowed: decision.allowed, bestScore: await best() }
  }
  const questionIds = await listQuizQuestionIds(db, quiz.id)
  const attemptId = await openAttempt(deps, quiz, officialId, decision.attemptNo, questionIds, decision.endsAt, spec.blueprint?.weights)
  const attempt = (await findAttempt(db, attemptId))!
  return { kind: 'open', attemptId, attemptNo: attempt.attemptNo, resumed: false, endsAt: attempt.endsAt ?? decision.endsAt }
}
