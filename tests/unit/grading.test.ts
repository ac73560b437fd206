import { describe, expect, it } from 'vitest'
import { gradeAnswer, parseResponse, scoreOf, toCanonical, toShown, type QuestionType } from '../../src/quizzes/grading.rules.js'
import { buildLayout, drawBlueprint, drawQuestions } from '../../src/quizzes/layout.rules.js'

describe('parseResponse', () => {
  const cases: [string, QuestionType, number, ReturnType<typeof parseResponse>][] = [
    ['A', 'single', 4, { kind: 'answer', value: 'A' }],
    ['a', 'single', 4, { kind: 'answer', value: 'A' }],
    ['Ｂ', 'single', 4, { kind: 'answer', value: 'B' }],
    [' 选A ', 'single', 4, { kind: 'answer', value: 'A' }],
    ['选择C', 'single', 4, { kind: 'answer', value: 'C' }],
    ['答案：D', 'single', 4, { kind: 'answer', value: 'D' }],
    ['d。', 'single', 4, { kind: 'answer', value: 'D' }],
    ['AB', 'single', 4, { kind: 'invalid', reason: 'single_needs_one' }],
    ['E', 'single', 4, { kind: 'invalid', reason: 'no_such_option', letter: 'E' }],
    ['ACD', 'multiple', 4, { kind: 'answer', value: 'ACD' }],
    ['acd', 'multiple', 4, { kind: 'answer', value: 'ACD' }],
    ['ＡＣＤ', 'multiple', 4, { kind: 'answer', value: 'ACD' }],
    ['A C D', 'multiple', 4, { kind: 'answer', value: 'ACD' }],
    ['A,C', 'multiple', 4, { kind: 'answer', value: 'AC' }],
    ['C，A、D', 'multiple', 4, { kind: 'answer', value: 'ACD' }],
    ['DCA', 'multiple', 4, { kind: 'answer', value: 'ACD' }],
    ['选择AC', 'multiple', 4, { kind: 'answer', value: 'AC' }],
    ['AAC', 'multiple', 4, { kind: 'answer', value: 'AC' }],
    ['ABE', 'multiple', 5, { kind: 'answer', value: 'ABE' }],
    ['ABE', 'multiple', 4, { kind: 'invalid', reason: 'no_such_option', letter: 'E' }],
    ['对', 'judge', 0, { kind: 'answer', value: 'T' }],
    ['错', 'judge', 0, { kind: 'answer', value: 'F' }],
    ['√', 'judge', 0, { kind: 'answer', value: 'T' }],
    ['×', 'judge', 0, { kind: 'answer', value: 'F' }],
    ['✓', 'judge', 0, { kind: 'answer', value: 'T' }],
    ['✗', 'judge', 0, { kind: 'answer', value: 'F' }],
    ['正确', 'judge', 0, { kind: 'answer', value: 'T' }],
    ['错误', 'judge', 0, { kind: 'answer', value: 'F' }],
    ['T', 'judge', 0, { kind: 'answer', value: 'T' }],
    ['f', 'judge', 0, { kind: 'answer', value: 'F' }],
    ['Ｔ', 'judge', 0, { kind: 'answer', value: 'T' }],
    ['选对', 'judge', 0, { kind: 'answer', value: 'T' }],
    ['A', 'judge', 0, { kind: 'invalid', reason: 'judge_needs_tf' }],
    ['你好', 'single', 4, { kind: 'none' }],
    ['我的学法', 'multiple', 4, { kind: 'none' }],
    ['OK', 'single', 4, { kind: 'none' }],
    ['签到', 'judge', 0, { kind: 'none' }],
    ['', 'single', 4, { kind: 'none' }],
    ['依法行政是原则', 'short', 0, { kind: 'answer', value: '依法行政是原则' }],
    ['   ', 'short', 0, { kind: 'none' }],
    ['依法\u0000行政\r\n是\u202E原则\u001B[2J', 'short', 0, { kind: 'answer', value: '依法行政\n是原则[2J' }],
    ['\u0000\u0007', 'short', 0, { kind: 'none' }],
  ]
  it.each(cases)('%j as %s with %i options', (raw, type, n, expected) => {
    expect(parseResponse(raw, type, n)).toEqual(expected)
  })
})

