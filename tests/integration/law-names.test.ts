/**
 * One law, one title (src/laws.ts), through every way a law comes in: the API, the CSV imports, the meetings feed,
 * the question bank, quiz drawing, titles stored before the rule, and the report's law list.
 * (Chat 安排学法: chat-organizer.test.ts; the dashboard's form: ui-laws.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runMigrations } from '../../src/storage/migrate.js'
import { createApiHarness, seedSession, signedHeaders, type ApiHarness } from '../helpers/api.js'

let h: ApiHarness
let admin: { token: string }
beforeEach(async () => {
  h = await createApiHarness()
  admin = await h.token('admin')
})
afterEach(() => h.cleanup())

const csv = (...lines: string[]) => `${lines.join('\n')}\n`
const upload = (kind: string, body: string) =>
  h.request(`/api/v1/import/${kind}`, { method: 'POST', token: admin.token, headers: { 'content-type': 'text/csv' }, body })
const lawsOf = async (sessionId: string) =>
  (await h.db.execute({ sql: 'SELECT law_title FROM session_laws WHERE session_id = ? ORDER BY position', args: [sessionId] })).rows.map(
    (r) => r.law_title,
  )

/** Questions of 行政复议法 and 行政处罚法 (written short and with 《》 in the file), and of 宪法. */
async function importBank(): Promise<void> {
  const rows = [
    ...[1, 2, 3].map((i) => `FY-${i},判断,复议题${i},,,,,对,,《行政复议法》,第${i}条,`),
    ...[1, 2, 3].map((i) => `CF-${i},判断,处罚题${i},,,,,对,,行政处罚法,第${i}条,`),
    ...[1, 2, 3].map((i) => `XF-${i},判断,宪法题${i},,,,,对,,《中华人民共和国宪法》,第${i}条,`),
  ]
  const res = await upload(
    'questions',
    csv('id,type,stem,option_a,option_b,option_c,option_d,answer,explanation,law,article,tags', ...rows),
  )
  expect(res.status).toBe(200)
}

const session = {
  kind: 'pre_meeting',
  title: '会前学法',
  startsAt: '2024-03-05 09:00',
  unitCode: 'PL',
}

