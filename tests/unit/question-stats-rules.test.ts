import { describe, expect, it } from 'vitest'
import {
  discriminationIndex,
  foldLawStats,
  foldQuestionStats,
  type AnswerFact,
  type QuestionFacts,
} from '../../src/reports/question-stats.rules.js'

/**
 * A hand-made year: nine counted attempts, their total scores 100, 90, …, 20 (attempt 1 best, attempt 9 worst).
 * Every expected figure below is worked out by hand from the definitions in question-stats.rules.ts.
 */
const SCORE: Record<number, number> = { 1: 100, 2: 90, 3: 80, 4: 70, 5: 60, 6: 50, 7: 40, 8: 30, 9: 20 }
const ABCD = ['甲', '乙', '丙', '丁']

const QUESTIONS: [QuestionFacts, [attempt: number, correct: 0 | 1, given: string][]][] = [
  // Q1: right in the five best attempts; 6, 7, 8 chose B, 9 chose C
  [
    { id: 'Q1', type: 'single', stem: '一', options: ABCD, lawTitle: 'L1' },
    [
      [1, 1, 'A'],
      [2, 1, 'A'],
      [3, 1, 'A'],
      [4, 1, 'A'],
      [5, 1, 'A'],
      [6, 0, 'B'],
      [7, 0, 'B'],
      [8, 0, 'B'],
      [9, 0, 'C'],
    ],
  ],
  // Q2 (judge): everyone right but the best attempt
  [
    { id: 'Q2', type: 'judge', stem: '二', options: [], lawTitle: 'L1' },
    [1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => [a, a === 1 ? 0 : 1, a === 1 ? 'F' : 'T']),
  ],
  // Q3: three options, attempts 1–6 all right
  [{ id: 'Q3', type: 'single', stem: '三', options: ['甲', '乙', '丙'], lawTitle: 'L1' }, [1, 2, 3, 4, 5, 6].map((a) => [a, 1, 'B'])],
  // Q4 (multiple, key AC): attempts 1–5, only attempt 1 right
  [
    { id: 'Q4', type: 'multiple', stem: '四', options: ABCD, lawTitle: 'L1' },
    [
      [1, 1, 'AC'],
      [2, 0, 'A'],
      [3, 0, 'AB'],
      [4, 0, 'A'],
      [5, 0, 'C'],
    ],
  ],
  // Q5: four answers, all wrong (too few to flag)
  [
    { id: 'Q5', type: 'single', stem: '五', options: ABCD, lawTitle: 'L2' },
    [
      [1, 0, 'B'],
      [7, 0, 'D'],
      [8, 0, 'D'],
      [9, 0, 'B'],
    ],
  ],
  // Q7: attempts 1–6, only attempt 1 right
  [
    { id: 'Q7', type: 'single', stem: '七', options: ABCD, lawTitle: 'L2' },
    [
      [1, 1, 'A'],
      [2, 0, 'B'],
      [3, 0, 'C'],
      [4, 0, 'D'],
      [5, 0, 'B'],
      [6, 0, 'C'],
    ],
  ],
]

const facts = new Map(QUESTIONS.map(([q]) => [q.id, q]))
const answers: AnswerFact[] = QUESTIONS.flatMap(([q, rows]) =>
  rows.map(([attemptId, correct, given]) => ({
    attemptId,
    attemptScore: SCORE[attemptId] as number,
    questionId: q.id,
    correct: correct === 1,
    given,
  })),
)

describe('question statistics against figures worked out by hand', () => {
  const stats = foldQuestionStats(facts, answers)
  const byId = new Map(stats.map((s) => [s.questionId, s]))

  it('orders the questions hardest first', () => {
    // facilities 0, 1/6, 1/5, 5/9, 8/9, 1
    expect(stats.map((s) => s.questionId)).toEqual(['Q5', 'Q7', 'Q4', 'Q1', 'Q2', 'Q3'])
  })

  it.each([
    // id, answered, right, facility, discrimination, distractor [response, text, count, share] | null, reasons
    // Q1: thirds of 9 are 3: top {1,2,3} 3 right, bottom {7,8,9} 0 right → (3−0)/3 = 1; B holds 3 of 4 wrong (> half)
    ['Q1', 9, 5, 5 / 9, 1, ['B', '乙', 3, 0.75], ['one_distractor']],
    // Q2: top {1,2,3} 2 right, bottom {7,8,9} 3 right → (2−3)/3; a judge question's one distractor is never flagged
    ['Q2', 9, 8, 8 / 9, -1 / 3, null, []],
    // Q3: thirds of 6 are 2: top {1,2} 2, bottom {5,6} 2 → 0; 6/6 > 95 %
    ['Q3', 6, 6, 1, 0, null, ['too_easy']],
    // Q4: 1/5 = 20 % is not under 20 %; A holds 2 of 4 wrong, not more than half; thirds of 5 are 1: {1} 1, {5} 0
    ['Q4', 5, 1, 0.2, 1, ['A', '甲', 2, 0.5], []],
    // Q5: four answers < 5: never flagged; B and D tie at 2, B first in letter order; {1} 0, {9} 0
    ['Q5', 4, 0, 0, 0, ['B', '乙', 2, 0.5], []],
    // Q7: 1/6 < 20 %; B and C tie at 2 of 5 wrong (not more than half); thirds of 6 are 2: {1,2} 1, {5,6} 0 → 1/2
    ['Q7', 6, 1, 1 / 6, 0.5, ['B', '乙', 2, 0.4], ['too_hard']],
  ] as const)('%s: answered %i, right %i, facility %f, discrimination %f', (id, answered, right, facility, d, distractor, reasons) => {
    const s = byId.get(id)
    expect(s).toBeDefined()
    expect(s?.answered).toBe(answered)
    expect(s?.right).toBe(right)
    expect(s?.facility).toBeCloseTo(facility, 10)
    expect(s?.discrimination).toBeCloseTo(d, 10)
    expect(s?.distractor).toEqual(
      distractor === null ? null : { response: distractor[0], text: distractor[1], count: distractor[2], share: distractor[3] },
    )
    expect(s?.reasons).toEqual(reasons)
  })

  it('gives each law its accuracy, the most answered first', () => {
    // L1: 9 + 9 + 6 + 5 = 29 answers, 5 + 8 + 6 + 1 = 20 right; L2: 4 + 6 = 10 answers, 0 + 1 = 1 right
    expect(foldLawStats(stats)).toEqual([
      { lawTitle: 'L1', questions: 4, answered: 29, right: 20, accuracy: 20 / 29 },
      { lawTitle: 'L2', questions: 2, answered: 10, right: 1, accuracy: 0.1 },
    ])
  })
})

describe('discriminationIndex', () => {
  it.each([
    ['under three answers: no thirds', [[1, 90, 1] as const, [2, 10, 0] as const], null],
    // equal scores: ranked by attempt id, so {1} is the top third and {3} the bottom: (0 − 1)/1
    ['ties ranked by attempt id', [[3, 50, 1] as const, [1, 50, 0] as const, [2, 50, 0] as const], -1],
    // seven answers: thirds of 2 (the middle three left out): top {1,2} 1 right, bottom {6,7} 0 → 1/2
    ['the middle left out', [1, 2, 3, 4, 5, 6, 7].map((id) => [id, 100 - id * 10, id === 2 || id === 4 || id === 5 ? 1 : 0] as const), 0.5],
  ])('%s', (_, rows, expected) => {
    const list = rows.map(([attemptId, attemptScore, correct]) => ({ attemptId, attemptScore, correct: correct === 1 }))
    expect(discriminationIndex(list)).toBe(expected)
  })
})