describe('gradeAnswer', () => {
  const cases: [QuestionType, string, string, boolean, ReturnType<typeof gradeAnswer>][] = [
    ['single', 'B', 'B', false, { isCorrect: true, credit: 1 }],
    ['single', 'B', 'C', false, { isCorrect: false, credit: 0 }],
    ['multiple', 'ACD', 'ACD', false, { isCorrect: true, credit: 1 }],
    ['multiple', 'ACD', 'DCA', false, { isCorrect: true, credit: 1 }],
    ['multiple', 'ACD', 'AC', false, { isCorrect: false, credit: 0 }],
    ['multiple', 'ACD', 'AC', true, { isCorrect: false, credit: 0.5 }],
    ['multiple', 'ACD', 'ABCD', false, { isCorrect: false, credit: 0 }],
    ['multiple', 'ACD', 'AB', true, { isCorrect: false, credit: 0 }],
    ['judge', 'T', 'T', false, { isCorrect: true, credit: 1 }],
    ['judge', 'T', 'F', false, { isCorrect: false, credit: 0 }],
    ['judge', 'F', 'F', false, { isCorrect: true, credit: 1 }],
    ['short', '参考答案', '随便写写', false, { isCorrect: null, credit: 0 }],
  ]
  it.each(cases)('%s answer %s given %s (partial %s)', (type, answer, given, partialCredit, expected) => {
    expect(gradeAnswer(type, answer, given, { partialCredit })).toEqual(expected)
  })
})

describe('shuffled letters', () => {
  // the person sees canonical options C, A, D, B as A, B, C, D
  const perm = [2, 0, 3, 1]
  it.each([
    ['A', 'C'],
    ['B', 'A'],
    ['CD', 'BD'],
    ['ABCD', 'ABCD'],
    ['T', 'T'],
  ])('shown %s is canonical %s, and back', (shown, canonical) => {
    expect(toCanonical(shown, perm)).toBe(canonical)
    expect(toShown(canonical, perm)).toBe(shown)
  })
  it('passes letters through when there is no permutation', () => {
    expect(toCanonical('AC', [])).toBe('AC')
  })
})

describe('scoreOf', () => {
  it.each([
    [[], 0],
    [
      [
        { weight: 1, credit: 1 },
        { weight: 1, credit: 0 },
      ],
      50,
    ],
    [
      [
        { weight: 1, credit: 1 },
        { weight: 1, credit: 1 },
        { weight: 1, credit: 0 },
      ],
      66.7,
    ],
    [
      [
        { weight: 2, credit: 1 },
        { weight: 1, credit: 0 },
        { weight: 1, credit: 0.5 },
      ],
      62.5,
    ],
    [[{ weight: 1, credit: 1 }], 100],
  ])('%j → %d', (items, score) => {
    expect(scoreOf(items)).toBe(score)
  })
})

describe('layouts and draws', () => {
  const bank = Array.from({ length: 30 }, (_, i) => ({
    id: `Q${String(i).padStart(2, '0')}`,
    type: (['single', 'multiple', 'judge'] as const)[i % 3]!,
  }))
  it('draws the same questions for the same seed, others for another', () => {
    const a = drawQuestions(bank, 5, 'S1').map((q) => q.id)
    expect(drawQuestions([...bank].reverse(), 5, 'S1').map((q) => q.id)).toEqual(a)
    expect(drawQuestions(bank, 5, 'S2').map((q) => q.id)).not.toEqual(a)
    expect(new Set(a).size).toBe(5)
  })
  it('takes what there is when the bank is short and says so', () => {
    const d = drawBlueprint(bank, { single: 4, multiple: 12, judge: 2 }, 'E1')
    expect(d.picked.filter((q) => q.type === 'multiple')).toHaveLength(10)
    expect(d.picked).toHaveLength(16)
    expect(d.shortfall).toEqual([{ type: 'multiple', wanted: 12, got: 10 }])
  })
  it('avoids the questions of an earlier sitting while there are others', () => {
    const first = drawBlueprint(bank, { single: 5, multiple: 0, judge: 0 }, 'x').picked.map((q) => q.id)
    const second = drawBlueprint(bank, { single: 5, multiple: 0, judge: 0 }, 'y', new Set(first)).picked.map((q) => q.id)
    expect(second.filter((id) => first.includes(id))).toEqual([])
  })
  it('permutes options of choice questions only, as a permutation', () => {
    const layout = buildLayout(
      [
        { id: 'a', type: 'single', optionCount: 4 },
        { id: 'b', type: 'judge', optionCount: 0 },
      ],
      'seed',
      { shuffleQuestions: false },
    )
    expect([...layout.items[0]!.perm].sort()).toEqual([0, 1, 2, 3])
    expect(layout.items[1]!.perm).toEqual([])
    expect(buildLayout([{ id: 'a', type: 'single', optionCount: 4 }], 'seed', { shuffleQuestions: false })).toEqual(
      buildLayout([{ id: 'a', type: 'single', optionCount: 4 }], 'seed', { shuffleQuestions: false }),
    )
  })
})
