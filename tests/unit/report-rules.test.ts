import { describe, expect, it } from 'vitest'
import {
  average,
  computeChanges,
  foldAppointment,
  foldAttendance,
  foldEnforcement,
  foldQuizzes,
  foldSessions,
  rate,
  roundTo,
} from '../../src/reports/report.rules.js'
import { appointmentHoursClause, lawsClause, preMeetingClause, reachClause } from '../../src/reports/narrative.zh.js'
import { changePhrase, headCount, percent } from '../../src/reports/numbers.zh.js'
import { DEFAULT_TARGETS, mergeTargets } from '../../src/reports/targets.js'
import type { YearFigures } from '../../src/reports/report.types.js'

describe('rates and rounding', () => {
  it.each([
    [111, 125, 0.888],
    [2, 3, 0.6667],
    [1, 3, 0.3333],
    [5, 7, 0.7143],
    [0, 4, 0],
    [4, 4, 1],
    [3, 0, null],
    [0, 0, null],
  ])('rate(%i, %i) = %s', (n, d, expected) => {
    expect(rate(n, d)).toBe(expected)
  })

  it.each([
    [0.88875, 4, 0.8888],
    [0.00005, 4, 0.0001],
    [-0.00005, 4, -0.0001],
    [1.005, 2, 1.01],
    [0.888 - 0.75, 4, 0.138],
    [-0, 4, 0],
  ])('roundTo(%d, %i) = %d', (v, digits, expected) => {
    expect(roundTo(v, digits)).toBe(expected)
  })

  it.each([
    [305, 5, 61],
    [147, 2, 73.5],
    [200, 3, 66.7],
    [10, 0, null],
  ])('average(%d, %i) = %s', (sum, n, expected) => {
    expect(average(sum, n)).toBe(expected)
  })
})

describe('how the narrative writes numbers', () => {
  it.each([
    [0.888, '88.8%'],
    [0.75, '75%'],
    [1, '100%'],
    [0.6667, '66.7%'],
    [0.99996, '100%'],
    [0.00049, '0%'],
  ])('percent(%d) = %s', (f, s) => {
    expect(percent(f)).toBe(s)
  })

  it.each([
    [0.138, '较上一年提高13.8个百分点'],
    [-0.15, '较上一年下降15个百分点'],
    [0.1, '较上一年提高10个百分点'],
    [0.0004, '与上一年持平'],
    [0, '与上一年持平'],
  ])('changePhrase(%d) = %s', (d, s) => {
    expect(changePhrase(d)).toBe(s)
  })

  it.each([
    [312, false, '312'],
    [312, true, '300余'],
    [1457, true, '1400余'],
    [150, true, '百余'],
    [100, true, '100'],
    [57, true, '50余'],
    [300, true, '300'],
    [12345, true, '12000余'],
    [8, true, '8'],
    [0, true, '0'],
  ])('headCount(%i, rounded %s) = %s', (n, rounded, s) => {
    expect(headCount(n, rounded)).toBe(s)
  })

  it.each([
    [[], null],
    [[{ body: '县政府常务会议', count: 24 }], '县政府常务会议开展会前学法24次'],
    [[{ body: null, count: 3 }], '开展会前学法3次'],
    [
      [
        { body: '区政府常务会议', count: 10 },
        { body: '区政府党组会议', count: 5 },
      ],
      '区政府常务会议开展会前学法10次、区政府党组会议5次',
    ],
    [
      [
        { body: '县政府常务会议', count: 5 },
        { body: null, count: 2 },
      ],
      '县政府常务会议开展会前学法5次、其他会议2次',
    ],
  ] as const)('preMeetingClause %#', (byBody, expected) => {
    expect(preMeetingClause([...byBody])).toBe(expected)
  })

  it.each([
    [[], null],
    [['甲法'], '学习《甲法》等法律法规'],
    [['甲法', '乙法', '丙法', '丁法'], '学习《甲法》《乙法》等法律法规'],
  ])('lawsClause %#', (titles, expected) => {
    expect(lawsClause(titles.map((title) => ({ title })))).toBe(expected)
  })

  it.each([
    [{ personTimes: 312, people: 150 }, false, '共150人参学312人次'],
    [{ personTimes: 312, people: 150 }, true, '共百余人参学300余人次'],
    [{ personTimes: 0, people: 0 }, false, null],
  ])('reachClause %#', (reach, rounded, expected) => {
    expect(reachClause(reach, rounded)).toBe(expected)
  })

  it.each([
    [[], null],
    [[12], '法律课程不少于12学时'],
    [[12, 16], '每次法律课程不少于12学时'],
    [[8], '法律课程8学时'],
    [[8, 14], '法律课程分别为8学时、14学时'],
    [[0], '法律课程未记录学时'],
    [[14, 0], '法律课程分别为14学时，另有1次未记录学时'],
  ])('appointmentHoursClause %#', (hours, expected) => {
    expect(appointmentHoursClause(hours, 12)).toBe(expected)
  })
})

