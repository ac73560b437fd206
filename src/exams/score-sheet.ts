/** The candidate's score sheet (成绩单) for the personal file, as DOCX. */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
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

export async function renderScoreSheet(deps: { db: Db; tz: string }, examId: number): Promise<Buffer> {
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

  const info = (label: string, value: string) =>
    new Paragraph({ children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun(value)] })
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: t.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    info(t.name, official?.name ?? exam.officialId),
    info(t.unit, unit?.name ?? official?.unitCode ?? t.none),
    info(t.post, exam.proposedPost ?? t.none),
    info(t.outcome, exam.outcome ? OUTCOME_ZH[exam.outcome] : t.none),
    sittingsTable(results, exam.passScore, tz),
  ]
  for (const view of views) {
    const label = view.attempt.attemptNo > 1 ? t.makeup : t.first
    children.push(new Paragraph({ text: `${t.detail}（${label}）`, heading: HeadingLevel.HEADING_2 }), detailTable(view))
  }
  children.push(new Paragraph({ children: [new TextRun({ text: t.footer, italics: true })] }))
  const doc = new Document({ creator: 'xuefa', title: t.title, sections: [{ children }] })
  return Packer.toBuffer(doc)
}

function table(header: string[], rows: string[][]): Table {
  const row = (cells: string[], bold: boolean) =>
    new TableRow({
      children: cells.map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: c, bold })] })] })),
    })
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(header, true), ...rows.map((r) => row(r, false))] })
}

function sittingsTable(results: ExamResult[], passScore: number, tz: string): Table {
  return table(
    [t.sitting, t.takenAt, t.score, t.passScore, t.passed, t.outcome],
    results.map((r) => [
      r.attempt > 1 ? t.makeup : t.first,
      formatLocal(new Date(r.takenAt), tz),
      fmt(r.score),
      fmt(passScore),
      r.passed ? t.yes : t.no,
      r.outcome ? OUTCOME_ZH[r.outcome] : t.none,
    ]),
  )
}

function detailTable(view: AttemptView): Table {
  const rows = view.attempt.layout.items.map((item, i) => {
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
  return table([t.number, t.type, t.law, t.given, t.correct, t.mark], rows)
}
