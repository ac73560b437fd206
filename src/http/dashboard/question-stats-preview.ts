import { TYPE_ZH } from '../../quizzes/copy.zh.js'
import { renderInWorker } from '../../reports/render-pool.js'
import { percentOf, roundIndex, type QuestionStatistics } from '../../reports/question-stats.service.js'
import { reasonTexts } from '../../reports/question-stats.words.js'
import type { QuestionStatsPreview } from './views/question-stats.js'

/** The page shows this many questions, the hardest first; the 台账 has them all. */
const MAX_ROWS = 200

const percentText = (r: number | null): string => (r === null ? '—' : `${percentOf(r)}%`)

/** The 题目分析 page's figures in words (the view escapes every one of them). */
export async function questionStatsPreview(s: QuestionStatistics, unitCode: string): Promise<QuestionStatsPreview> {
  // ECharts runs in the render worker, off the main thread, as the report's charts do
  const chart = s.laws.length > 0 ? await renderInWorker({ kind: 'lawChart', laws: s.laws }) : null
  return {
    year: s.year,
    unitName: s.unit.name,
    unitCode,
    attempts: s.attempts,
    answers: s.answers,
    chart,
    laws: s.laws.map((l) => ({ law: l.lawTitle, questions: l.questions, answered: l.answered, accuracy: percentText(l.accuracy) })),
    questions: s.questions.slice(0, MAX_ROWS).map((q) => ({
      id: q.questionId,
      type: TYPE_ZH[q.type],
      stem: q.stem,
      law: q.lawTitle,
      answered: q.answered,
      facility: percentText(q.facility),
      discrimination: q.discrimination === null ? '—' : String(roundIndex(q.discrimination)),
      reasons: reasonTexts(q),
    })),
    questionCount: s.questions.length,
    dubiousCount: s.questions.filter((q) => q.reasons.length > 0).length,
  }
}
