/**
 * What each question teaches: item analysis of the year's answers, after Moodle's quiz statistics.
 *
 * - Facility index: the share of those who answered the question who got it right ("mean score ÷ maximum score";
 *   a question here scores 0 or 1). Moodle counts the first attempt of each person by default, so does the repo.
 *   https://docs.moodle.org/dev/Quiz_statistics_calculations
 * - Discrimination index: the classic upper/lower-group index of Moodle's 1.x item analysis (today's Moodle shows a
 *   correlation instead): rank the attempts that answered the question by their total score, take the top third
 *   and the bottom third (n = ⌊answered ÷ 3⌋ each), D = (right in the top n − right in the bottom n) ÷ n, from −1 to 1.
 *   Ties are ranked by attempt id (the earlier attempt ranks higher), so the groups are always the same.
 *   Same formula: https://search.r-project.org/CRAN/refmans/psychometric/html/discrim.html
 * - Dubious (Moodle's statistics table flags questions for review): facility under 20 % or over 95 %, or, for a
 *   choice question with at least two distractors, more than half of the wrong answers on one response. A question
 *   needs MIN_ANSWERED answers before it is flagged at all, and MIN_WRONG wrong ones for the distractor flag.
 * - Per law: accuracy = right ÷ answered over every answer to the law's questions.
 */
import type { QuestionType } from '../quizzes/grading.rules.js'

export const FACILITY_LOW = 0.2
export const FACILITY_HIGH = 0.95
export const MIN_ANSWERED = 5
export const MIN_WRONG = 3

/** One answer of a counted attempt (its latest revision), with the attempt's total score. */
export interface AnswerFact {
  attemptId: number
  attemptScore: number
  questionId: string
  correct: boolean
  /** canonical letters ('B', 'AC'), 'T'/'F', or a short answer's text */
  given: string
}

export interface QuestionFacts {
  id: string
  type: QuestionType
  stem: string
  options: string[]
  lawTitle: string
}

export type DubiousReason = 'too_hard' | 'too_easy' | 'one_distractor'

export interface Distractor {
  /** the wrong response, in canonical letters */
  response: string
  /** the option's text when the response is one letter */
  text: string | null
  count: number
  /** count ÷ wrong answers */
  share: number
}

export interface QuestionStat {
  questionId: string
  type: QuestionType
  stem: string
  lawTitle: string
  answered: number
  right: number
  /** right ÷ answered; null when never answered */
  facility: number | null
  /** top third against bottom third; null under three answers */
  discrimination: number | null
  /** the wrong response chosen most (choice questions with a wrong answer), else null */
  distractor: Distractor | null
  reasons: DubiousReason[]
}

export interface LawStat {
  lawTitle: string
  questions: number
  answered: number
  right: number
  accuracy: number | null
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b)

/** D = (right in the top third − right in the bottom third) ÷ the third's size, the attempts ranked by total score. */
export function discriminationIndex(answers: readonly Pick<AnswerFact, 'attemptId' | 'attemptScore' | 'correct'>[]): number | null {
  const n = Math.floor(answers.length / 3)
  if (n === 0) return null
  const ranked = [...answers].sort((a, b) => b.attemptScore - a.attemptScore || a.attemptId - b.attemptId)
  const right = (xs: typeof ranked): number => xs.filter((x) => x.correct).length
  return (right(ranked.slice(0, n)) - right(ranked.slice(ranked.length - n))) / n
}

/** The wrong response given most (ties: the first in letter order); choice questions only. */
export function topDistractor(q: QuestionFacts, answers: readonly Pick<AnswerFact, 'correct' | 'given'>[]): Distractor | null {
  if (q.type !== 'single' && q.type !== 'multiple') return null
  const wrong = answers.filter((a) => !a.correct)
  if (wrong.length === 0) return null
  const counts = new Map<string, number>()
  for (const a of wrong) counts.set(a.given, (counts.get(a.given) ?? 0) + 1)
  const [response, count] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] as [string, number]
  const index = response.length === 1 ? response.charCodeAt(0) - 65 : -1
  return { response, text: q.options[index] ?? null, count, share: count / wrong.length }
}

export function dubiousReasons(q: QuestionFacts, s: Pick<QuestionStat, 'answered' | 'right' | 'facility' | 'distractor'>): DubiousReason[] {
  if (s.answered < MIN_ANSWERED || s.facility === null) return []
  const reasons: DubiousReason[] = []
  if (s.facility < FACILITY_LOW) reasons.push('too_hard')
  if (s.facility > FACILITY_HIGH) reasons.push('too_easy')
  const wrong = s.answered - s.right
  const distractors = q.type === 'single' || q.type === 'multiple' ? q.options.length - 1 : 0
  if (s.distractor && distractors >= 2 && wrong >= MIN_WRONG && s.distractor.count * 2 > wrong) reasons.push('one_distractor')
  return reasons
}

/** Per question, the hardest first (facility ascending, then id); questions never answered are left out. */
export function foldQuestionStats(questions: ReadonlyMap<string, QuestionFacts>, answers: readonly AnswerFact[]): QuestionStat[] {
  const byQuestion = new Map<string, AnswerFact[]>()
  for (const a of answers) {
    const list = byQuestion.get(a.questionId)
    if (list) list.push(a)
    else byQuestion.set(a.questionId, [a])
  }
  const stats: QuestionStat[] = []
  for (const [id, list] of byQuestion) {
    const q = questions.get(id)
    if (!q) continue
    const right = list.filter((a) => a.correct).length
    const partial = {
      answered: list.length,
      right,
      facility: ratio(right, list.length),
      distractor: topDistractor(q, list),
    }
    stats.push({
      questionId: id,
      type: q.type,
      stem: q.stem,
      lawTitle: q.lawTitle,
      ...partial,
      discrimination: discriminationIndex(list),
      reasons: dubiousReasons(q, partial),
    })
  }
  return stats.sort((a, b) => (a.facility ?? 0) - (b.facility ?? 0) || a.questionId.localeCompare(b.questionId))
}

/** Per law, the most answered first (then by title). */
export function foldLawStats(stats: readonly QuestionStat[]): LawStat[] {
  const byLaw = new Map<string, LawStat>()
  for (const s of stats) {
    const law = byLaw.get(s.lawTitle) ?? { lawTitle: s.lawTitle, questions: 0, answered: 0, right: 0, accuracy: null }
    law.questions += 1
    law.answered += s.answered
    law.right += s.right
    byLaw.set(s.lawTitle, law)
  }
  return [...byLaw.values()]
    .map((l) => ({ ...l, accuracy: ratio(l.right, l.answered) }))
    .sort((a, b) => b.answered - a.answered || a.lawTitle.localeCompare(b.lawTitle))
}
