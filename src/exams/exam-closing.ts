/**
 * What closing a 任前 attempt writes besides the attempt: the sitting's exam_results row and the exam's
 * new state (and 通过 when passed) — in the same transaction — and what the candidate is told.
 */
import type { InStatement } from '@libsql/client'
import { examCopy } from '../quizzes/copy.zh.js'
import { afterSitting } from './exam.rules.js'
import { insertExamResultStatement, setExamStateStatement, type Exam } from './exams.repo.js'

export interface ClosedSitting {
  attemptId: number
  attemptNo: number
  score: number
  passed: boolean
  finishedAt: string
}

export function examSittingStatements(exam: Exam, s: ClosedSitting, now: string): InStatement[] {
  const effect = afterSitting(s.attemptNo, s.passed)
  return [
    insertExamResultStatement(
      {
        officialId: exam.officialId,
        takenAt: s.finishedAt,
        score: s.score,
        passed: s.passed,
        attempt: s.attemptNo,
        proposedPost: exam.proposedPost,
        outcome: effect.outcome,
        examId: exam.id,
        attemptId: s.attemptId,
        source: 'chat',
      },
      now,
    ),
    setExamStateStatement(exam.id, effect.state, effect.outcome ?? exam.outcome, now),
  ]
}

export function examSittingTexts(exam: Exam, s: ClosedSitting): string[] {
  const effect = afterSitting(s.attemptNo, s.passed)
  const texts = [examCopy.result(s.score, exam.passScore, s.passed)]
  if (effect.makeupOffered) texts.push(examCopy.makeupOffered)
  else if (!s.passed) texts.push(examCopy.makeupFailed)
  return texts
}
