/** The mobile page behind personal links (CONTRACT §8) through the real app: every state, the checks, the same results as chat. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { revokeLinks } from '../../src/access/links.service.js'
import { answerCurrentQuestion } from '../../src/answering/answering.service.js'
import { answerInChat } from '../../src/answering/whole-quiz.service.js'
import { startOrResumeQuiz } from '../../src/answering/quiz-start.service.js'
import { startAppointmentExam } from '../../src/answering/exam-start.service.js'
import { closeOverdueAttempts } from '../../src/answering/attempt-expiry.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { collectLedger } from '../../src/reports/ledger.js'
import { silentLogger } from '../../src/log.js'
import { runXuefaHere } from '../helpers/cli.js'
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
import { rightReply, shownLetterOf, wrongReply } from './quiz-fixtures.js'

let f: PageFixture
beforeEach(async () => {
  f = await createPageFixture()
})
afterEach(() => f.cleanup())

const deps = () => ({ db: f.db, clock: f.clock, tz: TZ })
const get = (path: string) => Promise.resolve(f.app.request(path))
const postJson = (path: string, json: unknown) => f.post(path, JSON.stringify(json), { 'content-type': 'application/json' })
async function rows(sql: string, args: (string | number)[] = []) {
  return (await f.db.execute({ sql, args })).rows.map((r) => ({ ...r }))
}
const outbox = (officialId: string) =>
  rows('SELECT dedup_key, account, message_json FROM deliveries WHERE recipient = ? ORDER BY id', [`official:${officialId}`])

describe("a session's page", () => {
  it('shows the material and the quiz in the letters chat shows, and takes the whole quiz in one form', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const html = await res.text()
    expect(html).toContain('<h1>县政府常务会议会前学法</h1>')
    expect(html).toContain('2024-03-05 15:00')
    expect(html).toContain('行政复议机关履行行政复议职责')
    expect(html).toContain('&lt;b&gt;不是标签&lt;/b&gt;') // material text escaped
    expect(html).toContain('共4题，60分及格，请于3月6日 15:00前提交。')
    // the material first, then the quiz, with one link down to it
    expect(html.indexOf('行政复议机关履行行政复议职责')).toBeLessThan(html.indexOf('共4题'))
    expect(html).toContain('<a href="#quiz">')
    // the page showed the layout of attempt 1 without writing it; chat's attempt 1 has the same letters
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 0 }])
    const [, q1] = await startOrResumeQuiz(deps(), 'A001')
    for (const o of ['甲', '乙', '丙', '丁']) expect(letterOn(html, 1, o)).toBe(shownLetterOf(q1!, o))

    // one answer missing: nothing recorded, the form comes back with the choices kept
    const partial = rightForm(html)
    partial.delete('q4')
    const missing = await f.post(`${path}/quiz`, partial)
    expect(missing.status).toBe(422)
    const again = await missing.text()
    expect(again).toContain('还有题目未作答：第4题。')
    expect(again).toMatch(new RegExp(`name="q1" value="${letterOn(html, 1, '乙')}" required="" checked=""`))
    expect(await rows('SELECT count(*) AS n FROM answers')).toEqual([{ n: 0 }])

    const done = await f.post(`${path}/quiz`, rightForm(html))
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe(path)
    const result = await (await get(path)).text()
    expect(result).toContain('得分 100 分（60分及格）')
    // once answered, the result first and the material below it
    expect(result.indexOf('得分 100 分')).toBeLessThan(result.indexOf('行政复议机关履行行政复议职责'))
    expect(result).toContain('合格')
    expect(result).toContain('正确答案：')
    expect(result).toContain('解析：解析S01')
    expect(result).toContain('依据：《中华人民共和国行政复议法》第二十条')
    expect(await rows("SELECT attempt_no, state, score, passed FROM attempts WHERE official_id = 'A001'")).toEqual([
      { attempt_no: 1, state: 'finished', score: 100, passed: 1 },
    ])
    // the form sent twice: nothing more is recorded, the result is shown
    const twice = await f.post(`${path}/quiz`, rightForm(html))
    expect(twice.headers.get('location')).toBe(`${path}?stale=1`)
    expect(await rows('SELECT count(*) AS n FROM answers')).toEqual([{ n: 4 }])
    expect(await (await get(`${path}?stale=1`)).text()).toContain('这份答卷已经提交过')
    // no message: the page shows the result
    expect(await outbox('A001')).toEqual([])
  })

  it('records what chat records for the same answers, and the report and the ledger count both', async () => {
    // A002 answers in chat, one question at a time: wrong on the multiple (one option missing), the rest right
    const texts = await startOrResumeQuiz(deps(), 'A002')
    let question = texts[1]!
    for (let i = 1; i <= 4; i++) {
      const reply = i === 2 ? wrongReply(question) : rightReply(question)
      const said = (await answerCurrentQuestion(deps(), 'A002', reply))!
      question = said[1] ?? ''
    }
    // A003 answers the same on the page
    const path = f.path('A003', 'session', SESSION_ID)
    const html = await (await get(path)).text()
    const form = rightForm(html)
    form.delete('q2')
    for (const o of ['甲', '丙']) form.append('q2', letterOn(html, 2, o))
    expect((await f.post(`${path}/quiz`, form)).status).toBe(303)

    const attempts = await rows('SELECT official_id, state, score, passed FROM attempts ORDER BY official_id')
    expect(attempts).toEqual([
      { official_id: 'A002', state: 'finished', score: 75, passed: 1 },
      { official_id: 'A003', state: 'finished', score: 75, passed: 1 },
    ])
    const answers = await rows(
      'SELECT t.official_id, a.position, a.given, a.is_correct FROM answers a JOIN attempts t ON t.id = a.attempt_id ORDER BY a.position, t.official_id',
    )
    const of = (who: string) => answers.filter((a) => a.official_id === who).map(({ official_id: _, ...a }) => a)
    expect(of('A003')).toEqual(of('A002'))
    expect(await (await get(path)).text()).toContain('✗ 错误')

    // the session held, both present (as closing it would mark them)
    await f.db.batch([
      { sql: "UPDATE sessions SET status = 'held' WHERE id = ?", args: [SESSION_ID] },
      ...['A002', 'A003'].map((id) => ({
        sql: "INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES (?, ?, 'present', ?)",
        args: [SESSION_ID, id, f.clock.now().toISOString()],
      })),
    ])
    const report = await buildAnnualReport(f.db, { year: 2024, tz: TZ })
    expect(report.quizzes).toMatchObject({ completed: 2, averageScore: 75, passRate: 1 })
    const ledger = await collectLedger(f.db, { year: 2024, tz: TZ })
    const taken = ledger.sheets.find((s) => s.key === 'quizzes')!.rows.filter((r) => r[9] !== null)
    expect(taken.map((r) => [r[4], r[9]])).toEqual([
      ['A002', 75],
      ['A003', 75],
    ])
  })
})

describe("a session's quiz answered in chat and on the page at once", () => {
  /** the whole quiz in one chat message, numbered, right, from the page's letters (the notice's) */
  const wholeText = (html: string) =>
    [1, 2, 3, 4]
      .map((p) => {
        const v = p === 1 && !html.includes('name="q1"') ? letterOn(html, 1, '乙') : rightValue(html, p)
        return `${p}${v === 'T' ? '对' : v === 'F' ? '错' : v}`
      })
      .join(' ')
  /** the page's form with question 2 missing an option */
  const wrongForm = (html: string) => {
    const form = rightForm(html)
    form.delete('q2')
    for (const o of ['甲', '丙']) form.append('q2', letterOn(html, 2, o))
    return form
  }

  /** One attempt, finished, each position answered once, its score the grading of the answers that stand; counted once. */
  async function expectOneAttempt(officialId: string) {
    const attempts = await rows('SELECT id, state, score FROM attempts WHERE official_id = ?', [officialId])
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({ state: 'finished' })
    const answers = await rows('SELECT position, is_correct FROM answers WHERE attempt_id = ? ORDER BY position', [Number(attempts[0]!.id)])
    expect(answers.map((a) => a.position)).toEqual([1, 2, 3, 4])
    const right = answers.filter((a) => a.is_correct === 1).length
    expect(attempts[0]!.score).toBe(right * 25)
    await f.db.batch([
      { sql: "UPDATE sessions SET status = 'held' WHERE id = ?", args: [SESSION_ID] },
      {
        sql: "INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES (?, ?, 'present', ?)",
        args: [SESSION_ID, officialId, f.clock.now().toISOString()],
      },
    ])
    const report = await buildAnnualReport(f.db, { year: 2024, tz: TZ })
    expect(report.quizzes).toMatchObject({ completed: 1, averageScore: right * 25 })
    const ledger = await collectLedger(f.db, { year: 2024, tz: TZ })
    expect(ledger.sheets.find((s) => s.key === 'quizzes')!.rows.filter((r) => r[9] !== null)).toHaveLength(1)
  }

  it('the form and a whole-quiz chat message landing together, before any attempt: one of them stands, whole', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const html = await (await get(path)).text()
    const [page, chat] = await Promise.all([f.post(`${path}/quiz`, wrongForm(html)), answerInChat(deps(), 'A001', wholeText(html))])
    expect(page.status).toBe(303)
    await expectOneAttempt('A001')
    // the loser was told: the page with ?stale=1, or chat with the conflict
    const said = chat?.texts.join('\n') ?? ''
    expect(page.headers.get('location') === `${path}?stale=1` || said.includes('本条答案未记录')).toBe(true)
  })

  it('begun in chat one at a time, then the form and the rest in one chat message together', async () => {
    const [, q1] = await startOrResumeQuiz(deps(), 'A001')
    await answerCurrentQuestion(deps(), 'A001', rightReply(q1!))
    const path = f.path('A001', 'session', SESSION_ID)
    const html = (await (await get(path)).text()).replace(/id="q1"[\s\S]*?<\/fieldset>/, 'id="q1"><span>A. 乙<</span></fieldset>')
    const form = wrongForm(html)
    form.delete('q1')
    const rest = wholeText(html).split(' ').slice(1).join(' ') // 2… 3… 4…
    await Promise.all([f.post(`${path}/quiz`, form), answerInChat(deps(), 'A001', rest)])
    await expectOneAttempt('A001')
  })

  it('begun in chat one at a time, then the form and the next chat answer together', async () => {
    const [, q1] = await startOrResumeQuiz(deps(), 'A001')
    const [, q2] = (await answerCurrentQuestion(deps(), 'A001', rightReply(q1!)))!
    const path = f.path('A001', 'session', SESSION_ID)
    const html = await (await get(path)).text()
    const form = wrongForm(html.replace(/id="q1"[\s\S]*?<\/fieldset>/, 'id="q1"><span>A. 乙<</span></fieldset>'))
    form.delete('q1')
    await Promise.all([f.post(`${path}/quiz`, form), answerCurrentQuestion(deps(), 'A001', rightReply(q2!))])
    // the page lost when chat's answer to question 2 came first: the attempt stays open for chat to finish
    const [open] = await rows("SELECT count(*) AS n FROM attempts WHERE official_id = 'A001' AND state = 'open'")
    expect([0, 1]).toContain(open!.n) // either side may win the race; a count of another type would skip the check below
    if (open!.n === 1) {
      expect((await f.post(`${path}/quiz`, form)).status).toBe(303)
    }
    await expectOneAttempt('A001')
  })
})

