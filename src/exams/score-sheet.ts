/**
 * The candidate's score sheet (成绩单) for the personal file: what it says, read here; Word builds it in the render
 * worker (score-sheet-docx.ts, through reports/render.ts's renderScoreSheet).
 */
import type { Db } from '../storage/db.js'
import { AppError } from '../errors.js'
import { formatLocal } from '../calendar.js'
import { findOfficial } from '../roster/officials.repo.js'
import { findUnit } from '../roster/units.repo.js'
import { findQuizByExam } from '../quizzes/quizzes.repo.js'
import { listAttempts } from '../quizzes/attempts.repo.js'
import { loadAttemptView, type AttemptView } from '../quizzes/attempt-view.js'
import { displayAnswer } from '../quizzes/grading.rules.js'
import { OUTCOME_ZH, TYPE_ZH, fmt, scoreSheetCopy as t } from '../quizzes/copy.zh.js'
import { appointmentRefusedCopy } from './copy.zh.js'
import { findExam, listExamResults, type ExamResult } from './exams.repo.js'
import type { ScoreSheet } from './score-sheet-docx.js'

export async function collectScoreSheet(deps: { db: Db; tz: string }, examId: number): Promise<ScoreSheet> {
  const { db, tz } = deps
  const exam = await findExam(db, examId)
  if (!exam) throw new AppError('NOT_FOUND', `exam ${examId} not found`)
  const results = await listExamResults(db, examId)
  if (results.length === 0) throw new AppError('CONFLICT', appointmentRefusedCopy.noSitting)
  const official = await findOfficial(db, exam.officialId)
  const unit = official ? await findUnit(db, official.unitCode) : null
  const quiz = await findQuizByExam(db, examId)
  const attempts = quiz ? await listAttempts(db, quiz.id, exam.officialId) : []
  const views = await Promise.all(attempts.map((a) => loadAttemptView(db, a)))

  return {
    info: [
      [t.name, official?.name ?? exam.officialId],
      [t.unit, unit?.name ?? official?.unitCode ?? t.none],
      [t.post, exam.proposedPost ?? t.none],
      [t.outcome, exam.outcome ? OUTCOME_ZH[exam.outcome] : t.none],
    ],
    sittings: sittingRows(results, exam.passScore, tz),
    details: views.map((view) => ({
      heading: `${t.detail}（${view.attempt.attemptNo > 1 ? t.makeup : t.first}）`,
      rows: detailRows(view),
    })),
  }
}

function sittingRows(results: ExamResult[], passScore: number, tz: string): string[][] {
  return results.map((r) => [
    r.attempt > 1 ? t.makeup : t.first,
    formatLocal(new Date(r.takenAt), tz),
    fmt(r.score),
    fmt(passScore),
    r.passed ? t.yes : t.no,
    r.outcome ? OUTCOME_ZH[r.outcome] : t.none,
  ])
}

function detailRows(view: AttemptView): string[][] {
  return view.attempt.layout.items.map((item, i) => {
    const q = view.questions.get(item.q)!
    const a = view.answers.get(i + 1)
    const mark = !a ? t.unanswered : a.isCorrect === null ? t.pending : a.isCorrect ? t.right : t.wrong
    return [
      String(i + 1),
      TYPE_ZH[q.type],
      `《${q.lawTitle}》${q.article ?? ''}`,
      a ? displayAnswer(q.type, a.given) : t.unanswered,
      displayAnswer(q.type, q.answer),
      mark,
    ]
  })
}
