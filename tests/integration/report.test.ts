import { afterEach, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { AppError } from '../../src/errors.js'
import { TZ, setSetting } from '../helpers/report-fixtures.js'
import { buildCounty, buildSeed003, buildSeed004, LAW_ANQUAN, LAW_CHUFA, LAW_FUYI } from '../helpers/report-county.js'

let t: TestDb | undefined
afterEach(() => {
  t?.cleanup()
  t = undefined
})

async function county(): Promise<TestDb> {
  t = await createTestDb()
  await buildCounty(t.db)
  return t
}

describe('annual report figures (hand-worked, see tests/helpers/report-county.ts)', () => {
  it('counts held sessions of the unit and its sub-units in the local year', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    expect(r.year).toBe(2024)
    expect(r.unit).toEqual({ code: 'PL', name: '平罗县人民政府' })
    // S1 (00:10 on 1 Jan local, still 31 Dec in UTC), S2, S3, S6; S0 is 2023, S4 cancelled, S5/S8 planned, S7 another root
    expect(r.sessions).toEqual({
      held: 4,
      byKind: {
        pre_meeting: 2,
        lecture: 1,
        topic_study: 1,
        court_hearing: 0,
        all_staff_training: 0,
        enforcement_training: 0,
        appointment_training: 0,
        other: 0,
      },
      preMeetingByBody: [
        { body: '县政府常务会议', count: 1 },
        { body: '县长办公会议', count: 1 },
      ],
      laws: [
        { title: LAW_FUYI, sessions: 3 },
        { title: LAW_ANQUAN, sessions: 1 },
        { title: LAW_CHUFA, sessions: 1 },
      ],
      hours: 4,
      lawsByKind: {
        pre_meeting: [
          { title: LAW_FUYI, sessions: 2 },
          { title: LAW_ANQUAN, sessions: 1 },
          { title: LAW_CHUFA, sessions: 1 },
        ],
        lecture: [{ title: LAW_FUYI, sessions: 1 }],
      },
      // S1: A1 present, A2 late (C1 absent, B1 excused); S6: C1; S2: B1 made up, C1 (B2 not yet on the roster); S3: B1
      reachByKind: {
        pre_meeting: { personTimes: 3, people: 3 },
        lecture: { personTimes: 2, people: 2 },
        topic_study: { personTimes: 1, people: 1 },
        court_hearing: { personTimes: 0, people: 0 },
        all_staff_training: { personTimes: 0, people: 0 },
        enforcement_training: { personTimes: 0, people: 0 },
        appointment_training: { personTimes: 0, people: 0 },
        other: { personTimes: 0, people: 0 },
      },
      appointmentTrainingHours: [],
    })
  })

  it('counts attendance: late joiners not expected, make-ups attended, cancelled sessions ignored', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    expect(r.attendance).toEqual({
      expected: 10,
      present: 4,
      late: 1,
      excused: 2,
      makeup: 1,
      absent: 2,
      rate: 0.6,
      personTimes: 6,
      people: 4,
    })
  })

  it('counts quizzes once per expected person, by the retake policy', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    // Q1 best: A1 80, C1 70; Q2 last: B1 55, C1 60 (B2 not expected); Q6 none: C1 40 (first attempt)
    expect(r.quizzes).toEqual({ assigned: 7, completed: 5, completionRate: 0.7143, averageScore: 61, passRate: 0.6 })
  })

  it('counts exams: a make-up pass counts once, deferred and withdrawn outcomes, sittings by local date', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    expect(r.exams).toEqual({
      appointment: { candidates: 4, tested: 3, coverage: 0.75, passed: 2, passRate: 0.6667, makeups: 2, deferred: 1, withdrawn: 1 },
      enforcement_cert: { sittings: 2, personTimes: 5, passed: 3, passRate: 0.6 },
      annual: { enrolled: 3, tested: 2, participationRate: 0.6667, passRate: 0.5, averageScore: 73.5 },
    })
  })

  it('rolls a sub-unit up with the units below it only', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'SFJ', tz: TZ })
    expect(r.unit).toEqual({ code: 'SFJ', name: '县司法局' })
    expect(r.sessions.held).toBe(3)
    expect(r.attendance).toEqual({
      expected: 6,
      present: 3,
      late: 0,
      excused: 1,
      makeup: 1,
      absent: 1,
      rate: 0.6667,
      personTimes: 4,
      people: 2,
    })
    expect(r.exams.appointment).toMatchObject({ candidates: 2, tested: 1, passed: 1, withdrawn: 1 })
    expect(r.exams.enforcement_cert).toEqual({ sittings: 2, personTimes: 4, passed: 3, passRate: 0.75 })
  })

  it('covers every root when no unit is given', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, tz: TZ })
    expect(r.unit).toEqual({ code: null, name: '全部单位' })
    expect(r.sessions.held).toBe(5)
    expect(r.sessions.byKind.other).toBe(1)
    expect(r.attendance).toMatchObject({ expected: 11, present: 5, personTimes: 7, rate: 0.6364, people: 5 })
    expect(r.exams.enforcement_cert).toEqual({ sittings: 2, personTimes: 6, passed: 4, passRate: 0.6667 })
  })

  it('gives the previous year and the year-on-year changes of the rates', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    expect(r.previousYear?.sessions.held).toBe(1)
    expect(r.previousYear?.sessions.preMeetingByBody).toEqual([{ body: '县政府常务会议', count: 1 }])
    expect(r.previousYear?.attendance).toMatchObject({ expected: 2, present: 1, absent: 1, rate: 0.5 })
    expect(r.previousYear?.exams.appointment).toMatchObject({ candidates: 1, tested: 1, passed: 1, coverage: 1 })
    expect(r.previousYear?.exams.enforcement_cert).toEqual({ sittings: 1, personTimes: 4, passed: 3, passRate: 0.75 })
    expect(r.changes).toEqual({
      'attendance.rate': 0.1,
      'appointment.coverage': -0.25,
      'appointment.passRate': -0.3333,
      'enforcement_cert.passRate': -0.15,
    })
    const empty = await buildAnnualReport(db, { year: 2023, unitCode: 'SFJ', tz: TZ })
    expect(empty.previousYear).toBeNull()
    expect(empty.changes).toEqual({})
  })

  it('checks the targets, overridable from settings', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    expect(r.targets.map((x) => [x.id, x.required, x.actual, x.met])).toEqual([
      ['topic_study', 4, 1, false],
      ['lecture', 2, 1, false],
      ['court_hearing', 1, 0, false],
      ['all_staff_training', 1, 0, false],
      ['appointment_coverage', 1, 0.75, false],
      ['appointment_training_hours', 12, null, null],
      ['pre_meeting_coverage', 1, 0.6667, false], // OA-1 and S6 (县长办公会议) held, OA-2 planned, OA-3 cancelled
    ])
    await setSetting(db, 'report.targets', JSON.stringify({ lecture: 1, topic_study: 1 }))
    const o = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    expect(o.targets.find((x) => x.id === 'lecture')).toMatchObject({ required: 1, met: true })
    expect(o.targets.find((x) => x.id === 'topic_study')).toMatchObject({ required: 1, met: true })
    await setSetting(db, 'report.targets', JSON.stringify({ lecture: -1 }))
    await expect(buildAnnualReport(db, { year: 2024, tz: TZ })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('gives monthly attendance and completion by local month', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    expect(r.monthly).toHaveLength(12)
    expect(r.monthly[0]).toEqual({
      month: 1,
      sessions: 1,
      expected: 4,
      attended: 2,
      attendanceRate: 0.5,
      assigned: 4,
      completed: 2,
      completionRate: 0.5,
    })
    expect(r.monthly[6]).toMatchObject({ month: 7, expected: 3, attended: 1, assigned: 0, completionRate: null })
    expect(r.monthly[11]).toMatchObject({ sessions: 0, attendanceRate: null })
  })

  it('refuses an unknown unit with NOT_FOUND', async () => {
    const { db } = await county()
    const err = await buildAnnualReport(db, { year: 2024, unitCode: 'NOPE', tz: TZ }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('NOT_FOUND')
  })
})

