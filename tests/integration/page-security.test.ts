/** The mobile page under attack (issue 16's review): mistyped links, hostile bodies, odd query values. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { answerCurrentQuestion } from '../../src/answering/answering.service.js'
import { startAppointmentExam } from '../../src/answering/exam-start.service.js'
import { answerInChat } from '../../src/answering/whole-quiz.service.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import {
  createPageFixture,
  letterOn,
  questionCount,
  rightForm,
  rightValue,
  SESSION_ID,
  TZ,
  type PageFixture,
  startForm,
} from '../helpers/page.js'
import { rightReply } from './quiz-fixtures.js'

let f: PageFixture
beforeEach(async () => {
  f = await createPageFixture()
})
afterEach(() => f.cleanup())

const deps = () => ({ db: f.db, clock: f.clock, tz: TZ })
const rows = async (sql: string) => (await f.db.execute(sql)).rows.map((r) => ({ ...r }))

describe('the personal link in the access log', () => {
  it('is left out of paths that reach no page too (a doubled slash, a capital M, pasted after another path)', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const token = path.slice('/m/'.length)
    for (const p of [`/m//${token}`, `//m/${token}`, `/M/${token}`, `/m/${token}/x/y`]) {
      expect((await f.app.request(p)).status).toBe(404)
    }
    expect((await f.app.request(`/api/v1/m/${token}`)).status).toBe(401)
    expect((await f.app.request(`/ui/m/${token}`)).status).toBe(303) // the dashboard's login
    const logged = f.logs.join('')
    expect(logged).toContain('"path":"//m/<token>"')
    expect(logged).not.toContain(token)
  })
})

describe('a hostile body', () => {
  it('larger than a page ever sends is refused before it is parsed, the form and the script save alike', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const form = `attempt_no=1&${'q1=A&'.repeat(60_000)}`
    const res = await f.post(`${path}/quiz`, form, { 'content-type': 'application/x-www-form-urlencoded' })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('提交的内容过长，未被记录。')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const json = await f.post(`${path}/answer`, JSON.stringify({ attempt: 1, position: 1, value: 'A'.repeat(300_000) }), {
      'content-type': 'application/json',
    })
    expect(json.status).toBe(413)
    expect((await f.db.execute('SELECT count(*) AS n FROM attempts')).rows[0]!.n).toBe(0)
  })
})

describe('the offer of a new link', () => {
  it('sends at most 3 a day to one person, so a leaked link cannot spend the account’s daily cap', async () => {
    const soon = new Date(f.clock.now().getTime() + 3600_000)
    const path = f.path('A001', 'session', SESSION_ID, soon)
    f.clock.advanceMinutes(61)
    const resend = async () => (await f.post(`${path}/resend`, '')).headers.get('location')
    for (let i = 0; i < 3; i++) {
      expect(await resend()).toBe(`${path}?sent=sent`)
      f.clock.advanceMinutes(11)
    }
    expect(await resend()).toBe(`${path}?sent=day_limit`)
    expect(await (await f.app.request(`${path}?sent=day_limit`)).text()).toContain('今天已经发送过3次新链接')
    const planned = async () =>
      (await f.db.execute({ sql: 'SELECT count(*) AS n FROM deliveries WHERE recipient = ?', args: ['official:A001'] })).rows[0]!.n
    expect(await planned()).toBe(3)
    f.clock.advanceMinutes(24 * 60 - 22)
    expect(await resend()).toBe(`${path}?sent=sent`)
    expect(await planned()).toBe(4)
  })
})

describe('odd query values', () => {
  it('a `sent` naming a property every object has shows no notice', async () => {
    const soon = new Date(f.clock.now().getTime() + 3600_000)
    const path = f.path('A001', 'session', SESSION_ID, soon)
    f.clock.advanceMinutes(61)
    for (const sent of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const html = await (await f.app.request(`${path}?sent=${sent}`)).text()
      expect(html).toContain('这个个人链接已过期。')
      expect(html).not.toContain('class="alert"')
    }
  })
})

describe('the server keeps the time and closes once', () => {
  async function startExam(): Promise<{ path: string; attempt: { id: number; endsAt: string }; html: string }> {
    const { token } = await createApiToken({ db: f.db, clock: f.clock }, { role: 'admin', unitCode: null }, { actor: 'test' })
    const res = await f.app.request('/api/v1/exams/appointment', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        officialId: 'A001',
        proposedPost: '县司法局副局长',
        opensAt: '2024-03-05 08:00',
        minutes: 30,
        blueprint: { single: 2, multiple: 1, judge: 1 },
      }),
    })
    const examId = ((await res.json()) as { id: number }).id
    const path = f.path('A001', 'exam', String(examId))
    await f.post(`${path}/start`, await startForm(f.app, `${path}`))
    const [a] = await rows('SELECT id, ends_at FROM attempts')
    return { path, attempt: { id: Number(a!.id), endsAt: String(a!.ends_at) }, html: await (await f.app.request(path)).text() }
  }
  const allRight = (html: string, attemptId: number) => {
    const form = new URLSearchParams({ attempt: String(attemptId), action: 'handin' })
    for (let p = 1; p <= questionCount(html); p++) form.set(`q${p}`, rightValue(html, p))
    return form
  }

  it('a start sent again after its sitting (a replay, an old tab) does not begin the make-up', async () => {
    const { path, attempt } = await startExam()
    const firstButton = new URLSearchParams({ sitting: '1' })
    f.clock.set(attempt.endsAt)
    f.clock.advance(1000)
    await f.app.request(path) // the page closes the sitting whose time ran out: failed, the make-up offered
    expect(await rows('SELECT attempt_no, state FROM attempts')).toEqual([{ attempt_no: 1, state: 'expired' }])
    await f.post(`${path}/start`, firstButton)
    await f.post(`${path}/start`, new URLSearchParams())
    expect(await rows('SELECT attempt_no, state FROM attempts')).toEqual([{ attempt_no: 1, state: 'expired' }])
    // the make-up's own button starts it
    expect((await startForm(f.app, path)).get('sitting')).toBe('2')
    await f.post(`${path}/start`, await startForm(f.app, path))
    expect(await rows('SELECT attempt_no, state FROM attempts ORDER BY attempt_no')).toEqual([
      { attempt_no: 1, state: 'expired' },
      { attempt_no: 2, state: 'open' },
    ])
  })

  it('a hand-in one second after the sitting ends records nothing: the sitting closes as run out', async () => {
    const { path, attempt, html } = await startExam()
    f.clock.set(attempt.endsAt)
    f.clock.advance(1000)
    expect(
      (await f.post(`${path}/save`, allRight(html, attempt.id).toString(), { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(303)
    expect(await rows('SELECT state, score FROM attempts')).toEqual([{ state: 'expired', score: 0 }])
    expect(await rows('SELECT count(*) AS n FROM answers')).toEqual([{ n: 0 }])
    expect(await rows('SELECT attempt, score FROM exam_results')).toEqual([{ attempt: 1, score: 0 }])
  })

  it('handed in on the page twice while chat answers the last question: one close, one exam result, no message', async () => {
    const { path, attempt, html } = await startExam()
    let [, question] = await startAppointmentExam(deps(), 'A001')
    for (let i = 0; i < 3; i++) question = (await answerCurrentQuestion(deps(), 'A001', rightReply(question!)))![1]
    const form = allRight(html, attempt.id).toString()
    const type = { 'content-type': 'application/x-www-form-urlencoded' }
    await Promise.all([
      f.post(`${path}/save`, form, type),
      answerCurrentQuestion(deps(), 'A001', rightReply(question!)),
      f.post(`${path}/save`, form, type),
    ])
    expect(await rows('SELECT state, score FROM attempts')).toEqual([{ state: 'finished', score: 100 }])
    expect(await rows('SELECT attempt, score FROM exam_results')).toEqual([{ attempt: 1, score: 100 }])
    expect((await rows('SELECT dedup_key FROM deliveries')).map((r) => String(r.dedup_key).replace(/\d+$/, '#'))).toEqual(['exam.notice:#'])
  })

  it("a session's quiz sent twice from the page and twice in chat at once: one attempt, one answer per question", async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const html = await (await f.app.request(path)).text()
    const multiple = ['甲', '丙', '丁']
      .map((o) => letterOn(html, 2, o))
      .sort()
      .join('')
    const text = `1${letterOn(html, 1, '乙')} 2${multiple} 3对 4错`
    const form = rightForm(html).toString()
    const type = { 'content-type': 'application/x-www-form-urlencoded' }
    await Promise.all([
      f.post(`${path}/quiz`, form, type),
      answerInChat(deps(), 'A001', text),
      f.post(`${path}/quiz`, form, type),
      answerInChat(deps(), 'A001', text),
    ])
    expect(await rows('SELECT attempt_no, state, score FROM attempts')).toEqual([{ attempt_no: 1, state: 'finished', score: 100 }])
    expect(await rows('SELECT position, count(*) AS n FROM answers GROUP BY position')).toEqual(
      [1, 2, 3, 4].map((position) => ({ position, n: 1 })),
    )
  })
})
