import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { answerCurrentQuestion } from '../../src/answering/answering.service.js'
import { startAppointmentExam } from '../../src/answering/exam-start.service.js'
import { startOrResumeQuiz } from '../../src/answering/quiz-start.service.js'
import { assignAppointmentExam } from '../../src/exams/exam.service.js'
import { scheduleAnnualExam } from '../../src/exams/annual.service.js'
import { startAnnualSitting } from '../../src/answering/annual-start.service.js'
import { quizSpecSchema } from '../../src/quizzes/quiz.schema.js'
import { updateSession } from '../../src/sessions/sessions.service.js'
import { addToken, type CookieJar, createUiFixture, csrfOf, get, logIn, TZ, type UiFixture } from '../helpers/browser.js'
import { seedQuestions, wrongReply } from './quiz-fixtures.js'

let f: UiFixture
let attemptId: number
beforeEach(async () => {
  f = await createUiFixture()
  f.clock.set('2024-06-12T05:00:00Z') // the morning of the 司法局 lecture, its quiz open
  await seedQuestions(f.db, { single: 1, multiple: 0, judge: 1 })
  // a short answer the bank cannot mark by itself
  await f.db.execute({
    sql: `INSERT INTO questions (id, type, stem, options_json, answer, law_title, source, created_at, updated_at)
          VALUES ('Q-SHORT', 'short', '简述行政处罚的种类', '[]', '警告、罚款等', '中华人民共和国行政处罚法', 'import', ?, ?)`,
    args: ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
  })
  const deps = { db: f.db, clock: f.clock, tz: TZ }
  await updateSession(deps, f.sfjSessionId, { quiz: quizSpecSchema.parse({ questionIds: ['S01', 'J01', 'Q-SHORT'] }) }, { actor: 'test' })
  const [, first] = await startOrResumeQuiz(deps, 'S1')
  const [, second] = (await answerCurrentQuestion(deps, 'S1', wrongReply(first!)))!
  const [, third] = (await answerCurrentQuestion(deps, 'S1', wrongReply(second!)))!
  expect(third).toContain('简述行政处罚的种类')
  await answerCurrentQuestion(deps, 'S1', '警告、罚款、没收违法所得')
  attemptId = Number((await f.db.execute("SELECT id FROM attempts WHERE official_id = 'S1'")).rows[0]!.id)
})
afterEach(() => f.cleanup())

async function correct(jar: CookieJar, form: Record<string, string>) {
  const csrf = csrfOf(await (await get(f.app, jar, `/ui/attempts/${attemptId}`)).text())
  return f.app.request(`/ui/attempts/${attemptId}/corrections`, {
    method: 'POST',
    headers: { cookie: jar.header() },
    body: new URLSearchParams({ _csrf: csrf, ...form }),
  })
}

