import JSZip from 'jszip'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { assignAppointmentExam, recordExamOutcome } from '../../src/exams/exam.service.js'
import { startAppointmentExam } from '../../src/answering/exam-start.service.js'
import { renderScoreSheet } from '../../src/reports/render.js'
import { answerCurrentQuestion, closeExpiredAttempts } from '../../src/answering/answering.service.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { rightReply, seedQuestions, seedRoster, wrongReply } from './quiz-fixtures.js'

const tz = 'Asia/Shanghai'
let t: TestDb
let clock: ManualClock
const deps = () => ({ db: t.db, clock, tz })
const small = { single: 2, multiple: 1, judge: 1 }

beforeEach(async () => {
  clock = new ManualClock('2024-05-06T00:00:00Z')
  t = await createTestDb(clock)
  await seedRoster(t.db)
  await seedQuestions(t.db, { single: 6, multiple: 3, judge: 4 })
})
afterEach(() => t.cleanup())

async function rows(sql: string, args: (string | number)[] = []) {
  return (await t.db.execute({ sql, args })).rows.map((r) => ({ ...r }))
}

async function assign(officialId = 'A001') {
  return assignAppointmentExam(
    deps(),
    { officialId, proposedPost: '县司法局局长', opensAt: new Date('2024-05-06T01:00:00Z'), minutes: 30, blueprint: small },
    { actor: 'test' },
  )
}