describe('folding the GROUP BY rows', () => {
  it('counts a candidate once however many sittings, and make-ups by sitting', () => {
    const b = foldAppointment([
      { officialId: 'A', sittings: 2, passed: true, makeups: 1, outcome: 'passed' },
      { officialId: 'B', sittings: 2, passed: false, makeups: 1, outcome: 'deferred' },
      { officialId: 'C', sittings: 0, passed: false, makeups: 0, outcome: 'withdrawn' },
      { officialId: 'D', sittings: 1, passed: true, makeups: 0, outcome: null },
    ])
    expect(b).toEqual({ candidates: 4, tested: 3, coverage: 0.75, passed: 2, passRate: 0.6667, makeups: 2, deferred: 1, withdrawn: 1 })
    expect(foldAppointment([])).toEqual({
      candidates: 0,
      tested: 0,
      coverage: null,
      passed: 0,
      passRate: null,
      makeups: 0,
      deferred: 0,
      withdrawn: 0,
    })
  })

  it('counts enforcement sittings as distinct local dates', () => {
    expect(
      foldEnforcement([
        { date: '2023-05-18', count: 200, passed: 180 },
        { date: '2023-05-18', count: 6, passed: 5 },
        { date: '2023-11-02', count: 206, passed: 181 },
      ]),
    ).toEqual({ sittings: 2, personTimes: 412, passed: 366, passRate: 0.8883 })
    expect(foldEnforcement([])).toEqual({ sittings: 0, personTimes: 0, passed: 0, passRate: null })
  })

  it('sums marks with make-ups as attended and excused as not', () => {
    const a = foldAttendance(
      [
        { present: 3, late: 1, excused: 2, makeup: 1, absent: 1 },
        { present: 1, late: 0, excused: 0, makeup: 0, absent: 1 },
      ],
      4,
    )
    expect(a).toEqual({ expected: 10, present: 4, late: 1, excused: 2, makeup: 1, absent: 2, rate: 0.6, personTimes: 6, people: 4 })
  })

  it('assigns a quiz to everyone expected at its session', () => {
    const expected = new Map([
      ['S1', 4],
      ['S2', 2],
      ['S3', 3],
    ])
    const q = foldQuizzes(
      [
        { sessionId: 'S1', completed: 2, scoreSum: 150, passed: 2 },
        { sessionId: 'S2', completed: 0, scoreSum: 0, passed: 0 },
      ],
      expected,
    )
    expect(q).toEqual({ assigned: 6, completed: 2, completionRate: 0.3333, averageScore: 75, passRate: 1 })
  })

  it('groups 会前学法 by body, most first, and sums hours', () => {
    const s = foldSessions(
      [
        { id: '1', kind: 'pre_meeting', body: '乙会', startsAt: 'x', hours: 0.5 },
        { id: '2', kind: 'pre_meeting', body: '甲会', startsAt: 'x', hours: null },
        { id: '3', kind: 'pre_meeting', body: '甲会', startsAt: 'x', hours: 0.25 },
        { id: '4', kind: 'lecture', body: null, startsAt: 'x', hours: 2 },
        { id: '5', kind: 'appointment_training', body: null, startsAt: 'x', hours: 12 },
        { id: '6', kind: 'appointment_training', body: null, startsAt: 'y', hours: null },
      ],
      {
        laws: [],
        lawsByKind: [
          { kind: 'pre_meeting', title: '甲法', sessions: 2 },
          { kind: 'lecture', title: '乙法', sessions: 1 },
        ],
        attendedBySession: new Map([
          ['1', 3],
          ['3', 2],
          ['4', 40],
        ]),
        peopleByKind: [
          { kind: 'pre_meeting', people: 3 },
          { kind: 'lecture', people: 35 },
        ],
      },
    )
    expect(s.reachByKind.pre_meeting).toEqual({ personTimes: 5, people: 3 })
    expect(s.reachByKind.lecture).toEqual({ personTimes: 40, people: 35 })
    expect(s.reachByKind.topic_study).toEqual({ personTimes: 0, people: 0 })
    expect(s.lawsByKind).toEqual({ pre_meeting: [{ title: '甲法', sessions: 2 }], lecture: [{ title: '乙法', sessions: 1 }] })
    expect(s.appointmentTrainingHours).toEqual([12, 0])
    expect(s.preMeetingByBody).toEqual([
      { body: '甲会', count: 2 },
      { body: '乙会', count: 1 },
    ])
    expect(s.hours).toBe(14.75)
    expect(s.byKind.lecture).toBe(1)
  })
})

describe('changes and targets', () => {
  const year = (enforcement: number | null, attendance: number | null): YearFigures =>
    ({
      sessions: { held: 1 },
      attendance: { rate: attendance },
      quizzes: { completionRate: null, passRate: null },
      exams: {
        appointment: { coverage: null, passRate: null },
        enforcement_cert: { passRate: enforcement },
        annual: { participationRate: null, passRate: null },
      },
    }) as unknown as YearFigures

  it.each([
    [year(0.888, 0.9), year(0.75, null), { 'enforcement_cert.passRate': 0.138 }],
    [year(0.6, 0.6), year(0.75, 0.5), { 'attendance.rate': 0.1, 'enforcement_cert.passRate': -0.15 }],
    [year(0.6, 0.6), null, {}],
  ])('computeChanges %#', (now, before, expected) => {
    expect(computeChanges(now, before)).toEqual(expected)
  })

  it('merges overrides over the defaults and refuses bad ones', () => {
    expect(mergeTargets({ lecture: 3 })).toEqual({ ...DEFAULT_TARGETS, lecture: 3 })
    expect(() => mergeTargets({ lecture: -1 })).toThrow(/report.targets/)
    expect(() => mergeTargets({ unknown: 1 })).toThrow()
    expect(() => mergeTargets({ appointment_coverage: 1.5 })).toThrow()
  })
})