describe('the answer sheet and 改判', () => {
  it('is linked from the quiz results, shows each answer, and marks a short answer with who and why, rescoring', async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const results = await (await get(f.app, jar, `/ui/sessions/${f.sfjSessionId}/quiz`)).text()
    expect(results).toContain(`/ui/attempts/${attemptId}`)
    const sheet = await (await get(f.app, jar, `/ui/attempts/${attemptId}`)).text()
    expect(sheet).toContain('待评判')
    expect(sheet).toContain('警告、罚款、没收违法所得')
    expect(sheet).toContain('<dd>0 分（60 分及格，不及格）</dd>')
    const res = await correct(jar, { position: '3', mark: 'right', reason: '要点齐全' })
    expect(res.status).toBe(303)
    const after = await (await get(f.app, jar, res.headers.get('location')!)).text()
    expect(after).toContain('第 3 题已改判，成绩已重新计算。')
    expect(after).toMatch(/<dd>33\.3 分（\d+ 分及格，不及格）<\/dd>/)
    expect(after).toContain('要点齐全')
    const rs = await f.db.execute(
      'SELECT position, revision, is_correct, correction_reason FROM answers WHERE position = 3 ORDER BY revision',
    )
    expect(rs.rows.map((r) => ({ ...r }))).toEqual([
      { position: 3, revision: 0, is_correct: null, correction_reason: null },
      { position: 3, revision: 1, is_correct: 1, correction_reason: '要点齐全' },
    ])
    expect((await f.db.execute('SELECT score FROM attempts')).rows[0]!.score).toBe(33.3)
  })

  it('shows the score the attempt has, not one written into the link', async () => {
    const jar = await logIn(f.app, f.tokens.sfj)
    const forged = await (await get(f.app, jar, `/ui/attempts/${attemptId}?done=corrected&n=3&score=100`)).text()
    expect(forged).not.toContain('100 分')
    expect(forged).toMatch(/<dd>0 分（\d+ 分及格，不及格）<\/dd>/)
  })

  it("goes back to the exams page from an exam's sheet, saying so", async () => {
    const deps = { db: f.db, clock: f.clock, tz: TZ }
    const exam = {
      officialId: 'S1',
      proposedPost: '县司法局副局长',
      opensAt: f.clock.now(),
      blueprint: { single: 1, multiple: 0, judge: 1 },
    }
    await assignAppointmentExam(deps, exam, { actor: 'test' })
    await startAppointmentExam(deps, 'S1')
    const examAttempt = Number((await f.db.execute("SELECT max(id) AS id FROM attempts WHERE official_id = 'S1'")).rows[0]!.id)
    expect(examAttempt).not.toBe(attemptId)
    const sheet = await (await get(f.app, await logIn(f.app, f.tokens.sfj), `/ui/attempts/${examAttempt}`)).text()
    expect(sheet).toContain('<a href="/ui/exams">← 考试</a>')
    expect(sheet).not.toContain('测试成绩')
  })

  it("names a 年度学法考试's sheet by the exam's title", async () => {
    const deps = { db: f.db, clock: f.clock, tz: TZ }
    const opensAt = f.clock.now()
    const closesAt = new Date(opensAt.getTime() + 2 * 86_400_000)
    await scheduleAnnualExam(deps, { unitCode: 'SFJ', opensAt, closesAt, questions: 2, title: '司法局年度学法考试' }, { actor: 'test' })
    const examId = Number((await f.db.execute("SELECT id FROM exams WHERE official_id = 'S2' AND kind = 'annual'")).rows[0]!.id)
    const sitting = await startAnnualSitting(deps, examId, 'S2')
    if (sitting.kind !== 'open') throw new Error(`no sitting: ${sitting.kind}`)
    const sheet = await (await get(f.app, await logIn(f.app, f.tokens.sfj), `/ui/attempts/${sitting.attemptId}`)).text()
    expect(sheet).toContain('司法局年度学法考试')
    expect(sheet).not.toContain('任前法律知识考试')
  })

  it('wants a reason, keeps other units out, and lets a reporter only read', async () => {
    const sfj = await logIn(f.app, f.tokens.sfj)
    const bare = await correct(sfj, { position: '1', mark: 'right', reason: ' ' })
    expect(bare.status).toBe(400)
    expect(await bare.text()).toContain('请写明改判的理由。')
    const reporter = await logIn(f.app, f.tokens.reporter)
    const page = await (await get(f.app, reporter, `/ui/attempts/${attemptId}`)).text()
    expect(page).not.toContain('判为正确')
    const admin = await logIn(f.app, f.tokens.admin)
    const csrf = csrfOf(await (await get(f.app, reporter, `/ui/attempts/${attemptId}`)).text())
    const refused = await f.app.request(`/ui/attempts/${attemptId}/corrections`, {
      method: 'POST',
      headers: { cookie: reporter.header() },
      body: new URLSearchParams({ _csrf: csrf, position: '1', mark: 'right', reason: 'x' }),
    })
    expect(refused.status).toBe(403)
    expect((await get(f.app, admin, `/ui/attempts/${attemptId}`)).status).toBe(200)
    expect((await get(f.app, admin, '/ui/attempts/999')).status).toBe(404)
    // an organizer of 政府办, a unit beside 司法局: neither reads nor marks a 司法局 official's sheet
    const zfb = await logIn(f.app, (await addToken(f, 'organizer', 'ZFB', f.clock.now().toISOString())).token)
    const hidden = await get(f.app, zfb, `/ui/attempts/${attemptId}`)
    expect(hidden.status).toBe(404) // as a sheet that does not exist
    const hiddenPage = await hidden.text()
    expect(hiddenPage).toBe(await (await get(f.app, zfb, '/ui/attempts/999')).text())
    expect(hiddenPage).not.toContain('警告、罚款、没收违法所得')
    const intruded = await f.app.request(`/ui/attempts/${attemptId}/corrections`, {
      method: 'POST',
      headers: { cookie: zfb.header() },
      body: new URLSearchParams({
        _csrf: csrfOf(await (await get(f.app, zfb, '/ui/sessions')).text()),
        position: '3',
        mark: 'right',
        reason: '越权改判',
      }),
    })
    expect(intruded.status).toBe(404)
    expect(await intruded.text()).toContain('找不到这个页面或记录。')
    expect((await f.db.execute('SELECT count(*) AS n FROM answers WHERE revision > 0')).rows[0]!.n).toBe(0)
  })
})