describe('the 任前法律知识考试', () => {
  it('times out half-way (unanswered score 0), is failed, then passed at the make-up; the outcome and the report follow', async () => {
    const a = await assign()
    expect(a.drawn).toEqual({ single: 2, multiple: 1, judge: 1 })
    expect(await startAppointmentExam(deps(), 'A001')).toEqual(['你的任前法律知识考试将于5月6日 09:00开放，届时请私聊发送“任前考试”开始。'])
    clock.set('2024-05-06T02:00:00Z')
    expect(await startAppointmentExam(deps(), 'A001', { inGroup: true })).toEqual([
      '任前法律知识考试只能在与我的私聊中进行，请私聊发送“任前考试”。',
    ])

    const [intro, q1] = await startAppointmentExam(deps(), 'A001')
    expect(intro).toContain('任前法律知识考试（拟任职务：县司法局局长）现在开始：共4题，限时30分钟，60分及格')
    const r1 = (await answerCurrentQuestion(deps(), 'A001', rightReply(q1!)))!
    expect(r1[0]).toBe('已记录第1/4题的答案。') // no answers revealed during the exam
    expect(await answerCurrentQuestion(deps(), 'A001', rightReply(r1[1]!), { inGroup: true })).toEqual([
      '任前法律知识考试只能在私聊中作答，请在与我的私聊中回复答案。',
    ])
    const r2 = (await answerCurrentQuestion(deps(), 'A001', rightReply(r1[1]!)))!
    clock.advanceMinutes(31) // half-way, time runs out
    const late = (await answerCurrentQuestion(deps(), 'A001', rightReply(r2[1]!)))!
    expect(late).toEqual([
      '考试时间已到：共4题，已答2题，未作答的题目记0分。',
      '任前法律知识考试成绩：50 分（60分及格），未通过。',
      '按规定可补考一次。准备好后请私聊发送“任前考试”开始补考。',
    ])
    expect(
      await rows('SELECT attempt, score, passed, source, exam_id, attempt_id IS NOT NULL AS linked, outcome FROM exam_results'),
    ).toEqual([{ attempt: 1, score: 50, passed: 0, source: 'chat', exam_id: a.examId, linked: 1, outcome: null }])
    expect(await rows('SELECT state FROM exams')).toEqual([{ state: 'makeup_assigned' }])

    clock.advanceMinutes(60 * 24)
    const [makeupIntro, m1] = await startAppointmentExam(deps(), 'A001')
    expect(makeupIntro).toMatch(/^【补考】任前法律知识考试/)
    let q = m1!
    let said: string[] = []
    for (let i = 0; i < 4; i++) {
      said = (await answerCurrentQuestion(deps(), 'A001', rightReply(q)))!
      q = said[1]!
    }
    expect(said).toEqual(['已记录第4/4题的答案。', '任前法律知识考试成绩：100 分（60分及格），通过。'])
    expect(await rows('SELECT attempt, score, passed, outcome FROM exam_results ORDER BY attempt')).toEqual([
      { attempt: 1, score: 50, passed: 0, outcome: null },
      { attempt: 2, score: 100, passed: 1, outcome: 'passed' },
    ])
    expect(await rows('SELECT state, outcome FROM exams')).toEqual([{ state: 'passed', outcome: 'passed' }])
    // the make-up drew fresh questions where the bank had them
    const layouts = (await rows('SELECT layout_json FROM attempts ORDER BY attempt_no')).map((r) =>
      (JSON.parse(String(r.layout_json)) as { items: { q: string }[] }).items.map((i) => i.q),
    )
    expect(layouts[1]!.filter((id) => id.startsWith('S') && layouts[0]!.includes(id))).toEqual([])
    expect(await startAppointmentExam(deps(), 'A001')).toEqual(['你已通过任前法律知识考试（100 分），无需再考。'])

    const report = await buildAnnualReport(t.db, { year: 2024, tz })
    expect(report.exams.appointment).toMatchObject({ candidates: 1, tested: 1, coverage: 1, passed: 1, passRate: 1, makeups: 1 })
  })

  it('records 暂缓任用 after a failed make-up, and refuses 通过', async () => {
    await assign('A002')
    clock.set('2024-05-06T02:00:00Z')
    for (let sitting = 0; sitting < 2; sitting++) {
      const [intro, first] = await startAppointmentExam(deps(), 'A002')
      expect(intro).toContain('现在开始')
      let q = first!
      for (let i = 0; i < 4; i++) q = (await answerCurrentQuestion(deps(), 'A002', wrongReply(q)))![1]!
      clock.advanceMinutes(60)
    }
    expect(await rows('SELECT state FROM exams')).toEqual([{ state: 'failed' }])
    expect(await startAppointmentExam(deps(), 'A002')).toEqual(['你的任前法律知识考试与补考均未通过，结果已报组织部门。'])
    await expect(recordExamOutcome(deps(), 'A002', 'passed', { actor: 'cli' })).rejects.toMatchObject({ code: 'CONFLICT' })
    const exam = await recordExamOutcome(deps(), 'A002', 'deferred', { actor: 'cli' })
    expect(exam).toMatchObject({ state: 'closed', outcome: 'deferred' })
    expect(await rows('SELECT attempt, outcome FROM exam_results ORDER BY attempt')).toEqual([
      { attempt: 1, outcome: null },
      { attempt: 2, outcome: 'deferred' },
    ])
    const report = await buildAnnualReport(t.db, { year: 2024, tz })
    expect(report.exams.appointment).toMatchObject({ candidates: 1, tested: 1, passed: 0, makeups: 1, deferred: 1 })
  })

  it('is closed by the scheduler when time runs out, with nothing answered', async () => {
    await assign()
    clock.set('2024-05-06T02:00:00Z')
    await startAppointmentExam(deps(), 'A001')
    clock.advanceMinutes(29)
    expect(await closeExpiredAttempts(deps())).toEqual([])
    clock.advanceMinutes(1)
    const closed = await closeExpiredAttempts(deps())
    expect(closed).toHaveLength(1)
    expect(closed[0]).toMatchObject({ officialId: 'A001', isExam: true })
    expect(closed[0]!.texts[0]).toBe('考试时间已到：共4题，已答0题，未作答的题目记0分。')
    expect(await rows('SELECT score, passed, attempt FROM exam_results')).toEqual([{ score: 0, passed: 0, attempt: 1 }])
  })

  it('takes what the bank has when the blueprint asks for more, and says so', async () => {
    const a = await assignAppointmentExam(
      deps(),
      { officialId: 'A003', proposedPost: '副镇长', opensAt: new Date('2024-05-07T01:00:00Z') },
      { actor: 'test' },
    )
    expect(a.questions).toBe(13)
    expect(a.shortfall).toEqual([
      { type: 'single', wanted: 20, got: 6 },
      { type: 'multiple', wanted: 10, got: 3 },
      { type: 'judge', wanted: 10, got: 4 },
    ])
    expect(a.warnings[0]).toBe('题库中可用的单选题只有6道（需要20道），已全部选用')
    await expect(assign('A003')).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(assign('NOBODY')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it("renders the score sheet as a DOCX holding the candidate's name and sittings", async () => {
    const a = await assign()
    clock.set('2024-05-06T02:00:00Z')
    const [, first] = await startAppointmentExam(deps(), 'A001')
    let q = first!
    for (let i = 0; i < 4; i++) q = (await answerCurrentQuestion(deps(), 'A001', rightReply(q)))![1]!
    const docx = await renderScoreSheet({ db: t.db, tz }, a.examId)
    expect(docx.subarray(0, 2).toString()).toBe('PK')
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string')
    expect(xml).toContain('张三')
    expect(xml).toContain('县司法局局长')
    expect(xml).toContain('领导干部任前法律知识考试成绩单')
    expect(xml).toContain('2024-05-06 10:')
  })
})
