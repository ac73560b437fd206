import type { Executor } from '../storage/db.js'
import { yearRange } from '../calendar.js'
import { findQuestions } from '../quizzes/questions.repo.js'
import { listCountedAnswers } from './question-stats.repo.js'
import { foldLawStats, foldQuestionStats, type LawStat, type QuestionFacts, type QuestionStat } from './question-stats.rules.js'
import { resolveReportUnit } from './report.service.js'
import type { ReportUnit } from './report.types.js'

export interface QuestionStatsOptions {
  year: number
  /** the unit and everything below it; omitted = the whole deployment (as the report) */
  unitCode?: string
  tz: string
}

export interface QuestionStatistics {
  year: number
  unit: ReportUnit
  /** attempts counted (question-stats.repo.ts says which) */
  attempts: number
  /** answers counted */
  answers: number
  questions: QuestionStat[]
  laws: LawStat[]
}

/** What each question of the year taught, and each law's accuracy, for a unit subtree. */
export async function questionStatistics(ex: Executor, options: QuestionStatsOptions): Promise<QuestionStatistics> {
  const { unit, scopePath } = await resolveReportUnit(ex, options.unitCode)
  const answers = await listCountedAnswers(ex, { scopePath, ...yearRange(options.year, options.tz) })
  const found = await findQuestions(
    ex,
    answers.map((a) => a.questionId),
  )
  const facts = new Map<string, QuestionFacts>(
    [...found].map(([id, q]) => [id, { id, type: q.type, stem: q.stem, options: q.options, lawTitle: q.lawTitle }]),
  )
  const questions = foldQuestionStats(facts, answers)
  return {
    year: options.year,
    unit,
    attempts: new Set(answers.map((a) => a.attemptId)).size,
    answers: answers.length,
    questions,
    laws: foldLawStats(questions),
  }
}
