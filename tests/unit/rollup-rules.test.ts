import { describe, expect, it } from 'vitest'
import { emptyByKind } from '../../src/reports/report.rules.js'
import { foldTotal, personKey, sharedOfficials, type CountyYear } from '../../src/reports/rollup.rules.js'
import type { YearFigures } from '../../src/reports/report.types.js'

/** A county's year with only the people (the figures summed as they are are checked in tests/integration/rollup.test.ts). */
function year(people: Partial<CountyYear['people']>, f: { sittings?: number } = {}): CountyYear {
  const zeros = { present: 0, late: 0, excused: 0, makeup: 0, absent: 0 }
  const figures = {
    sessions: { held: 0, byKind: emptyByKind(), preMeetingByBody: [], laws: [], hours: 0 },
    attendance: { expected: 0, ...zeros, rate: null, personTimes: 0, people: 0 },
    quizzes: { assigned: 0, completed: 0, completionRate: null, averageScore: null, passRate: null },
    exams: {
      appointment: { candidates: 0, tested: 0, coverage: null, passed: 0, passRate: null, makeups: 0, deferred: 0, withdrawn: 0 },
      enforcement_cert: { sittings: f.sittings ?? 0, personTimes: 0, passed: 0, passRate: null },
      annual: { enrolled: 0, tested: 0, participationRate: null, passRate: null, averageScore: null },
    },
  } as unknown as YearFigures
  return { figures, people: { attended: [], quizScoreSum: 0, quizPassed: 0, candidates: [], annual: [], ...people } }
}

const roster = (namespace: string, rows: [string, string][]) => ({ namespace, roster: rows.map(([id, name]) => ({ id, name })) })

describe('the roll-up: who is one person', () => {
  it('the same 编号 and 姓名 in two rosters moved; the same 编号 under another name is two people', () => {
    const shared = sharedOfficials([
      roster('a', [
        ['1', '张三'],
        ['2', '李四'],
      ]),
      roster('b', [
        ['1', '张三'],
        ['2', '王五'],
        ['3', '赵六'],
      ]),
    ])
    expect(shared.moved).toEqual([
      {
        id: '1',
        counties: [
          { namespace: 'a', name: '张三' },
          { namespace: 'b', name: '张三' },
        ],
      },
    ])
    expect(shared.sameIdOtherName.map((s) => s.id)).toEqual(['2'])
    const key = personKey(new Set(['2']))
    expect([key('a', '1'), key('b', '1')]).toEqual(['1', '1'])
    expect(key('a', '2')).not.toBe(key('b', '2'))
  })

  it('a 编号 in three counties, two of them under the same 姓名: that one moved and counts once, the third is another person', () => {
    const counties = [roster('a', [['1', '张三']]), roster('b', [['1', '张三']]), roster('c', [['1', '李四']])]
    const shared = sharedOfficials(counties)
    expect(shared.moved).toEqual([
      {
        id: '1',
        counties: [
          { namespace: 'a', name: '张三' },
          { namespace: 'b', name: '张三' },
        ],
      },
    ])
    expect(shared.sameIdOtherName.map((s) => s.counties.map((c) => c.namespace))).toEqual([['a', 'b', 'c']])
    const key = personKey(new Set(['1']), counties)
    expect(key('a', '1')).toBe(key('b', '1'))
    expect(key('c', '1')).not.toBe(key('a', '1'))
    const total = foldTotal(
      counties.map((c) => ({ namespace: c.namespace, year: year({ attended: ['1'] }) })),
      key,
    )
    expect(total.attendance.people).toBe(2)
  })

  it('a person in two counties: attended once, the best 年度 score of both, a 任前 pass in either; sittings are each county’s', () => {
    const key = personKey(new Set(['2']))
    const cand = (officialId: string, passed: boolean, makeups = 0) => ({
      officialId,
      sittings: 1 + makeups,
      passed,
      makeups,
      outcome: null,
    })
    const annual = (officialId: string, best: number | null, passed: boolean) => ({
      officialId,
      name: '',
      unitCode: '',
      sittings: 1,
      best,
      passed,
    })
    const total = foldTotal(
      [
        {
          namespace: 'a',
          year: year(
            { attended: ['1', '2'], candidates: [cand('1', false, 1)], annual: [annual('1', 50, false), annual('2', 90, true)] },
            { sittings: 2 },
          ),
        },
        {
          namespace: 'b',
          year: year(
            { attended: ['1', '2'], candidates: [cand('1', true)], annual: [annual('1', 70, true), annual('2', null, false)] },
            { sittings: 1 },
          ),
        },
      ],
      key,
    )
    // 1 is one person; 2 is two (a's 2 and b's 2)
    expect(total.attendance.people).toBe(3)
    expect(total.exams.appointment).toMatchObject({ candidates: 1, tested: 1, passed: 1, makeups: 1, passRate: 1 })
    // enrolled: 1, a's 2, b's 2; tested: 1 (best 70) and a's 2 (90); passed both; the average of best scores 80
    expect(total.exams.annual).toEqual({ enrolled: 3, tested: 2, participationRate: 0.6667, passRate: 1, averageScore: 80 })
    expect(total.exams.enforcement_cert.sittings).toBe(3)
  })
})
