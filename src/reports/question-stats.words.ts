/** Question statistics in words: the reasons a question is dubious, and the 台账's two sheets of question statistics: 题目分析 (one row per question) and 法律法规正确率 (one per law). */
import { TYPE_ZH } from '../quizzes/copy.zh.js'
import { QUESTION_STATS } from './copy.zh.js'
import { percentOf, roundIndex, type QuestionStatistics } from './question-stats.service.js'
import type { DubiousReason, QuestionStat } from './question-stats.rules.js'

type Cell = string | number | null

export function questionSheets(s: Pick<QuestionStatistics, 'questions' | 'laws'>): { key: 'questions' | 'laws'; rows: Cell[][] }[] {
  return [
    {
      key: 'questions',
      rows: s.questions.map((q) => [
        q.questionId,
        TYPE_ZH[q.type],
        q.stem,
        q.lawTitle,
        q.answered,
        q.right,
        percentOf(q.facility),
        roundIndex(q.discrimination),
        q.distractor ? distractorLabel(q.distractor) : null,
        q.distractor?.count ?? null,
        reasonTexts(q).join('；') || null,
      ]),
    },
    { key: 'laws', rows: s.laws.map((l) => [l.lawTitle, l.questions, l.answered, l.right, percentOf(l.accuracy)]) },
  ]
}

/** 「B．某选项」 for one letter, the letters alone for a multiple choice's combination. */
function distractorLabel(d: { response: string; text: string | null }): string {
  return d.text === null ? d.response : `${d.response}．${d.text}`
}

/** Why a question is dubious, in words; the distractor is named (its letter and text). */
export function reasonTexts(q: Pick<QuestionStat, 'reasons' | 'distractor'>): string[] {
  const say = (r: DubiousReason): string => {
    if (r === 'too_hard') return QUESTION_STATS.tooHard
    if (r === 'too_easy') return QUESTION_STATS.tooEasy
    const d = q.distractor
    return d ? QUESTION_STATS.oneDistractor(distractorLabel(d), d.count, percentOf(d.share) ?? 0) : ''
  }
  return q.reasons.map(say)
}