describe("a session's page, other states", () => {
  it('offers a retake as the quiz allows, in the layout of the next attempt', async () => {
    await f.db.execute("UPDATE quizzes SET retakes = 'best'")
    const path = f.path('A001', 'session', SESSION_ID)
    const html = await (await get(path)).text()
    const wrong = rightForm(html)
    wrong.set('q3', 'F')
    await f.post(`${path}/quiz`, wrong)
    const result = await (await get(path)).text()
    expect(result).toContain('得分 75 分')
    expect(result).toContain('本测验允许重做，计最高成绩。')
    expect(result).toContain(`href="${path}?retake=1"`)
    const retake = await (await get(`${path}?retake=1`)).text()
    expect(retake).toContain('name="attempt_no" value="2"')
    expect(retake).toContain('上次得分 75 分。')
    // an attempt number that is not the one offered is refused (nothing written)
    expect((await f.post(`${path}/quiz`, rightForm(retake, 5))).headers.get('location')).toBe(`${path}?stale=1`)
    expect((await f.post(`${path}/quiz`, rightForm(retake, 2))).status).toBe(303)
    expect(await rows("SELECT attempt_no, score FROM attempts WHERE official_id = 'A001' ORDER BY attempt_no")).toEqual([
      { attempt_no: 1, score: 75 },
      { attempt_no: 2, score: 100 },
    ])
  })

  it('continues an attempt begun in chat: what was answered there is kept, the rest is asked', async () => {
    const [, q1] = await startOrResumeQuiz(deps(), 'A001')
    await answerCurrentQuestion(deps(), 'A001', rightReply(q1!))
    const path = f.path('A001', 'session', SESSION_ID)
    const html = await (await get(path)).text()
    expect(html).toContain('已在聊天中作答：')
    expect(html).not.toContain('name="q1"')
    const form = rightForm(html.replace(/id="q1"[\s\S]*?<\/fieldset>/, 'id="q1"><span>A. 乙<</span></fieldset>'))
    form.delete('q1')
    expect((await f.post(`${path}/quiz`, form)).status).toBe(303)
    expect(await rows("SELECT count(*) AS n, max(score) AS score FROM attempts WHERE official_id = 'A001'")).toEqual([{ n: 1, score: 100 }])
  })

  it('says a closed quiz is closed and still shows the material; an open attempt past the deadline is graded as chat grades it', async () => {
    const [, q1] = await startOrResumeQuiz(deps(), 'A001')
    await answerCurrentQuestion(deps(), 'A001', rightReply(q1!))
    f.clock.set('2024-03-06T08:00:00.000Z') // past the deadline (a day after the start)
    const a1 = await (await get(f.path('A001', 'session', SESSION_ID))).text()
    expect(a1).toContain('测验已截止，不能再作答。')
    expect(a1).toContain('得分 25 分')
    expect(a1).toContain('未作答')
    expect(await rows("SELECT state, score FROM attempts WHERE official_id = 'A001'")).toEqual([{ state: 'expired', score: 25 }])
    const path = f.path('A002', 'session', SESSION_ID)
    const a2 = await (await get(path)).text()
    expect(a2).toContain('测验已截止，不能再作答。')
    expect(a2).toContain('行政复议机关履行行政复议职责')
    expect(a2).not.toContain('<form')
    expect((await f.post(`${path}/quiz`, new URLSearchParams({ attempt_no: '1', q1: 'A' }))).headers.get('location')).toBe(
      `${path}?stale=1`,
    )
    expect(await rows("SELECT count(*) AS n FROM attempts WHERE official_id = 'A002'")).toEqual([{ n: 0 }])
  })

  it('says when the quiz opens, and that a cancelled session was cancelled', async () => {
    await f.db.execute({ sql: 'UPDATE quizzes SET opens_at = ?', args: ['2024-03-05T06:00:00.000Z'] })
    expect(await (await get(f.path('A001', 'session', SESSION_ID))).text()).toContain('测验将于3月5日 14:00开放')
    await f.db.execute("UPDATE sessions SET status = 'cancelled'")
    const html = await (await get(f.path('A001', 'session', SESSION_ID))).text()
    expect(html).toContain('本次活动已取消。')
    expect(html).not.toContain('<form')
  })
})

