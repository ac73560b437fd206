import type { Executor } from '../storage/db.js'
import { yearRange } from '../calendar.js'
import { findQuestions } from '../quizzes/questions.repo.js'
import { listCountedAnswers } from './question-stats.repo.js'
import { foldLawStats, foldQuestionStats, type LawStat, type QuestionFacts, type QuestionStat } from './question-stats.rules.js'
import { resolveReportUnit } from './report.service.js'
import type { ReportUnit } from './report.types.js'
import type { ReportScope } from './report.repo.js'

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
  return { year: options.year, unit, ...(await collectQuestionStats(ex, { scopePath, ...yearRange(options.year, options.tz) })) }
}

/** The same for a scope already resolved (the 台账 reads it with its other sheets). */
export async function collectQuestionStats(ex: Executor, scope: ReportScope): Promise<Omit<QuestionStatistics, 'year' | 'unit'>> {
  const answers = await listCountedAnswers(ex, scope)
  const found = await findQuestions(
    ex,
    answers.map((a) => a.questionId),
  )
  const facts = new Map<string, QuestionFacts>(
    [...found].map(([id, q]) => [id, { id, type: q.type, stem: q.stem, options: q.options, lawTitle: q.lawTitle }]),
  )
  const questions = foldQuestionStats(facts, answers)
  return {
    attempts: new Set(answers.map((a) => a.attemptId)).size,
    answers: answers.length,
    questions,
    laws: foldLawStats(questions),
  }
}

/** A share as a percentage with one decimal (80.0), for the 台账 and the page; null stays null. */
export const percentOf = (r: number | null): number | null => (r === null ? null : Math.round(r * 1000) / 10)
/** A discrimination index to two decimals. */
export const roundIndex = (d: number | null): number | null => (d === null ? null : Math.round(d * 100) / 100)
