/**
 * What closing an exam attempt writes besides the attempt: the sitting's exam_results row and the exam's
 * new state (and 通过 when passed) — in the same transaction — and what the candidate is told. A 任前 exam's
 * sitting follows exam.rules.ts; a 年度学法考试's follows annual.rules.ts (exam_kind 'annual', no outcome).
 */
import type { InStatement } from '@libsql/client'
import { formatLocalShortZh } from '../calendar.js'
import { examCopy } from '../quizzes/copy.zh.js'
import type { Quiz } from '../quizzes/quizzes.repo.js'
import { afterSitting } from './exam.rules.js'
import { annualSpecOf, annualStateAfter } from './annual.rules.js'
import { annualCopy } from './copy.zh.js'
import { insertExamResultStatement, setExamStateStatement, type Exam } from './exams.repo.js'

export interface ClosedSitting {
  attemptId: number
  attemptNo: number
  score: number
  passed: boolean
  finishedAt: string
}

/** The sitting's quiz (an annual exam's rules are in its spec) and the time zone of what is said. */
export interface SittingContext {
  quiz: Pick<Quiz, 'spec' | 'deadlineAt'>
  tz: string
}

export function examSittingStatements(exam: Exam, s: ClosedSitting, now: string, ctx?: SittingContext): InStatement[] {
  if (exam.kind === 'annual') return annualSittingStatements(exam, s, now, ctx)
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

export function examSittingTexts(exam: Exam, s: ClosedSitting, ctx?: SittingContext): string[] {
  if (exam.kind === 'annual') return annualSittingTexts(exam, s, ctx)
  const effect = afterSitting(s.attemptNo, s.passed)
  const texts = [examCopy.result(s.score, exam.passScore, s.passed)]
  if (effect.makeupOffered) texts.push(examCopy.makeupOffered)
  else if (!s.passed) texts.push(examCopy.makeupFailed)
  return texts
}

function annualSittingStatements(exam: Exam, s: ClosedSitting, now: string, ctx?: SittingContext): InStatement[] {
  const allowed = (ctx && annualSpecOf(ctx.quiz.spec)?.attempts) ?? 1
  const row = {
    officialId: exam.officialId,
    takenAt: s.finishedAt,
    score: s.score,
    passed: s.passed,
    attempt: s.attemptNo,
    proposedPost: null,
    outcome: null,
    examId: exam.id,
    attemptId: s.attemptId,
    source: 'chat',
  }
  return [
    insertExamResultStatement(row, now, 'annual'),
    setExamStateStatement(exam.id, annualStateAfter(exam.state, s.attemptNo, s.passed, allowed), null, now),
  ]
}

function annualSittingTexts(exam: Exam, s: ClosedSitting, ctx?: SittingContext): string[] {
  const spec = ctx ? annualSpecOf(ctx.quiz.spec) : null
  const texts = [
    annualCopy.result(spec?.title || annualCopy.title(new Date(exam.opensAt).getUTCFullYear()), s.score, exam.passScore, s.passed),
  ]
  const left = (spec?.attempts ?? 1) - s.attemptNo
  const deadline = ctx?.quiz.deadlineAt ?? null
  if (!s.passed && left > 0 && deadline !== null && s.finishedAt < deadline && ctx) {
    texts.push(annualCopy.retryLeft(left, formatLocalShortZh(new Date(deadline), ctx.tz)))
  }
  return texts
}