describe('the link itself', () => {
  it('is a plain 404 in Chinese when it is not ours or was altered', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    // a character of the signature changed (not the last: its low bits are padding)
    const at = path.length - 5
    const altered = `${path.slice(0, at)}${path[at] === 'A' ? 'B' : 'A'}${path.slice(at + 1)}`
    for (const p of [altered, '/m/nonsense', '/m/WyJBMDAxIiwicyJd.AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await get(p)
      expect(res.status).toBe(404)
      const html = await res.text()
      expect(html).toContain('链接无效或已损坏')
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
    expect((await f.post(`${altered}/quiz`, new URLSearchParams({ attempt_no: '1' }))).status).toBe(404)
    for (const p of ['/m/', `${path}/quiz`, `${path}/nothing`]) {
      const res = await get(p)
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('页面不存在')
    }
  })

  it('when expired or revoked says so and sends a new one on request, at most once in 10 minutes', async () => {
    const soon = new Date(f.clock.now().getTime() + 3600_000)
    const path = f.path('A001', 'session', SESSION_ID, soon)
    f.clock.advanceMinutes(61)
    const res = await get(path)
    expect(res.status).toBe(403)
    const html = await res.text()
    expect(html).toContain('这个个人链接已过期。')
    expect(html).toContain(`action="${path}/resend"`)
    expect(html).not.toContain('题目S01')

    const sent = await f.post(`${path}/resend`, '')
    expect(sent.headers.get('location')).toBe(`${path}?sent=sent`)
    expect(await (await get(`${path}?sent=sent`)).text()).toContain('新链接已发送')
    const [row] = await outbox('A001')
    expect(row!.account).toBe('default')
    const text = JSON.parse(String(row!.message_json)).message.text as string
    expect(text).toMatch(/^这是你新的个人学法链接（仅限本人使用，请勿转发）：\nhttps:\/\/xuefa\.example\.gov\.cn\/m\/\S+$/)
    const fresh = text.slice(text.indexOf('/m/'))
    expect((await get(fresh)).status).toBe(200)

    f.clock.advanceMinutes(5)
    expect((await f.post(`${path}/resend`, '')).headers.get('location')).toBe(`${path}?sent=too_soon`)
    expect(await (await get(`${path}?sent=too_soon`)).text()).toContain('刚刚已经发送过')
    expect(await outbox('A001')).toHaveLength(1)
    f.clock.advanceMinutes(6)
    expect((await f.post(`${path}/resend`, '')).headers.get('location')).toBe(`${path}?sent=sent`)
    expect(await outbox('A001')).toHaveLength(2)

    // revoked: every link issued up to now is refused, the new ones too
    await revokeLinks(f.db, 'A001', f.clock.now(), { actor: 'test' })
    const revoked = await get(fresh)
    expect(revoked.status).toBe(403)
    expect(await revoked.text()).toContain('这个个人链接已被管理员停用。')
    // an unbound person is told the link cannot be sent
    const b = f.path('B001', 'session', SESSION_ID, soon)
    expect((await f.post(`${b}/resend`, '')).headers.get('location')).toBe(`${b}?sent=unbound`)
    expect(await outbox('B001')).toEqual([])
  })

  it('is revoked from the command line for one person', async () => {
    const a1 = f.path('A001', 'session', SESSION_ID)
    const a2 = f.path('A002', 'session', SESSION_ID)
    f.clock.advance(2_000)
    const r = await runXuefaHere(['links', 'revoke', '--official', 'A001'], { ...f.env })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('已停用 张三（A001）此前收到的全部个人链接')
    expect(await (await get(a1)).text()).toContain('这个个人链接已被管理员停用。')
    expect((await get(a2)).status).toBe(200)
    expect((await runXuefaHere(['links', 'revoke', '--official', 'NOPE'], { ...f.env })).code).toBe(1)
  })

  it('refuses cross-site posts and never logs the token', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const html = await (await get(path)).text()
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
      const res = await f.post(`${path}/quiz`, rightForm(html), headers)
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('请求来源不正确')
    }
    const evil = await f.app.request(`${path}/quiz`, { method: 'POST', body: rightForm(html), headers: { origin: 'https://evil.example' } })
    expect(evil.status).toBe(403)
    const ours = await f.app.request(`http://xuefa.example.gov.cn${path}/quiz`, {
      method: 'POST',
      body: rightForm(html),
      headers: { origin: 'https://xuefa.example.gov.cn' },
    })
    expect(ours.status).toBe(303)
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 1 }])
    const token = path.slice('/m/'.length)
    const logged = f.logs.join('')
    expect(logged).toContain('/m/<token>/quiz')
    expect(logged).not.toContain(token)
  })
})