describe('the narrative', () => {
  it('writes every figure of the hand-built year and nothing for empty categories', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2024, unitCode: 'PL', tz: TZ })
    expect(r.narrative).toEqual([
      '2024年，平罗县人民政府坚持领导干部学法制度，县政府常务会议开展会前学法1次、县长办公会议1次，' +
        '学习《中华人民共和国行政复议法》《中华人民共和国安全生产法》等法律法规。' +
        '领导班子开展法治专题学习1次，共1人参学1人次。' +
        '开展法治专题讲座1次，学习《中华人民共和国行政复议法》等法律法规，共2人参学2人次。' +
        '全年应参学10人次，参学6人次（含请假后补学1人次），出勤率60%，较上一年提高10个百分点。' +
        '共4人参学，累计学法4学时。' +
        '会前学法测试应参加7人次，完成5人次，完成率71.4%。测试平均分61分，合格率60%。',
      '组织领导干部任前法律知识考试，应考4人，参考3人，参考率75%，较上一年下降25个百分点。' +
        '通过2人，通过率66.7%，较上一年下降33.3个百分点。组织补考2人次，暂缓任用1人，撤回提名1人。' +
        '组织行政执法资格考试2期5人次，通过率为60%，较上一年下降15个百分点。' +
        '开展年度学法考试，应考3人，参考2人，参考率66.7%。年度学法考试及格率50%，平均分73.5分。',
    ])
    expect(r.narrative.join('')).not.toMatch(/全面推行|全覆盖|[^0-9.]0次/)
  })

  it('reads like seed 004: 24 会前学法 at one body, enforcement pass rate up 13.8 points', async () => {
    t = await createTestDb()
    await buildSeed004(t.db)
    const r = await buildAnnualReport(t.db, { year: 2023, unitCode: 'PL', tz: TZ })
    expect(r.exams.enforcement_cert).toEqual({ sittings: 1, personTimes: 125, passed: 111, passRate: 0.888 })
    expect(r.previousYear?.exams.enforcement_cert.passRate).toBe(0.75)
    expect(r.changes['enforcement_cert.passRate']).toBe(0.138)
    const text = r.narrative.join('\n')
    expect(text).toContain('县政府常务会议开展会前学法24次，学习《中华人民共和国行政复议法》等法律法规。')
    expect(text).toContain('组织行政执法资格考试1期125人次，通过率为88.8%，较上一年提高13.8个百分点')
    expect(text).not.toContain('专题讲座')
  })

  it('reads like seed 003: each body named once with its count, the laws with the meetings, 8 lectures', async () => {
    t = await createTestDb()
    await buildSeed003(t.db)
    const r = await buildAnnualReport(t.db, { year: 2023, tz: TZ })
    expect(r.unit).toEqual({ code: 'GY', name: '连云港市赣榆区人民政府' })
    const text = r.narrative.join('\n')
    expect(text).toContain(
      '区政府常务会议开展会前学法6次、区长办公会议4次，学习《中华人民共和国行政复议法》《中华人民共和国行政处罚法》等法律法规。',
    )
    expect(text.split('区政府常务会议')).toHaveLength(2)
    expect(text.split('区长办公会议')).toHaveLength(2)
    expect(text).toContain('开展法治专题讲座8次。')
    expect(text).not.toContain(LAW_ANQUAN)
    expect(text).not.toMatch(/任前|执法资格|[^0-9.]0次/)
    expect(r.narrative).toHaveLength(1)
  })

  it('says 全面推行 only when every candidate was tested, and writes 100% as 100%', async () => {
    const { db } = await county()
    const r = await buildAnnualReport(db, { year: 2023, unitCode: 'PL', tz: TZ })
    expect(r.exams.appointment.coverage).toBe(1)
    expect(r.narrative.join('')).toContain('任前法律知识考试已全面推行，应考1人，参考1人，实现应考尽考。通过1人，通过率100%。')
  })
})
