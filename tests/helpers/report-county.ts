/**
 * Hand-built years whose every figure is worked out by hand in tests/integration/report.test.ts.
 * Units: PL 平罗县人民政府 / SFJ 县司法局 / ZF 执法大队, and a second root XX.
 */
import type { Db } from '../../src/storage/db.js'
import {
  addAttempts,
  addExam,
  addOfficials,
  addQuiz,
  addResults,
  addSessions,
  addUnits,
  mark,
  officialStmt,
  resultStmt,
  sessionStmts,
  type ResultSpec,
  type SessionSpec,
} from './report-fixtures.js'

export const LAW_FUYI = '中华人民共和国行政复议法'
export const LAW_CHUFA = '中华人民共和国行政处罚法'
export const LAW_ANQUAN = '中华人民共和国安全生产法'

export async function buildCounty(db: Db): Promise<void> {
  await addUnits(db, [
    ['PL', '平罗县人民政府'],
    ['SFJ', '县司法局', '/PL/'],
    ['ZF', '执法大队', '/PL/SFJ/'],
    ['XX', '邻县人民政府'],
  ])
  await addOfficials(db, [
    ['A1', 'PL'],
    ['A2', 'PL'],
    ['B1', 'SFJ'],
    ['B2', 'SFJ', '2024-06-01'], // joined mid-year
    ['C1', 'ZF'],
    ['X1', 'XX'],
  ])
  await addSessions(db, [
    // 2023-12-31 23:30 local is 15:30Z the same day: 2023
    { id: 'S0', kind: 'pre_meeting', startsAt: '2023-12-31 23:30', unit: 'PL', body: '县政府常务会议' },
    // 2024-01-01 00:10 local is 2023-12-31T16:10Z: 2024
    {
      id: 'S1',
      kind: 'pre_meeting',
      startsAt: '2024-01-01 00:10',
      unit: 'PL',
      body: '县政府常务会议',
      hours: 0.5,
      laws: [LAW_FUYI, LAW_CHUFA],
      externalId: 'OA-1',
    },
    { id: 'S2', kind: 'lecture', startsAt: '2024-03-10 09:00', unit: 'SFJ', hours: 2, laws: [LAW_FUYI] },
    { id: 'S3', kind: 'topic_study', startsAt: '2024-07-01 09:00', unit: 'SFJ', hours: 1.5 },
    { id: 'S4', kind: 'court_hearing', startsAt: '2024-09-01 09:00', unit: 'PL', status: 'cancelled' },
    { id: 'S5', kind: 'lecture', startsAt: '2024-10-01 09:00', unit: 'PL', status: 'planned' },
    { id: 'S6', kind: 'pre_meeting', startsAt: '2024-11-05 09:00', unit: 'ZF', body: '县长办公会议', laws: [LAW_FUYI, LAW_ANQUAN] },
    { id: 'S7', kind: 'other', startsAt: '2024-05-01 09:00', unit: 'XX' },
    { id: 'S8', kind: 'pre_meeting', startsAt: '2024-12-30 09:00', unit: 'PL', status: 'planned', externalId: 'OA-2' },
    { id: 'S9', kind: 'pre_meeting', startsAt: '2024-12-20 09:00', unit: 'PL', status: 'cancelled', externalId: 'OA-3' },
  ])
  await mark(db, 'S0', [
    ['A1', 'present'],
    ['A2', 'absent'],
  ])
  await mark(db, 'S1', [
    ['A1', 'present'],
    ['A2', 'late'],
    ['B1', 'excused'],
    ['C1', 'absent'],
  ])
  await mark(db, 'S2', [
    ['B1', 'makeup'],
    ['C1', 'present'],
    ['B2', 'present'],
  ]) // B2 not yet on the roster
  await mark(db, 'S3', [
    ['B1', 'present'],
    ['B2', 'absent'],
    ['C1', 'excused'],
  ])
  await mark(db, 'S4', [['A1', 'present']])
  await mark(db, 'S6', [['C1', 'present']])
  await mark(db, 'S7', [['X1', 'present']])

  const q1 = await addQuiz(db, 'S1', 'best')
  await addAttempts(db, q1, [
    { officialId: 'A1', attemptNo: 1, score: 50, passed: false },
    { officialId: 'A1', attemptNo: 2, score: 80, passed: true },
    { officialId: 'A2', attemptNo: 1, state: 'open' },
    { officialId: 'C1', attemptNo: 1, score: 70, passed: true },
  ])
  const q2 = await addQuiz(db, 'S2', 'last')
  await addAttempts(db, q2, [
    { officialId: 'B1', attemptNo: 1, score: 90, passed: true },
    { officialId: 'B1', attemptNo: 2, score: 55, passed: false },
    { officialId: 'B2', attemptNo: 1, score: 100, passed: true },
    { officialId: 'C1', attemptNo: 1, score: 60 }, // passed unset: the pass score decides
  ])
  const q4 = await addQuiz(db, 'S4')
  await addAttempts(db, q4, [{ officialId: 'A1', score: 100, passed: true }])
  const q6 = await addQuiz(db, 'S6', 'none')
  await addAttempts(db, q6, [
    { officialId: 'C1', attemptNo: 1, score: 40, passed: false },
    { officialId: 'C1', attemptNo: 2, score: 90, passed: true },
  ])

  await addExam(db, { kind: 'appointment', officialId: 'A1', opensAt: '2024-02-01 09:00', outcome: 'passed' })
  await addExam(db, { kind: 'appointment', officialId: 'A2', opensAt: '2024-04-01 09:00' })
  await addExam(db, { kind: 'appointment', officialId: 'B1', opensAt: '2024-12-20 09:00', outcome: 'withdrawn' })
  await addExam(db, { kind: 'annual', officialId: 'A1', opensAt: '2024-12-01 09:00' })
  await addExam(db, { kind: 'annual', officialId: 'A2', opensAt: '2024-12-01 09:00' })
  await addExam(db, { kind: 'annual', officialId: 'B1', opensAt: '2024-12-01 09:00' })
  await addResults(db, [
    { kind: 'appointment', officialId: 'A1', takenAt: '2024-02-05 09:00', score: 50, passed: false, attempt: 1 },
    { kind: 'appointment', officialId: 'A1', takenAt: '2024-02-20 09:00', score: 75, passed: true, attempt: 2, outcome: 'passed' },
    { kind: 'appointment', officialId: 'A2', takenAt: '2024-04-03 09:00', score: 40, passed: false, attempt: 1 },
    { kind: 'appointment', officialId: 'A2', takenAt: '2024-04-20 09:00', score: 45, passed: false, attempt: 2, outcome: 'deferred' },
    { kind: 'appointment', officialId: 'C1', takenAt: '2024-06-01 09:00', score: 88, passed: true },
    { kind: 'appointment', officialId: 'C1', takenAt: '2023-12-31 23:30', score: 80, passed: true },
    { kind: 'enforcement_cert', officialId: 'B1', takenAt: '2024-05-18 09:00', score: 80, passed: true },
    { kind: 'enforcement_cert', officialId: 'C1', takenAt: '2024-05-18 14:00', score: 85, passed: true },
    { kind: 'enforcement_cert', officialId: 'A1', takenAt: '2024-05-18 14:00', score: 50, passed: false },
    { kind: 'enforcement_cert', officialId: 'B1', takenAt: '2024-11-02 09:00', score: 90, passed: true },
    // 07:30 local on 11-02 is 23:30Z on 11-01: still the 11-02 sitting
    { kind: 'enforcement_cert', officialId: 'C1', takenAt: '2024-11-02 07:30', score: 40, passed: false },
    { kind: 'enforcement_cert', officialId: 'X1', takenAt: '2024-11-02 09:00', score: 90, passed: true },
    { kind: 'enforcement_cert', officialId: 'A1', takenAt: '2023-06-01 09:00', score: 70, passed: true },
    { kind: 'enforcement_cert', officialId: 'A2', takenAt: '2023-06-01 09:00', score: 70, passed: true },
    { kind: 'enforcement_cert', officialId: 'B1', takenAt: '2023-06-01 09:00', score: 70, passed: true },
    { kind: 'enforcement_cert', officialId: 'C1', takenAt: '2023-06-01 09:00', score: 50, passed: false },
    { kind: 'annual', officialId: 'A1', takenAt: '2024-12-10 09:00', score: 92, passed: true },
    { kind: 'annual', officialId: 'A1', takenAt: '2024-12-12 09:00', score: 85, passed: true },
    { kind: 'annual', officialId: 'A2', takenAt: '2024-12-10 09:00', score: 55, passed: false },
  ])
}