describe('law names', () => {
  it('stores the bank’s questions under the full title, whatever the file wrote', async () => {
    await importBank()
    const rs = await h.db.execute('SELECT DISTINCT law_title FROM questions ORDER BY law_title')
    expect(rs.rows.map((r) => r.law_title)).toEqual(['中华人民共和国宪法', '中华人民共和国行政处罚法', '中华人民共和国行政复议法'])
  })

  it('API: short, full and 《》 names are one law each, and the quiz is drawn from the session’s laws only', async () => {
    await importBank()
    const res = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: admin.token,
      json: { ...session, laws: ['行政复议法', '《中华人民共和国行政复议法》', '《行政处罚法》'], quiz: { draw: { count: 6 } } },
    })
    expect(res.status).toBe(201)
    const s = (await res.json()) as { id: string; laws: string[] }
    expect(s.laws).toEqual(['中华人民共和国行政复议法', '中华人民共和国行政处罚法'])
    const drawn = await h.db.execute({
      sql: 'SELECT q.law_title FROM quiz_questions qq JOIN quizzes z ON z.id = qq.quiz_id JOIN questions q ON q.id = qq.question_id WHERE z.session_id = ?',
      args: [s.id],
    })
    expect(drawn.rows).toHaveLength(6)
    expect(new Set(drawn.rows.map((r) => r.law_title))).toEqual(new Set(['中华人民共和国行政复议法', '中华人民共和国行政处罚法']))
  })

  it('API: a quiz for a law without questions is refused, in Chinese, naming the laws that have them; nothing is written', async () => {
    await importBank()
    const res = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: admin.token,
      json: { ...session, laws: ['安全生产法'], quiz: { draw: { count: 5 } } },
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { code: string; issues: { path: string[]; message: string; lawsWithQuestions: string[] }[] }
    expect(body.code).toBe('INVALID_INPUT')
    expect(body.issues[0]).toEqual({
      path: ['quiz', 'draw', 'laws'],
      message:
        '题库中没有《中华人民共和国安全生产法》的题目，无法附上会前测试。题库中有题目的法律法规：《中华人民共和国宪法》、《中华人民共和国行政处罚法》、《中华人民共和国行政复议法》。',
      lawsWithQuestions: ['中华人民共和国宪法', '中华人民共和国行政处罚法', '中华人民共和国行政复议法'],
    })
    expect((await h.db.execute("SELECT count(*) AS n FROM sessions WHERE title = '会前学法'")).rows[0]?.n).toBe(0)
  })

  it('API: a draw asked by short name matches the bank', async () => {
    await importBank()
    const res = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: admin.token,
      json: { ...session, id: 'S-1', laws: ['宪法'], quiz: { draw: { count: 2, laws: ['《宪法》'] } } },
    })
    expect(res.status).toBe(201)
    expect(await lawsOf('S-1')).toEqual(['中华人民共和国宪法'])
    const drawn = await h.db.execute(
      "SELECT DISTINCT q.law_title FROM quiz_questions qq JOIN quizzes z ON z.id = qq.quiz_id JOIN questions q ON q.id = qq.question_id WHERE z.session_id = 'S-1'",
    )
    expect(drawn.rows.map((r) => r.law_title)).toEqual(['中华人民共和国宪法'])
  })

  it('CSV import and the meetings feed keep the full title, once', async () => {
    const res = await upload(
      'sessions',
      csv(
        '编号,类型,主题,开始时间,组织单位,学习法律法规',
        'S-CSV,会前学法,会前学法,2024-03-05 09:00,PL,行政复议法；《中华人民共和国行政复议法》；民法典',
      ),
    )
    expect(res.status).toBe(200)
    expect(await lawsOf('S-CSV')).toEqual(['中华人民共和国行政复议法', '中华人民共和国民法典'])

    const body = JSON.stringify({
      meetings: [
        {
          id: 'OA-1',
          body: '县政府常务会议',
          meetingNo: '第3次',
          startsAt: '2024-03-06T09:00:00+08:00',
          unitCode: 'PL',
          laws: ['《行政复议法》', '复议法'],
        },
      ],
    })
    const fed = await h.request('/webhooks/meetings', { method: 'POST', headers: signedHeaders(h.clock, body, 'evt-1'), body })
    expect(fed.status).toBe(200)
    const { created } = (await fed.json()) as { created: string[] }
    expect(await lawsOf(created[0]!)).toEqual(['中华人民共和国行政复议法'])
  })

  it('brings titles stored before the rule to it, and the report counts one law once', async () => {
    await seedSession(h.db, 'S-1', 'PL', { status: 'held' })
    await seedSession(h.db, 'S-2', 'PL', { status: 'held' })
    await seedSession(h.db, 'S-3', 'PL', { status: 'held' })
    const now = '2024-03-01T00:00:00.000Z'
    // as the old rule stored them: only the enclosing 《》 dropped
    await h.db.batch([
      "INSERT INTO session_laws (session_id, law_title, position) VALUES ('S-1', '行政复议法', 1)",
      "INSERT INTO session_laws (session_id, law_title, position) VALUES ('S-2', '中华人民共和国行政复议法', 1)",
      "INSERT INTO session_laws (session_id, law_title, position) VALUES ('S-3', '行政复议法', 1), ('S-3', '中华人民共和国行政复议法', 2), ('S-3', '宪法', 3)",
      {
        sql: "INSERT INTO questions (id, type, stem, options_json, answer, law_title, created_at, updated_at) VALUES ('OLD-1', 'judge', '题', '[]', 'T', '行政复议法', ?, ?)",
        args: [now, now],
      },
    ])
    await runMigrations(h.db, h.clock)
    expect(await lawsOf('S-1')).toEqual(['中华人民共和国行政复议法'])
    expect(await lawsOf('S-3')).toEqual(['中华人民共和国行政复议法', '中华人民共和国宪法'])
    expect((await h.db.execute("SELECT law_title FROM questions WHERE id = 'OLD-1'")).rows[0]?.law_title).toBe('中华人民共和国行政复议法')
    const audit = await h.db.execute("SELECT detail_json FROM audit_log WHERE action = 'laws.canonicalize'")
    expect(JSON.parse(String(audit.rows[0]?.detail_json))).toEqual({
      renamed: { 行政复议法: '中华人民共和国行政复议法', 宪法: '中华人民共和国宪法' },
    })
    // a second run finds nothing to do
    await runMigrations(h.db, h.clock)
    expect((await h.db.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'laws.canonicalize'")).rows[0]?.n).toBe(1)

    const res = await h.request('/api/v1/reports/annual?year=2024', { token: admin.token })
    expect(res.status).toBe(200)
    const report = (await res.json()) as { sessions: { laws: { title: string; sessions: number }[] } }
    expect(report.sessions.laws).toEqual([
      { title: '中华人民共和国行政复议法', sessions: 3 },
      { title: '中华人民共和国宪法', sessions: 1 },
    ])
  })
})
