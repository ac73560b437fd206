/**
 * The 年度学法考试 on the mobile page, through the real app: its window, its attempts, the best sitting, no make-up
 * and no result message for a sitting that ends on the page; the report's figures and the messages one candidate gets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeOverdueAttempts } from '../../src/answering/attempt-expiry.js'
import { annualOverview, scheduleAnnualExam, type ScheduleAnnualInput } from '../../src/exams/annual.service.js'
import { silentLogger } from '../../src/log.js'
import { collectLedger } from '../../src/reports/ledger.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { runDueJobs } from '../../src/scheduler/runner.js'
import { createPageFixture, letterOn, questionCount, rightValue, TZ, type PageFixture, startForm } from '../helpers/page.js'
import { csv, importer } from './import-fixtures.js'

const OPENS = '2024-03-06T01:00:00.000Z' // 3月6日 09:00 local
const CLOSES = '2024-03-13T01:00:00.000Z' // a week later
const PUBLIC_URL = 'https://xuefa.example.gov.cn'

let f: PageFixture
beforeEach(async () => {
  f = await createPageFixture()
})
afterEach(() => f.cleanup())

const get = async (path: string) => (await f.app.request(path)).text()
const postJson = async (path: string, json: unknown) =>
  (await f.post(path, JSON.stringify(json), { 'content-type': 'application/json' })).json()
async function rows(sql: string, args: (string | number)[] = []) {
  return (await f.db.execute({ sql, args })).rows.map((r) => ({ ...r }))
}
const outbox = (officialId: string) =>
  rows('SELECT dedup_key, message_json FROM deliveries WHERE recipient = ? ORDER BY id', [`official:${officialId}`])

/** The exam for the county (A001, A002 of 司法局, A003): four questions, 30 minutes. */
function schedule(extra: Partial<ScheduleAnnualInput> = {}) {
  return scheduleAnnualExam(
    { db: f.db, clock: f.clock, tz: TZ },
    {
      unitCode: 'PL',
      opensAt: new Date(OPENS),
      closesAt: new Date(CLOSES),
      minutes: 30,
      blueprint: { single: 2, multiple: 1, judge: 1 },
      ...extra,
    },
    { actor: 'test' },
  )
}
async function examIdOf(officialId: string): Promise<number> {
  const [r] = await rows(`SELECT id FROM exams WHERE kind = 'annual' AND official_id = ?`, [officialId])
  return Number(r!.id)
}
/** The person's link, living until a day after the window (as the notice's does until it closes) */
const linkOf = async (officialId: string) =>
  f.path(officialId, 'exam', String(await examIdOf(officialId)), new Date(new Date(CLOSES).getTime() + 86_400_000))

/** A wrong answer to question `position` of the page (the bank's answers are known by the stem's id). */
function wrongValue(html: string, position: number): string {
  const right = rightValue(html, position)
  if (right === 'T') return 'F'
  if (right === 'F') return 'T'
  return letterOn(html, position, '甲') === right ? letterOn(html, position, '乙') : letterOn(html, position, '甲')
}

/** Starts a sitting on the page and hands it in with `pattern` ('R' right, 'W' wrong, '-' left blank). */
async function sitOnPage(path: string, pattern: string): Promise<void> {
  expect((await f.post(`${path}/start`, await startForm(f.app, `${path}`))).status).toBe(303)
  const running = await get(path)
  const attempt = /name="attempt" value="(\d+)"/.exec(running)![1]!
  const form = new URLSearchParams({ attempt, action: 'handin' })
  for (let p = 1; p <= questionCount(running); p++) {
    const c = pattern[p - 1]
    if (c === 'R') form.set(`q${p}`, rightValue(running, p))
    if (c === 'W') form.set(`q${p}`, wrongValue(running, p))
  }
  expect((await f.post(`${path}/save`, form)).headers.get('location')).toBe(path)
}