/** Seed 004: 24 会前学法 at 县政府常务会议 in 2023; 执法证件考试 111/125 = 88.8% against 3/4 = 75.0% in 2022. */
export async function buildSeed004(db: Db): Promise<void> {
  await addUnits(db, [['PL', '平罗县人民政府']])
  const ids = Array.from({ length: 125 }, (_, i) => `E${String(i + 1).padStart(3, '0')}`)
  await db.batch(ids.map((id) => officialStmt(id, 'PL')))
  const sessions: SessionSpec[] = Array.from({ length: 24 }, (_, i) => ({
    id: `M${i + 1}`,
    kind: 'pre_meeting',
    startsAt: `2023-${String(Math.floor(i / 2) + 1).padStart(2, '0')}-${i % 2 ? '20' : '05'} 09:00`,
    unit: 'PL',
    body: '县政府常务会议',
    laws: [LAW_FUYI],
  }))
  await db.batch(sessions.flatMap(sessionStmts))
  const results: ResultSpec[] = ids.map((id, i) => ({
    kind: 'enforcement_cert',
    officialId: id,
    takenAt: '2023-09-16 09:00',
    score: i < 111 ? 80 : 40,
    passed: i < 111,
  }))
  results.push(
    ...ids.slice(0, 4).map((id, i) => ({
      kind: 'enforcement_cert',
      officialId: id,
      takenAt: '2022-09-17 09:00',
      score: i < 3 ? 80 : 40,
      passed: i < 3,
    })),
  )
  await db.batch(results.map(resultStmt))
}

