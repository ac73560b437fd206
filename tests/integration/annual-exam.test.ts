/**
 * The 年度学法考试 run by xuefa: scheduled for a unit's current officials, taken through the domain services (start
 * a sitting by exam id, answer, close), its notices, and the report's annual figures — equal to importing the
 * same sittings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { checkLink } from '../../src/access/links.service.js'
import { scheduleAnnualExam, type ScheduleAnnualInput } from '../../src/exams/annual.service.js'
import { startAnnualSitting } from '../../src/answering/annual-start.service.js'
import { answerCurrentQuestion, closeExpiredAttempts } from '../../src/answering/answering.service.js'
import { startOrResumeQuiz } from '../../src/answering/quiz-start.service.js'
import { findAttempt } from '../../src/quizzes/attempts.repo.js'
import { loadAttemptView, renderQuestion } from '../../src/quizzes/attempt-view.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { runDueJobs } from '../../src/scheduler/runner.js'
import type { Db } from '../../src/storage/db.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { csv, importer } from './import-fixtures.js'
import { rightReply, seedQuestions, seedRoster, T0, wrongReply } from './quiz-fixtures.js'

const tz = 'Asia/Shanghai'
const OPENS = '2024-05-06T01:00:00.000Z' // 09:00 local, a Monday
const CLOSES = '2024-05-13T01:00:00.000Z' // a week later
let t: TestDb
let clock: ManualClock
const deps = () => ({ db: t.db, clock, tz })
const small = { single: 2, multiple: 1, judge: 1 }

/** The quiz roster (PL ⊃ PL-SF; HL apart) and five more of PL, one of whom left before the exam. */
async function seedCounty(db: Db): Promise<void> {
  await seedRoster(db)
  await db.batch(
    (
      [
        ['A004', 'PL', null, 0],
        ['A005', 'PL-SF', null, 1],
        ['A006', 'PL', null, 0],
        ['A007', 'PL-SF', null, 0],
        ['A008', 'PL', null, 0],
        ['A009', 'PL', '2024-04-01T00:00:00.000Z', 0],
      ] as [string, string, string | null, number][]
    ).map(([id, unit, leftAt, enforcement]) => ({
      sql: `INSERT INTO officials (id, name, unit_code, is_enforcement, left_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [id, `干部${id}`, unit, enforcement, leftAt, T0, T0],
    })),
  )
}

beforeEach(async () => {
  clock = new ManualClock('2024-05-01T00:00:00Z')
  t = await createTestDb(clock)
  await seedCounty(t.db)
  await seedQuestions(t.db, { single: 6, multiple: 3, judge: 4 })
})
afterEach(() => t.cleanup())

async function rows(sql: string, args: (string | number)[] = []) {
  return (await t.db.execute({ sql, args })).rows.map((r) => ({ ...r }))
}

function schedule(extra: Partial<ScheduleAnnualInput> = {}) {
  return scheduleAnnualExam(
    deps(),
    { unitCode: 'PL', opensAt: new Date(OPENS), closesAt: new Date(CLOSES), minutes: 30, blueprint: small, attempts: 2, ...extra },
    { actor: 'test' },
  )
}

async function examIdOf(officialId: string): Promise<number> {
  const [r] = await rows(`SELECT id FROM exams WHERE kind = 'annual' AND official_id = ?`, [officialId])
  return Number(r!.id)
}

/** Starts a sitting and answers `pattern` ('R' right, 'W' wrong) from the first question; returns the last replies. */
async function sit(officialId: string, pattern: string): Promise<string[]> {
  const s = await startAnnualSitting(deps(), await examIdOf(officialId), officialId)
  if (s.kind !== 'open') throw new Error(`${officialId}: ${s.kind}`)
  let question = renderQuestion(await loadAttemptView(t.db, (await findAttempt(t.db, s.attemptId))!), 1)
  let said: string[] = []
  for (const c of pattern) {
    said = (await answerCurrentQuestion(deps(), officialId, c === 'R' ? rightReply(question) : wrongReply(question)))!
    question = said[1] ?? ''
  }
  return said
}

describe('the 年度学法考试 run by xuefa', () => {
  it('enrols every current official of the subtree, with one draw for all, in one transaction with its audit row', async () => {
    const a = await schedule()
    expect(a).toMatchObject({ officials: 8, questions: 4, drawn: small, attempts: 2, title: '2024年度学法考试' })
    expect(a.reminderAt).toBe('2024-05-12T01:00:00.000Z')
    // A001…A008 (leaders and enforcement staff alike); not A009 who left, not B001 of another unit
    expect((await rows(`SELECT official_id FROM exams WHERE kind = 'annual' ORDER BY official_id`)).map((r) => r.official_id)).toEqual([
      'A001',
      'A002',
      'A003',
      'A004',
      'A005',
      'A006',
      'A007',
      'A008',
    ])
    const lists = await rows(
      `SELECT q.id, group_concat(qq.question_id, ',') AS ids, q.deadline_at, q.time_limit_min, q.retakes
       FROM quizzes q JOIN quiz_questions qq ON qq.quiz_id = q.id GROUP BY q.id ORDER BY q.id`,
    )
    expect(lists).toHaveLength(8)
    expect(new Set(lists.map((l) => l.ids)).size).toBe(1) // everyone the same questions
    expect(lists[0]).toMatchObject({ deadline_at: CLOSES, time_limit_min: 30, retakes: 'best' })
    expect(await rows(`SELECT kind, due_at FROM jobs ORDER BY due_at`)).toEqual([
      { kind: 'annual.open', due_at: OPENS },
      { kind: 'annual.remind', due_at: '2024-05-12T01:00:00.000Z' },
    ])
    expect(await rows(`SELECT actor, action, entity_id FROM audit_log`)).toEqual([
      { actor: 'test', action: 'exam.annual.schedule', entity_id: String(a.id) },
    ])
    // the same people cannot be enrolled twice in overlapping windows; a disjoint window is fine
    await expect(schedule({ unitCode: 'PL-SF' })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(schedule({ opensAt: new Date(CLOSES), closesAt: new Date(OPENS) })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(schedule({ unitCode: 'NOPE' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const later = await schedule({ opensAt: new Date('2024-11-04T01:00:00Z'), closesAt: new Date('2024-11-05T01:00:00Z') })
    expect(later.officials).toBe(8)
  })

  it('options are shuffled per person, the questions are the same; a sitting respects the window and the attempts allowed', async () => {
    await schedule()
    expect(await startAnnualSitting(deps(), await examIdOf('A001'), 'A001')).toEqual({ kind: 'not_open', opensAt: OPENS })
    expect(await startAnnualSitting(deps(), await examIdOf('A001'), 'A002')).toEqual({ kind: 'not_found' }) // another's exam
    clock.set('2024-05-06T02:00:00Z')
    const s1 = await startAnnualSitting(deps(), await examIdOf('A001'), 'A001')
    expect(s1).toMatchObject({ kind: 'open', attemptNo: 1, resumed: false, endsAt: '2024-05-06T02:30:00.000Z' })
    expect(await startAnnualSitting(deps(), await examIdOf('A001'), 'A001')).toMatchObject({ kind: 'open', resumed: true })
    const s2 = await startAnnualSitting(deps(), await examIdOf('A002'), 'A002')
    const layouts = await rows('SELECT layout_json FROM attempts ORDER BY id')
    const [l1, l2] = layouts.map((r) => JSON.parse(String(r.layout_json)) as { items: { q: string; perm: number[] }[] })
    expect(l1!.items.map((i) => i.q)).toEqual(l2!.items.map((i) => i.q))
    expect(l1!.items.map((i) => i.perm)).not.toEqual(l2!.items.map((i) => i.perm))
    expect(s2.kind).toBe('open')

    // a sitting started near the end ends with the window
    clock.set('2024-05-13T00:50:00Z')
    expect(await startAnnualSitting(deps(), await examIdOf('A003'), 'A003')).toMatchObject({
      kind: 'open',
      endsAt: CLOSES,
    })
    clock.set(CLOSES)
    expect(await startAnnualSitting(deps(), await examIdOf('A004'), 'A004')).toEqual({ kind: 'closed', closesAt: CLOSES })
  })

  it('gives the report exactly the figures of N of M who sat (finished, expired, failed, passed, a second sitting), equal to importing them', async () => {
    await schedule()
    clock.set('2024-05-06T02:00:00Z')
    expect(await sit('A001', 'RRRR')).toEqual(['已记录第4/4题的答案。', '2024年度学法考试成绩：100 分（60分及格），及格。'])
    expect(await sit('A002', 'RRWW')).toEqual([
      '已记录第4/4题的答案。',
      '2024年度学法考试成绩：50 分（60分及格），不及格。',
      '你还可以再考1次（5月13日 09:00前），成绩取最高分。',
    ])
    clock.advanceMinutes(60)
    expect((await sit('A002', 'RRRR'))[1]).toBe('2024年度学法考试成绩：100 分（60分及格），及格。')
    expect(await startAnnualSitting(deps(), await examIdOf('A002'), 'A002')).toEqual({ kind: 'passed', bestScore: 100 })
    await sit('A004', 'RRRW')
    await sit('A005', 'WWWW')
    clock.advanceMinutes(60)
    expect((await sit('A005', 'WWWW')).slice(1)).toEqual(['2024年度学法考试成绩：0 分（60分及格），不及格。'])
    expect(await startAnnualSitting(deps(), await examIdOf('A005'), 'A005')).toEqual({ kind: 'used_up', allowed: 2, bestScore: 0 })
    // A003 runs out of time half-way; the scheduler closes it, unanswered = wrong
    await sit('A003', 'R')
    // 答题 in chat resumes the sitting under its own name
    const [resumed] = await startOrResumeQuiz(deps(), 'A003')
    expect(resumed).toMatch(/^继续2024年度学法考试（已答1\/4题），请于5月6日 \d\d:\d\d前完成。也可以打开考试链接在页面上作答。$/)
    clock.advanceMinutes(31)
    const expired = await closeExpiredAttempts(deps())
    expect(expired.map((e) => [e.officialId, e.texts])).toEqual([
      [
        'A003',
        [
          '考试时间已到：共4题，已答1题，未作答的题目记0分。',
          '2024年度学法考试成绩：25 分（60分及格），不及格。',
          '你还可以再考1次（5月13日 09:00前），成绩取最高分。',
        ],
      ],
    ])
    // A006 is answering when the window closes
    clock.set('2024-05-13T00:45:00Z')
    await sit('A006', 'RR')
    clock.set(CLOSES)
    const atClose = await closeExpiredAttempts(deps())
    expect(atClose.map((e) => [e.officialId, e.texts.slice(1)])).toEqual([['A006', ['2024年度学法考试成绩：50 分（60分及格），不及格。']]])
    // A007 and A008 never started: enrolled, not 参考

    const results = await rows(
      `SELECT official_id, attempt, score, passed, source, exam_kind, attempt_id IS NOT NULL AS linked FROM exam_results
       ORDER BY official_id, attempt`,
    )
    expect(results.map((r) => [r.official_id, r.attempt, r.score, r.passed])).toEqual([
      ['A001', 1, 100, 1],
      ['A002', 1, 50, 0],
      ['A002', 2, 100, 1],
      ['A003', 1, 25, 0],
      ['A004', 1, 75, 1],
      ['A005', 1, 0, 0],
      ['A005', 2, 0, 0],
      ['A006', 1, 50, 0],
    ])
    expect(new Set(results.map((r) => `${r.exam_kind}/${r.source}/${r.linked}`))).toEqual(new Set(['annual/chat/1']))
    expect(await rows(`SELECT official_id, state FROM exams ORDER BY official_id`)).toEqual([
      { official_id: 'A001', state: 'passed' },
      { official_id: 'A002', state: 'passed' },
      { official_id: 'A003', state: 'assigned' },
      { official_id: 'A004', state: 'passed' },
      { official_id: 'A005', state: 'failed' },
      { official_id: 'A006', state: 'assigned' },
      { official_id: 'A007', state: 'assigned' },
      { official_id: 'A008', state: 'assigned' },
    ])

    // 8 enrolled, 6 sat; best scores 100 100 25 75 0 50; 3 passed
    const report = await buildAnnualReport(t.db, { year: 2024, tz })
    expect(report.exams.annual).toEqual({ enrolled: 8, tested: 6, participationRate: 0.75, passRate: 0.5, averageScore: 58.3 })
    const sf = await buildAnnualReport(t.db, { year: 2024, tz, unitCode: 'PL-SF' })
    expect(sf.exams.annual).toEqual({ enrolled: 3, tested: 2, participationRate: 0.6667, passRate: 0.5, averageScore: 50 })

    // the same sittings imported into a county of its own: the same 参考 / 及格 / 平均分 (imports cannot name
    // those who never sat, so there enrolled = tested)
    const other = await createTestDb(clock)
    try {
      await seedCounty(other.db)
      const sheet = [['exam', 'official_id', 'taken_at', 'score', 'attempt']]
      for (const r of await rows('SELECT official_id, taken_at, score, attempt FROM exam_results ORDER BY id'))
        sheet.push(['年度学法考试', String(r.official_id), String(r.taken_at), String(r.score), String(r.attempt)])
      const imported = await importer(other.db, clock)('exam-results', csv(sheet))
      expect(imported.ok).toBe(true)
      const fromImport = (await buildAnnualReport(other.db, { year: 2024, tz })).exams.annual
      expect(fromImport).toEqual({ enrolled: 6, tested: 6, participationRate: 1, passRate: 0.5, averageScore: 58.3 })
    } finally {
      other.cleanup()
    }
  })

  it('sends each bound official one notice with a personal link when it opens, and one reminder to those who have not started', async () => {
    const a = await schedule()
    await t.db.batch(
      ['A001', 'A002', 'A003', 'A009', 'B001'].map((id) => ({
        sql: `INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at) VALUES (?, 'wechaty', ?, ?, ?)`,
        args: [id, `wx-${id}`, `xf-${id}`, T0],
      })),
    )
    const runner = {
      db: t.db,
      clock,
      tz,
      logger: silentLogger,
      owner: 'p1',
      handlers: createJobHandlers(),
      linkBaseUrl: 'https://xf.example.cn',
    }
    await runDueJobs(runner)
    expect(await rows('SELECT COUNT(*) AS n FROM deliveries')).toEqual([{ n: 0 }]) // not open yet
    clock.set(OPENS)
    await runDueJobs(runner)
    await runDueJobs(runner) // nothing twice
    const sent = await rows('SELECT recipient, message_json FROM deliveries ORDER BY id')
    expect(sent.map((d) => d.recipient)).toEqual(['official:A001', 'official:A002', 'official:A003'])
    const text = (JSON.parse(String(sent[0]!.message_json)) as { message: { text: string } }).message.text
    expect(text).toContain('【2024年度学法考试】已开放，请于5月13日 09:00前完成：共4题，限时30分钟，60分及格，可考2次，取最高分。')
    const token = /https:\/\/xf\.example\.cn\/m\/(\S+)$/.exec(text)![1]!
    const link = await checkLink(t.db, token, clock.now())
    expect(link).toMatchObject({ ok: true, claims: { officialId: 'A001', purpose: 'exam', ref: String(await examIdOf('A001')) } })
    expect(link.ok && link.claims.expiresAt * 1000).toBe(new Date(CLOSES).getTime())
    expect((await checkLink(t.db, token, new Date(CLOSES))).ok).toBe(false)

    clock.set('2024-05-07T02:00:00Z')
    await sit('A002', 'RR') // started (not finished): not reminded
    clock.set(a.reminderAt!)
    await runDueJobs(runner)
    const reminders = await rows(`SELECT recipient, message_json FROM deliveries WHERE message_json LIKE '%annual.remind%' ORDER BY id`)
    expect(reminders.map((d) => d.recipient)).toEqual(['official:A001', 'official:A003'])
    expect((JSON.parse(String(reminders[0]!.message_json)) as { message: { text: string } }).message.text).toMatch(
      /^【2024年度学法考试】提醒：考试将于5月13日 09:00截止，你还没有参加。请打开你的个人考试链接作答：\nhttps:\/\/xf\.example\.cn\/m\/\S+$/,
    )
  })

  it('schedules a thousand officials in three set-based statements, and plans their notices in one job', async () => {
    const units = [['C', '县'], ...Array.from({ length: 20 }, (_, i) => [`C${i}`, `部门${i}`, 'C'])]
    await t.db.batch(
      units.map(([code, name, parent]) => ({
        sql: 'INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        args: [code!, name!, parent ?? null, parent ? `/C/${code}/` : '/C/', T0, T0],
      })),
    )
    await t.db.batch(
      Array.from({ length: 1000 }, (_, i) => ({
        sql: 'INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        args: [`K${String(i).padStart(4, '0')}`, `干部${i}`, `C${i % 20}`, T0, T0],
      })),
    )
    await t.db.execute('DELETE FROM questions')
    await seedQuestions(t.db, { single: 20, multiple: 10, judge: 10 }, '中华人民共和国行政处罚法')
    const started = performance.now()
    const a = await scheduleAnnualExam(
      deps(),
      { unitCode: 'C', opensAt: new Date(OPENS), closesAt: new Date(CLOSES), blueprint: { laws: ['《中华人民共和国行政处罚法》'] } },
      { actor: 'test' },
    )
    const ms = performance.now() - started
    console.info(`annual exam for ${a.officials} officials scheduled in ${ms.toFixed(0)} ms`)
    expect(a).toMatchObject({ officials: 1000, questions: 40, shortfall: [] })
    expect(await rows(`SELECT COUNT(*) AS n FROM exams WHERE annual_id = ?`, [a.id])).toEqual([{ n: 1000 }])
    expect(await rows(`SELECT COUNT(*) AS n FROM quiz_questions`)).toEqual([{ n: 40_000 }])

    // the opening notice: a thousand links signed and a thousand outbox rows in one job
    await t.db.execute(
      `INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at)
       SELECT id, 'wechaty', 'wx-' || id, 'xf-' || id, '${T0}' FROM officials WHERE id LIKE 'K%'`,
    )
    clock.set(OPENS)
    const noticeStarted = performance.now()
    await runDueJobs({
      db: t.db,
      clock,
      tz,
      logger: silentLogger,
      owner: 'p1',
      handlers: createJobHandlers(),
      linkBaseUrl: 'https://xf.example.cn',
    })
    console.info(`annual exam notices for 1000 officials planned in ${(performance.now() - noticeStarted).toFixed(0)} ms`)
    expect(await rows(`SELECT COUNT(DISTINCT recipient) AS n FROM deliveries WHERE message_json LIKE '%annual.open%'`)).toEqual([
      { n: 1000 },
    ])
  })
})