describe('the 年度学法考试 on the page', () => {
  it('before, during and after its window: not open yet, the intro, a sitting, the result, another sitting, passed, closed', async () => {
    await schedule({ attempts: 2 })
    const path = await linkOf('A001')

    const early = await get(path)
    expect(early).toContain('<h1>年度学法考试</h1>')
    expect(early).toContain('考试将于3月6日 09:00开放')
    expect(early).toContain('考试时间：3月6日 09:00 至 3月13日 09:00')
    expect(early).not.toContain(`action="${path}/start"`)
    expect((await f.post(`${path}/start`, await startForm(f.app, `${path}`))).status).toBe(303)
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 0 }])

    f.clock.set('2024-03-06T02:00:00.000Z')
    const intro = await get(path)
    expect(intro).toContain('共4题，限时30分钟，60分及格。')
    expect(intro).toContain('考试时间：3月6日 09:00 至 3月13日 09:00')
    expect(intro).toContain('可考2次，成绩取最高分；已考0次。')
    expect(intro).toContain(`action="${path}/start"`)
    expect(intro).toContain('>开始考试<')
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 0 }]) // reading starts nothing

    expect((await f.post(`${path}/start`, await startForm(f.app, `${path}`))).status).toBe(303)
    expect((await f.post(`${path}/start`, await startForm(f.app, `${path}`))).status).toBe(303) // a second click starts nothing more
    const [attempt] = await rows('SELECT id, attempt_no, ends_at FROM attempts')
    expect(attempt).toMatchObject({ attempt_no: 1, ends_at: '2024-03-06T02:30:00.000Z' })
    const running = await get(path)
    expect(running).toMatch(/剩余时间：<span id="left" data-seconds="1800">约 30 分钟<\/span>（3月6日 10:30 截止）/)
    expect(running).toContain('<h1>年度学法考试</h1>')
    expect(questionCount(running)).toBe(4)
    // answers saved as chosen, then handed in: two right of four
    for (const p of [1, 2]) {
      expect(await postJson(`${path}/answer`, { attempt: attempt!.id, position: p, value: rightValue(running, p) })).toMatchObject({
        ok: true,
      })
    }
    const handIn = new URLSearchParams({
      attempt: String(attempt!.id),
      action: 'handin',
      q3: wrongValue(running, 3),
      q4: wrongValue(running, 4),
    })
    expect((await f.post(`${path}/save`, handIn)).headers.get('location')).toBe(path)

    const again = await get(path)
    expect(again).toContain('你还可以再考1次（3月13日 09:00前），成绩取最高分。')
    expect(again).toContain('成绩（取最高分）：50 分，不及格')
    expect(again).toContain('第1次')
    expect(again).toContain('50 分，不及格（已答4/4题）')
    expect(again).toContain('可考2次，成绩取最高分；已考1次。')
    expect(again).toContain('>再考一次<')
    expect(await rows('SELECT exam_kind, attempt, score, passed FROM exam_results')).toEqual([
      { exam_kind: 'annual', attempt: 1, score: 50, passed: 0 },
    ])

    f.clock.advanceMinutes(10)
    await sitOnPage(path, 'RRRR')
    const passed = await get(path)
    expect(passed).toContain('你已及格，本次考试已完成。')
    expect(passed).toContain('成绩（取最高分）：100 分，及格')
    expect(passed).toContain('第2次')
    expect(passed).toContain('可考2次，成绩取最高分；已考2次。')
    expect(passed).not.toContain(`action="${path}/start"`)
    expect((await f.post(`${path}/start`, await startForm(f.app, `${path}`))).status).toBe(303)
    expect(await rows(`SELECT state FROM exams WHERE official_id = 'A001'`)).toEqual([{ state: 'passed' }])
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 2 }])

    f.clock.set(CLOSES)
    const closed = await get(path)
    expect(closed).toContain('考试已于3月13日 09:00截止。')
    expect(closed).toContain('成绩（取最高分）：100 分，及格')
    expect(closed).not.toContain(`action="${path}/start"`)

    // no make-up wording anywhere, and no message: the page showed every result
    for (const html of [early, intro, running, again, passed, closed]) {
      expect(html).not.toContain('补考')
      expect(html).not.toContain('任前')
    }
    expect(await outbox('A001')).toEqual([])
  })

  it('one attempt: used up after it; after the window closed with the result, or that they did not sit it', async () => {
    await schedule()
    f.clock.set('2024-03-07T02:00:00.000Z')
    const path = await linkOf('A001')
    expect(await get(path)).toContain('只能考一次。')
    await sitOnPage(path, 'RW--')
    const used = await get(path)
    expect(used).toContain('考试次数已用完。')
    expect(used).toContain('只能考一次，已考。')
    expect(used).toContain('成绩：25 分，不及格')
    expect(used).toContain('25 分，不及格（已答2/4题）')
    expect(used).not.toContain(`action="${path}/start"`)
    expect(used).not.toContain('补考')
    expect((await f.post(`${path}/start`, await startForm(f.app, `${path}`))).status).toBe(303)
    expect(await rows(`SELECT count(*) AS n FROM attempts WHERE official_id = 'A001'`)).toEqual([{ n: 1 }])
    expect(await rows(`SELECT state FROM exams WHERE official_id = 'A001'`)).toEqual([{ state: 'failed' }])

    f.clock.set('2024-03-13T01:00:01.000Z')
    const closed = await get(path)
    expect(closed).toContain('考试已于3月13日 09:00截止。')
    expect(closed).toContain('成绩：25 分，不及格')
    const absent = await get(await linkOf('A003'))
    expect(absent).toContain('考试已于3月13日 09:00截止。')
    expect(absent).toContain('你没有参加本次考试。')
    expect(absent).not.toContain('<form')
    // after the window a start opens nothing
    expect((await f.post(`${await linkOf('A003')}/start`, await startForm(f.app, `${await linkOf('A003')}`))).status).toBe(303)
    expect(await rows(`SELECT count(*) AS n FROM attempts WHERE official_id = 'A003'`)).toEqual([{ n: 0 }])
    expect(await outbox('A001')).toEqual([])
  })

  it("a sitting started near the end ends with the window; time running out is closed by the person's page, with no message", async () => {
    await schedule({ attempts: 2 })
    // A002 inside the window: the script's next save finds the time run out; the page offers the second sitting
    f.clock.set('2024-03-08T02:00:00.000Z')
    const p2 = await linkOf('A002')
    await f.post(`${p2}/start`, await startForm(f.app, `${p2}`))
    const [a2] = await rows(`SELECT id FROM attempts WHERE official_id = 'A002'`)
    f.clock.advanceMinutes(31)
    expect(await postJson(`${p2}/answer`, { attempt: a2!.id, position: 1, value: 'A' })).toEqual({ ok: false, closed: true })
    const retry = await get(p2)
    expect(retry).toContain('0 分，不及格（已答0/4题，考试时间已到）')
    expect(retry).toContain('你还可以再考1次（3月13日 09:00前），成绩取最高分。')
    expect(retry).toContain('>再考一次<')

    // A003's start posted from a tab left open after the time ran out: it closes that sitting and starts nothing
    const p3 = await linkOf('A003')
    const tab = await startForm(f.app, `${p3}`) // the intro's start button, for the first sitting
    await f.post(`${p3}/start`, tab)
    f.clock.advanceMinutes(31)
    await f.post(`${p3}/start`, tab)
    expect(await rows(`SELECT attempt_no, state FROM attempts WHERE official_id = 'A003' ORDER BY attempt_no`)).toEqual([
      { attempt_no: 1, state: 'expired' },
    ])

    // A001 starts ten minutes before the window closes: the deadline is the window's end, not 30 minutes
    f.clock.set('2024-03-13T00:50:00.000Z')
    const p1 = await linkOf('A001')
    await f.post(`${p1}/start`, await startForm(f.app, `${p1}`))
    expect(await rows(`SELECT ends_at FROM attempts WHERE official_id = 'A001'`)).toEqual([{ ends_at: CLOSES }])
    const running = await get(p1)
    expect(running).toMatch(/data-seconds="600">约 10 分钟<\/span>（3月13日 09:00 截止）/)
    const [a1] = await rows(`SELECT id FROM attempts WHERE official_id = 'A001'`)
    await postJson(`${p1}/answer`, { attempt: a1!.id, position: 1, value: rightValue(running, 1) })
    f.clock.advanceMinutes(11)
    // a reload closes it: unanswered count wrong, and the window is over
    const after = await get(p1)
    expect(after).toContain('考试已于3月13日 09:00截止。')
    expect(after).toContain('25 分，不及格（已答1/4题，考试时间已到）')
    expect(after).not.toContain('<form')
    expect(await rows(`SELECT state, score FROM attempts WHERE official_id = 'A001'`)).toEqual([{ state: 'expired', score: 25 }])

    // nothing left for the scheduler to close or to say; nobody got a message
    expect(await closeOverdueAttempts({ db: f.db, clock: f.clock, tz: TZ, logger: silentLogger })).toBe(0)
    expect(await rows('SELECT count(*) AS n FROM deliveries')).toEqual([{ n: 0 }])
  })

  it('messages per candidate: the notice, the reminder only if not sat, a result only for a sitting the clock closed', async () => {
    const a = await schedule({ attempts: 2 })
    const runner = {
      db: f.db,
      clock: f.clock,
      tz: TZ,
      logger: silentLogger,
      owner: 'p1',
      handlers: createJobHandlers(),
      linkBaseUrl: PUBLIC_URL,
    }
    f.clock.set(OPENS)
    await runDueJobs(runner)
    const notices = await rows(`SELECT recipient, message_json FROM deliveries ORDER BY recipient`)
    expect(notices.map((n) => n.recipient)).toEqual(['official:A001', 'official:A002', 'official:A003'])
    const linkIn = (json: unknown) => {
      const text = (JSON.parse(String(json)) as { message: { text: string } }).message.text
      return text.slice(text.indexOf(PUBLIC_URL) + PUBLIC_URL.length)
    }
    // A001 takes it on the page through the notice's link: fails, then passes
    f.clock.advanceMinutes(60)
    const p1 = linkIn(notices[0]!.message_json)
    await sitOnPage(p1, 'WWWW')
    f.clock.advanceMinutes(5)
    await sitOnPage(p1, 'RRRR')
    expect(await get(p1)).toContain('你已及格，本次考试已完成。')
    // A002 starts on the page and leaves: the scheduler closes the sitting when its time is up, and says its result once
    await f.post(`${linkIn(notices[1]!.message_json)}/start`, await startForm(f.app, `${linkIn(notices[1]!.message_json)}`))
    f.clock.advanceMinutes(31)
    await runDueJobs(runner)
    await runDueJobs(runner)
    // A003 never starts: reminded once
    f.clock.set(a.reminderAt!)
    await runDueJobs(runner)
    f.clock.set(CLOSES)
    await runDueJobs(runner)

    const tags = async (officialId: string) =>
      (await outbox(officialId)).map((r) => (JSON.parse(String(r.message_json)) as { message: { tag: string } }).message.tag)
    expect(await tags('A001')).toEqual(['annual.open'])
    expect(await tags('A002')).toEqual(['annual.open', 'attempt.expired'])
    expect(await tags('A003')).toEqual(['annual.open', 'annual.remind'])
    const [, result] = await outbox('A002')
    const text = (JSON.parse(String(result!.message_json)) as { message: { text: string } }).message.text
    expect(text).toContain('考试时间已到：共4题，已答0题，未作答的题目记0分。')
    expect(text).toContain('2024年度学法考试成绩：0 分（60分及格），不及格。')
    expect(text).not.toContain('补考')
  })

  it("gives the report's annual figures (enrolled, 参考率, 及格率, 平均分) for sittings taken on the page", async () => {
    await schedule()
    f.clock.set('2024-03-06T02:00:00.000Z')
    await sitOnPage(await linkOf('A001'), 'RRRR')
    await sitOnPage(await linkOf('A002'), 'RRWW')
    // A003 never sits
    const results = await rows(`SELECT official_id, exam_kind, score, passed, source FROM exam_results ORDER BY official_id`)
    expect(results).toEqual([
      { official_id: 'A001', exam_kind: 'annual', score: 100, passed: 1, source: 'chat' },
      { official_id: 'A002', exam_kind: 'annual', score: 50, passed: 0, source: 'chat' },
    ])
    const report = await buildAnnualReport(f.db, { year: 2024, tz: TZ })
    expect(report.exams.annual).toEqual({ enrolled: 3, tested: 2, participationRate: 0.6667, passRate: 0.5, averageScore: 75 })
    const sf = await buildAnnualReport(f.db, { year: 2024, tz: TZ, unitCode: 'PL-SF' })
    expect(sf.exams.annual).toEqual({ enrolled: 1, tested: 1, participationRate: 1, passRate: 0, averageScore: 50 })
  })

  it('counts an exam across the new year in its own year (the one its title names), beside imported results, once a person', async () => {
    // 2024年度学法考试 from 30 December to 6 January
    const opens = '2024-12-30T01:00:00.000Z'
    await schedule({ opensAt: new Date(opens), closesAt: new Date('2025-01-06T01:00:00.000Z') })
    const link = async (id: string) => f.path(id, 'exam', String(await examIdOf(id)), new Date('2025-01-07T01:00:00.000Z'))
    f.clock.set('2024-12-30T02:00:00.000Z')
    await sitOnPage(await link('A001'), 'RRRR')
    f.clock.set('2025-01-02T02:00:00.000Z')
    await sitOnPage(await link('A002'), 'RRWW')
    // the province's own results imported beside: A001's earlier paper sitting of 2024, A003's of 2025
    const sheet = [
      ['exam', 'official_id', 'taken_at', 'score', 'attempt'],
      ['年度学法考试', 'A001', '2024-11-05T02:00:00.000Z', '40', '1'],
      ['年度学法考试', 'A003', '2025-05-06T02:00:00.000Z', '80', '1'],
    ]
    expect((await importer(f.db, f.clock)('exam-results', csv(sheet))).ok).toBe(true)

    const y2024 = await buildAnnualReport(f.db, { year: 2024, tz: TZ })
    // enrolled A001, A002, A003; sat A001 (best 100 of 100 and 40), A002 (50, on 2 January)
    expect(y2024.exams.annual).toEqual({ enrolled: 3, tested: 2, participationRate: 0.6667, passRate: 0.5, averageScore: 75 })
    const y2025 = await buildAnnualReport(f.db, { year: 2025, tz: TZ })
    // only A003's imported sitting of 2025
    expect(y2025.exams.annual).toEqual({ enrolled: 1, tested: 1, participationRate: 1, passRate: 1, averageScore: 80 })

    // the ledger lists the sittings each year's figures count
    const annualRows = async (year: number) =>
      (await collectLedger(f.db, { year, tz: TZ })).sheets
        .find((sh) => sh.key === 'exams')!
        .rows.filter((r) => r[0] === '年度学法考试')
        .map((r) => [r[1], r[5], r[6]])
    // 及格 for the 年度学法考试, as the narrative says 及格率
    expect(await annualRows(2024)).toEqual([
      ['A001', 40, '不及格'],
      ['A001', 100, '及格'],
      ['A002', 50, '不及格'],
    ])
    expect(await annualRows(2025)).toEqual([['A003', 80, '及格']])
    // and each person the figures count, once: 应考 = its rows, 参考 = those with a best score
    const people = async (year: number) =>
      (await collectLedger(f.db, { year, tz: TZ })).sheets.find((sh) => sh.key === 'annual')!.rows.map((r) => [r[0], r[3], r[4], r[5]])
    expect(await people(2024)).toEqual([
      ['A001', 2, 100, '是'],
      ['A002', 1, 50, '否'],
      ['A003', 0, null, null],
    ])
    expect(await people(2025)).toEqual([['A003', 1, 80, '是']])
  })

  it('does not expect those who left the roster before it closed without sitting it; those who sat, or left later, count', async () => {
    await schedule()
    f.clock.set('2024-03-06T02:00:00.000Z')
    await sitOnPage(await linkOf('A001'), 'RRRR')
    const leave = (id: string, at: string) => f.db.execute({ sql: 'UPDATE officials SET left_at = ? WHERE id = ?', args: [at, id] })
    await leave('A001', '2024-03-08T00:00:00.000Z') // sat, then left: counts
    await leave('A002', '2024-03-08T00:00:00.000Z') // left in the window without sitting (no reminder either): not expected
    await leave('A003', '2024-03-20T00:00:00.000Z') // never sat, left after it closed: enrolled, not 参考
    const report = await buildAnnualReport(f.db, { year: 2024, tz: TZ })
    expect(report.exams.annual).toEqual({ enrolled: 2, tested: 1, participationRate: 0.5, passRate: 1, averageScore: 100 })
    const people = (await collectLedger(f.db, { year: 2024, tz: TZ })).sheets.find((sh) => sh.key === 'annual')!.rows
    expect(people.map((r) => r[0])).toEqual(['A001', 'A003'])
    // the dashboard's figures of the exam, by the same rule
    const [overview] = await annualOverview(f.db, { scopePath: '/', from: '2024-01-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z' })
    expect(overview!.total).toEqual({ enrolled: 2, tested: 1, passed: 1, scoreSum: 100 })
  })

  it("is another person's exam only for them, and an annual exam not run by xuefa has no page", async () => {
    await schedule()
    f.clock.set('2024-03-06T02:00:00.000Z')
    const other = f.path('A002', 'exam', String(await examIdOf('A001')))
    expect((await f.app.request(other)).status).toBe(404)
    expect((await f.post(`${other}/start`, await startForm(f.app, `${other}`))).status).toBe(303)
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 0 }])
    // an annual exams row without its window (as an old import might have left one): not found, nothing started
    await f.db.execute(`UPDATE quizzes SET spec_json = '{}' WHERE exam_id = ${await examIdOf('A003')}`)
    const bare = await linkOf('A003')
    expect((await f.app.request(bare)).status).toBe(404)
    expect((await f.post(`${bare}/start`, await startForm(f.app, `${bare}`))).status).toBe(303)
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 0 }])
  })
})