describe('an exam on the page', () => {
  async function assign(officialId = 'A001', opensAt = '2024-03-05 09:00') {
    const { token } = await createApiToken({ db: f.db, clock: f.clock }, { role: 'admin', unitCode: null }, { actor: 'test' })
    const res = await f.app.request('/api/v1/exams/appointment', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        officialId,
        proposedPost: '县司法局副局长',
        opensAt,
        minutes: 30,
        blueprint: { single: 2, multiple: 1, judge: 1 },
      }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: number }).id
  }
  const linkOf = (text: string) => text.slice(text.indexOf('/m/')).split('\n')[0]!
  const messages = async (officialId: string) =>
    (await outbox(officialId)).map((r) => ({ key: String(r.dedup_key), text: JSON.parse(String(r.message_json)).message.text as string }))

  it('runs the 任前 exam: the notice with the link, the timer, saves, a reload, time running out, the make-up, three messages in all', async () => {
    const examId = await assign()
    const [notice] = await messages('A001')
    expect(notice!.key).toBe(`exam.notice:${examId}`)
    expect(notice!.text).toContain(
      '你已被安排参加任前法律知识考试（拟任职务：县司法局副局长）：共4题，限时30分钟，60分及格，3月5日 09:00起可以开始。',
    )
    const path = linkOf(notice!.text)
    expect(notice!.text).toContain(`https://xuefa.example.gov.cn${path}`)

    expect(await (await get(path)).text()).toContain('考试将于3月5日 09:00开放')
    f.clock.set('2024-03-05T01:30:00.000Z')
    const intro = await (await get(path)).text()
    expect(intro).toContain('<h1>任前法律知识考试</h1>')
    expect(intro).toContain('拟任职务：县司法局副局长')
    expect(intro).toContain('共4题，限时30分钟，60分及格。')
    expect(intro).toContain(`action="${path}/start"`)
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 0 }]) // reading the intro starts nothing

    expect((await f.post(`${path}/start`, await startForm(f.app, `${path}`))).status).toBe(303)
    expect((await f.post(`${path}/start`, await startForm(f.app, `${path}`))).status).toBe(303) // a second click starts nothing more
    const [attempt] = await rows('SELECT id, attempt_no, ends_at FROM attempts')
    expect(attempt).toMatchObject({ attempt_no: 1, ends_at: '2024-03-05T02:00:00.000Z' })
    const running = await (await get(path)).text()
    expect(running).toMatch(/剩余时间：<span id="left" data-seconds="1800">约 30 分钟<\/span>（3月5日 10:00 截止）/)
    expect(running).toContain('data-seconds="1800"')
    expect(running).toContain(`data-attempt="${attempt!.id}"`)
    expect(running).toMatch(/<script nonce="[^"]+">/)
    expect(questionCount(running)).toBe(4)

    // the script's save (JSON), then a reload: the answer is there
    const saved = await postJson(`${path}/answer`, { attempt: attempt!.id, position: 1, value: rightValue(running, 1) })
    expect(await saved.json()).toEqual({ ok: true, remainingSeconds: 1800 })
    // changed before handing in: the latest choice counts, one row
    const wrong1 = rightValue(running, 1) === 'A' ? 'B' : 'A'
    await postJson(`${path}/answer`, { attempt: attempt!.id, position: 1, value: wrong1 })
    await postJson(`${path}/answer`, { attempt: attempt!.id, position: 1, value: rightValue(running, 1) })
    expect(await rows('SELECT count(*) AS n FROM answers')).toEqual([{ n: 1 }])
    // every box of the multiple ticked, then all unticked: the answer is taken back
    await postJson(`${path}/answer`, { attempt: attempt!.id, position: 3, value: rightValue(running, 3) })
    expect(await rows('SELECT count(*) AS n FROM answers')).toEqual([{ n: 2 }])
    expect(await (await postJson(`${path}/answer`, { attempt: attempt!.id, position: 3, value: '' })).json()).toMatchObject({ ok: true })
    expect(await rows('SELECT position FROM answers')).toEqual([{ position: 1 }])
    f.clock.advanceMinutes(10)
    const reloaded = await (await get(path)).text()
    expect(reloaded).toContain('>约 20 分钟<')
    expect(reloaded).toContain(`name="q1" value="${rightValue(running, 1)}" checked=""`)
    // without script: the save button
    const form = new URLSearchParams({ attempt: String(attempt!.id), action: 'save', q2: rightValue(running, 2) })
    const noJs = await f.post(`${path}/save`, form)
    expect(noJs.headers.get('location')).toBe(`${path}?saved=1`)
    expect(await (await get(`${path}?saved=1`)).text()).toContain('已保存 1 题的答案。')

    // time runs out (the server's clock): the next look closes the sitting, unanswered count wrong
    f.clock.advanceMinutes(21)
    const late = await postJson(`${path}/answer`, { attempt: attempt!.id, position: 3, value: 'T' })
    expect(await late.json()).toEqual({ ok: false, closed: true })
    const makeup = await (await get(path)).text()
    expect(makeup).toContain('首次考试')
    expect(makeup).toContain('50 分，未通过（已答2/4题，考试时间已到）')
    expect(makeup).toContain('首次考试未通过，按规定可补考一次（重新抽题）。')
    expect(makeup).toContain('开始补考')
    expect(await rows('SELECT attempt, score, passed, source FROM exam_results')).toEqual([
      { attempt: 1, score: 50, passed: 0, source: 'chat' },
    ])
    expect(await rows('SELECT state FROM exams')).toEqual([{ state: 'makeup_assigned' }])
    // the scheduler's sweep finds nothing left to close or to say
    expect(await closeOverdueAttempts({ db: f.db, clock: f.clock, tz: TZ, logger: silentLogger })).toBe(0)
    const afterFirst = await messages('A001')
    expect(afterFirst).toHaveLength(2)
    expect(afterFirst[1]!.key).toBe(`attempt.result:${attempt!.id}`)
    expect(afterFirst[1]!.text).toContain('考试时间已到：共4题，已答2题，未作答的题目记0分。')
    expect(afterFirst[1]!.text).toContain('任前法律知识考试成绩：50 分（60分及格），未通过。')
    expect(afterFirst[1]!.text).toContain('补考也可以打开个人考试链接进行：\nhttps://xuefa.example.gov.cn/m/')

    // the make-up a little later: fresh questions, all right, handed in
    f.clock.advanceMinutes(5)
    await f.post(`${path}/start`, await startForm(f.app, `${path}`))
    const second = await (await get(path)).text()
    expect(second).toContain('【补考】任前法律知识考试')
    const [, makeupAttempt] = await rows('SELECT id, attempt_no FROM attempts ORDER BY attempt_no')
    expect(makeupAttempt).toMatchObject({ attempt_no: 2 })
    const all = new URLSearchParams({ attempt: String(makeupAttempt!.id), action: 'handin' })
    for (let p = 1; p <= questionCount(second); p++) all.set(`q${p}`, rightValue(second, p))
    const handedIn = await f.post(`${path}/save`, all)
    expect(handedIn.headers.get('location')).toBe(path)
    const done = await (await get(path)).text()
    expect(done).toContain('你已通过本次考试。')
    expect(done).toContain('100 分，通过（已答4/4题）')
    expect(await rows('SELECT attempt, score, passed, outcome FROM exam_results ORDER BY attempt')).toEqual([
      { attempt: 1, score: 50, passed: 0, outcome: null },
      { attempt: 2, score: 100, passed: 1, outcome: 'passed' },
    ])
    const all3 = await messages('A001')
    expect(all3).toHaveLength(3) // the notice and one result per sitting
    expect(all3[2]!.text).toBe('任前法律知识考试成绩：100 分（60分及格），通过。')
    // a save after the end changes nothing
    expect((await f.post(`${path}/save`, all)).headers.get('location')).toBe(path)
    expect(await rows('SELECT count(*) AS n FROM exam_results')).toEqual([{ n: 2 }])

    const report = await buildAnnualReport(f.db, { year: 2024, tz: TZ })
    expect(report.exams.appointment).toMatchObject({ candidates: 1, tested: 1, passed: 1, makeups: 1 })
  })

  it('gives the same rows and figures as chat: a failed first sitting and a passed make-up, on the page and in chat', async () => {
    await assign('A001')
    await assign('A002')
    f.clock.set('2024-03-05T01:30:00.000Z')
    // A001 on the page: every answer wrong, then the make-up all right
    const path = linkOf((await messages('A001'))[0]!.text)
    for (const right of [false, true]) {
      f.clock.advanceMinutes(1)
      await f.post(`${path}/start`, await startForm(f.app, path))
      const running = await (await get(path)).text()
      const attempt = /name="attempt" value="(\d+)"/.exec(running)![1]!
      const form = new URLSearchParams({ attempt, action: 'handin' })
      for (let p = 1; p <= questionCount(running); p++) {
        const v = rightValue(running, p)
        form.set(`q${p}`, right ? v : v === 'T' ? 'F' : v === 'F' ? 'T' : v === 'A' ? 'B' : 'A')
      }
      await f.post(`${path}/save`, form)
    }
    // A002 in chat, one question at a time, the same
    for (const right of [false, true]) {
      f.clock.advanceMinutes(1)
      let question = (await startAppointmentExam(deps(), 'A002')).at(-1)!
      for (let p = 1; p <= 4; p++) {
        const said = (await answerCurrentQuestion(deps(), 'A002', right ? rightReply(question) : wrongReply(question)))!
        question = said.at(-1)!
      }
    }
    const results = await rows(
      'SELECT official_id, exam_kind, score, passed, attempt, proposed_post, outcome, source FROM exam_results ORDER BY attempt, official_id',
    )
    const of = (who: string) => results.filter((r) => r.official_id === who).map(({ official_id: _, ...r }) => r)
    expect(of('A001')).toEqual([
      { exam_kind: 'appointment', score: 0, passed: 0, attempt: 1, proposed_post: '县司法局副局长', outcome: null, source: 'chat' },
      { exam_kind: 'appointment', score: 100, passed: 1, attempt: 2, proposed_post: '县司法局副局长', outcome: 'passed', source: 'chat' },
    ])
    expect(of('A002')).toEqual(of('A001'))
    expect(await rows("SELECT official_id, state, outcome FROM exams WHERE kind = 'appointment' ORDER BY official_id")).toEqual([
      { official_id: 'A001', state: 'passed', outcome: 'passed' },
      { official_id: 'A002', state: 'passed', outcome: 'passed' },
    ])
    const report = await buildAnnualReport(f.db, { year: 2024, tz: TZ })
    expect(report.exams.appointment).toMatchObject({ candidates: 2, tested: 2, passed: 2, makeups: 2 })
    const candidates = (await collectLedger(f.db, { year: 2024, tz: TZ })).sheets.find((s) => s.key === 'candidates')!.rows
    expect(candidates.map((r) => r.slice(3))).toEqual([
      [2, '是', 1, '通过'],
      [2, '是', 1, '通过'],
    ])
  })

  it("refuses another person's token, a tampered attempt id and another exam's attempt", async () => {
    const examId = await assign('A001', '2024-03-05 08:00')
    const path = f.path('A001', 'exam', String(examId))
    await f.post(`${path}/start`, await startForm(f.app, `${path}`))
    const [attempt] = await rows('SELECT id FROM attempts')
    // A002's own link to A001's exam opens nothing, and cannot write into A001's attempt
    const other = f.path('A002', 'exam', String(examId))
    expect((await get(other)).status).toBe(404)
    expect((await f.post(`${other}/start`, await startForm(f.app, `${other}`))).status).toBe(303)
    expect((await postJson(`${other}/answer`, { attempt: attempt!.id, position: 1, value: 'A' })).status).toBe(403)
    const refused = await f.post(`${other}/save`, new URLSearchParams({ attempt: String(attempt!.id), action: 'handin', q1: 'A' }))
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('提交的内容与此链接不符，未被记录。')
    // A001's own link with an attempt id that is not this exam's (A002's quiz in chat, and one that does not exist)
    await startOrResumeQuiz(deps(), 'A002')
    const [, chatAttempt] = await rows('SELECT id FROM attempts ORDER BY id')
    for (const id of [chatAttempt!.id, Number(attempt!.id) + 100]) {
      expect((await postJson(`${path}/answer`, { attempt: id, position: 1, value: 'A' })).status).toBe(403)
    }
    // a session link cannot post to an exam's endpoints
    const session = f.path('A001', 'session', SESSION_ID)
    expect((await postJson(`${session}/answer`, { attempt: attempt!.id, position: 1, value: 'A' })).status).toBe(403)
    expect((await f.post(`${session}/save`, new URLSearchParams({ attempt: String(attempt!.id), q1: 'A' }))).status).toBe(403)
    expect(await rows('SELECT count(*) AS n FROM answers')).toEqual([{ n: 0 }])
  })

  it('sends no result message when chat closes the sitting (chat replies itself), and one when the scheduler does', async () => {
    const examId = await assign('A001', '2024-03-05 08:00')
    const path = f.path('A001', 'exam', String(examId))
    await f.post(`${path}/start`, await startForm(f.app, `${path}`))
    // the candidate carries on in chat, where the same attempt is the current one
    let [, question] = await startAppointmentExam(deps(), 'A001')
    for (let i = 0; i < 4; i++) question = (await answerCurrentQuestion(deps(), 'A001', rightReply(question!)))![1]
    expect(await (await get(path)).text()).toContain('你已通过本次考试。')
    expect((await messages('A001')).map((m) => m.key)).toEqual([`exam.notice:${examId}`])

    // A003's sitting started on the page and left: the scheduler grades it and says it once
    const e3 = await assign('A003', '2024-03-05 08:00')
    const p3 = f.path('A003', 'exam', String(e3))
    await f.post(`${p3}/start`, await startForm(f.app, `${p3}`))
    f.clock.advanceMinutes(31)
    expect(await closeOverdueAttempts({ db: f.db, clock: f.clock, tz: TZ, logger: silentLogger })).toBe(1)
    expect(await (await get(p3)).text()).toContain('开始补考')
    expect((await messages('A003')).map((m) => m.key.replace(/\d+$/, '#'))).toEqual(['exam.notice:#', 'attempt.expired:#'])
  })

  it('takes its title from the exam kind', async () => {
    const examId = await assign('A001', '2024-03-05 08:00')
    // another kind run by the same rules (the 年度学法考试 has its own: tests/integration/annual-page.test.ts)
    await f.db.execute("UPDATE exams SET kind = 'enforcement_cert', proposed_post = NULL")
    const html = await (await get(f.path('A001', 'exam', String(examId)))).text()
    expect(html).toContain('<h1>行政执法资格考试</h1>')
    expect(html).not.toContain('任前')
  })
})