/** Seed 003: 10 会前学法 at 区政府常务会议 (6) and 区长办公会议 (4), 行政复议法 most studied; 8 专题讲座. */
export async function buildSeed003(db: Db): Promise<void> {
  await addUnits(db, [['GY', '连云港市赣榆区人民政府']])
  const laws = [LAW_FUYI, LAW_CHUFA, LAW_ANQUAN, '江苏省行政执法监督办法']
  const sessions: SessionSpec[] = Array.from({ length: 10 }, (_, i) => ({
    id: `P${i + 1}`,
    kind: 'pre_meeting',
    startsAt: `2023-${String(i + 1).padStart(2, '0')}-08 09:00`,
    unit: 'GY',
    body: i < 6 ? '区政府常务会议' : '区长办公会议',
    laws: i < 5 ? [LAW_FUYI] : [laws[1 + (i % 3)] as string],
  }))
  sessions.push(
    ...Array.from({ length: 8 }, (_, i) => ({
      id: `L${i + 1}`,
      kind: 'lecture',
      startsAt: `2023-${String(i + 3).padStart(2, '0')}-15 14:30`,
      unit: 'GY',
      hours: 2,
    })),
  )
  await db.batch(sessions.flatMap(sessionStmts))
}

/**
 * Seed 000 (with seed 001's 任职培训): 区委常委会 8 and 区政府常务会议 12 会前学法 (「集体学法20次」); two 执法人员培训,
 * 160 then 152 of 160 people (「组织执法人员300余人参加执法类培训2次」: 312 人次, 160 人); one 任职培训 of 12 hours.
 */
export async function buildSeed000(db: Db): Promise<void> {
  await addUnits(db, [['LS', '齐齐哈尔市龙沙区人民政府']])
  const ids = Array.from({ length: 160 }, (_, i) => `Z${String(i + 1).padStart(3, '0')}`)
  await db.batch(ids.map((id) => officialStmt(id, 'LS')))
  const sessions: SessionSpec[] = Array.from({ length: 20 }, (_, i) => ({
    id: `H${i + 1}`,
    kind: 'pre_meeting',
    startsAt: `2019-${String((i % 12) + 1).padStart(2, '0')}-${i < 12 ? '06' : '20'} 09:00`,
    unit: 'LS',
    body: i < 8 ? '区委常委会' : '区政府常务会议',
    laws: i < 8 ? ['中华人民共和国宪法'] : [LAW_FUYI],
  }))
  sessions.push(
    { id: 'T1', kind: 'enforcement_training', startsAt: '2019-04-10 09:00', unit: 'LS', hours: 3, laws: [LAW_CHUFA] },
    { id: 'T2', kind: 'enforcement_training', startsAt: '2019-10-10 09:00', unit: 'LS', hours: 3 },
    { id: 'R1', kind: 'appointment_training', startsAt: '2019-06-03 09:00', unit: 'LS', hours: 12, laws: ['中华人民共和国民法典'] },
  )
  await db.batch(sessions.flatMap(sessionStmts))
  await mark(
    db,
    'T1',
    ids.map((id) => [id, 'present']),
  )
  await mark(
    db,
    'T2',
    ids.map((id, i) => [id, i < 150 ? 'present' : i < 152 ? 'late' : 'absent']),
  )
  await mark(
    db,
    'R1',
    ids.slice(0, 30).map((id) => [id, 'present']),
  )
}
