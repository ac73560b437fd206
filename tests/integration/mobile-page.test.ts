/** The mobile page behind personal links (CONTRACT §8) through the real app: every state, the checks, the same results as chat. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { revokeLinks } from '../../src/access/links.service.js'
import { answerCurrentQuestion } from '../../src/answering/answering.service.js'
import { startOrResumeQuiz } from '../../src/answering/quiz-start.service.js'
import { startAppointmentExam } from '../../src/answering/exam-start.service.js'
import { closeOverdueAttempts } from '../../src/answering/attempt-expiry.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { collectLedger } from '../../src/reports/ledger.js'
import { silentLogger } from '../../src/log.js'
import { createPageFixture, letterOn, rightForm, SESSION_ID, TZ, type PageFixture } from '../helpers/page.js'
import { rightReply, shownLetterOf, wrongReply } from './quiz-fixtures.js'

let f: PageFixture
beforeEach(async () => {
  f = await createPageFixture()
})
afterEach(() => f.cleanup())

const deps = () => ({ db: f.db, clock: f.clock, tz: TZ })
const get = (path: string) => Promise.resolve(f.app.request(path))
const post = (path: string, body: URLSearchParams | string, headers: Record<string, string> = {}) =>
  Promise.resolve(f.app.request(path, { method: 'POST', body, headers: { 'sec-fetch-site': 'same-origin', ...headers } }))
const postJson = (path: string, json: unknown) =>
  post(path, JSON.stringify(json), { 'content-type': 'application/json' })
async function rows(sql: string, args: (string | number)[] = []) {
  return (await f.db.execute({ sql, args })).rows.map((r) => ({ ...r }))
}
const outbox = (officialId: string) =>
  rows("SELECT dedup_key, account, message_json FROM deliveries WHERE recipient = ? ORDER BY id", [`official:${officialId}`])

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
    // the page showed the layout of attempt 1 without writing it; chat's attempt 1 has the same letters
    expect(await rows('SELECT count(*) AS n FROM attempts')).toEqual([{ n: 0 }])
    const [, q1] = await startOrResumeQuiz(deps(), 'A001')
    for (const o of ['甲', '乙', '丙', '丁']) expect(letterOn(html, 1, o)).toBe(shownLetterOf(q1!, o))

    // one answer missing: nothing recorded, the form comes back with the choices kept
    const partial = rightForm(html)
    partial.delete('q4')
    const missing = await post(`${path}/quiz`, partial)
    expect(missing.status).toBe(422)
    const again = await missing.text()
    expect(again).toContain('还有题目未作答：第4题。')
    expect(again).toMatch(new RegExp(`name="q1" value="${letterOn(html, 1, '乙')}" required="" checked=""`))
    expect(await rows('SELECT count(*) AS n FROM answers')).toEqual([{ n: 0 }])

    const done = await post(`${path}/quiz`, rightForm(html))
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe(path)
    const result = await (await get(path)).text()
    expect(result).toContain('得分 100 分（60分及格）')
    expect(result).toContain('合格')
    expect(result).toContain('正确答案：')
    expect(result).toContain('解析：解析S01')
    expect(result).toContain('依据：《中华人民共和国行政复议法》第二十条')
    expect(await rows("SELECT attempt_no, state, score, passed FROM attempts WHERE official_id = 'A001'")).toEqual([
      { attempt_no: 1, state: 'finished', score: 100, passed: 1 },
    ])
    // the form sent twice: nothing more is recorded, the result is shown
    const twice = await post(`${path}/quiz`, rightForm(html))
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
    expect((await post(`${path}/quiz`, form)).status).toBe(303)

    const attempts = await rows('SELECT official_id, state, score, passed FROM attempts ORDER BY official_id')
    expect(attempts).toEqual([
      { official_id: 'A002', state: 'finished', score: 75, passed: 1 },
      { official_id: 'A003', state: 'finished', score: 75, passed: 1 },
    ])
    const answers = await rows('SELECT t.official_id, a.position, a.given, a.is_correct FROM answers a JOIN attempts t ON t.id = a.attempt_id ORDER BY a.position, t.official_id')
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

describe("a session's page, other states", () => {
  it('offers a retake as the quiz allows, in the layout of the next attempt', async () => {
    await f.db.execute("UPDATE quizzes SET retakes = 'best'")
    const path = f.path('A001', 'session', SESSION_ID)
    const html = await (await get(path)).text()
    const wrong = rightForm(html)
    wrong.set('q3', 'F')
    await post(`${path}/quiz`, wrong)
    const result = await (await get(path)).text()
    expect(result).toContain('得分 75 分')
    expect(result).toContain('本测验允许重做，计最高成绩。')
    expect(result).toContain(`href="${path}?retake=1"`)
    const retake = await (await get(`${path}?retake=1`)).text()
    expect(retake).toContain('name="attempt_no" value="2"')
    expect(retake).toContain('上次得分 75 分。')
    // an attempt number that is not the one offered is refused (nothing written)
    expect((await post(`${path}/quiz`, rightForm(retake, 5))).headers.get('location')).toBe(`${path}?stale=1`)
    expect((await post(`${path}/quiz`, rightForm(retake, 2))).status).toBe(303)
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
    expect((await post(`${path}/quiz`, form)).status).toBe(303)
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
    expect((await post(`${path}/quiz`, new URLSearchParams({ attempt_no: '1', q1: 'A' }))).headers.get('location')).toBe(`${path}?stale=1`)
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
    expect((await post(`${altered}/quiz`, new URLSearchParams({ attempt_no: '1' }))).status).toBe(404)
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

    const sent = await post(`${path}/resend`, '')
    expect(sent.headers.get('location')).toBe(`${path}?sent=sent`)
    expect(await (await get(`${path}?sent=sent`)).text()).toContain('新链接已发送')
    const [row] = await outbox('A001')
    expect(row!.account).toBe('default')
    const text = JSON.parse(String(row!.message_json)).message.text as string
    expect(text).toMatch(/^这是你新的个人学法链接（仅限本人使用，请勿转发）：\nhttps:\/\/xuefa\.example\.gov\.cn\/m\/\S+$/)
    const fresh = text.slice(text.indexOf('/m/'))
    expect((await get(fresh)).status).toBe(200)

    f.clock.advanceMinutes(5)
    expect((await post(`${path}/resend`, '')).headers.get('location')).toBe(`${path}?sent=too_soon`)
    expect(await (await get(`${path}?sent=too_soon`)).text()).toContain('刚刚已经发送过')
    expect(await outbox('A001')).toHaveLength(1)
    f.clock.advanceMinutes(6)
    expect((await post(`${path}/resend`, '')).headers.get('location')).toBe(`${path}?sent=sent`)
    expect(await outbox('A001')).toHaveLength(2)

    // revoked: every link issued up to now is refused, the new ones too
    await revokeLinks(f.db, 'A001', f.clock.now(), { actor: 'test' })
    const revoked = await get(fresh)
    expect(revoked.status).toBe(403)
    expect(await revoked.text()).toContain('这个个人链接已被管理员停用。')
    // an unbound person is told the link cannot be sent
    const b = f.path('B001', 'session', SESSION_ID, soon)
    expect((await post(`${b}/resend`, '')).headers.get('location')).toBe(`${b}?sent=unbound`)
    expect(await outbox('B001')).toEqual([])
  })

  it('refuses cross-site posts and never logs the token', async () => {
    const path = f.path('A001', 'session', SESSION_ID)
    const html = await (await get(path)).text()
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
      const res = await post(`${path}/quiz`, rightForm(html), headers)
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
