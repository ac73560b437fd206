/**
 * Question statistics through the real database, the API (and its OpenAPI), the dashboard page and the 台账.
 * Which attempts count, and every figure, worked out by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createApiHarness, type ApiHarness } from '../helpers/api.js'
import { logIn, get } from '../helpers/browser.js'
import { addOfficials, addQuiz, addSessions, addUnits, at } from '../helpers/report-fixtures.js'
import { questionStatistics } from '../../src/reports/question-stats.service.js'
import { collectLedger } from '../../src/reports/ledger.js'
import { renderLedgerXlsx } from '../../src/reports/ledger-xlsx.js'
import { renderLawAccuracyChart } from '../../src/reports/question-charts.js'

const FUYI = '中华人民共和国行政复议法'
const CHUFA = '中华人民共和国行政处罚法'
const HOSTILE = '<script>alert("题")</script>&amp;'
const CREATED = '2024-01-01T00:00:00.000Z'

let h: ApiHarness

async function addQuestion(id: string, type: string, stem: string, options: string[], answer: string, law: string) {
  await h.db.execute({
    sql: `INSERT INTO questions (id, type, stem, options_json, answer, law_title, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [id, type, stem, JSON.stringify(options), answer, law, CREATED, CREATED],
  })
}

/** An attempt and its answers: [question, given, correct (null: awaiting a marker), revision?]. */
async function attempt(
  quizId: number,
  officialId: string,
  o: { no?: number; state?: string; score: number | null },
  answers: [string, string, 0 | 1 | null, number?][],
): Promise<number> {
  const rs = await h.db.execute({
    sql: `INSERT INTO attempts (quiz_id, official_id, attempt_no, layout_json, state, started_at, score) VALUES (?, ?, ?, '[]', ?, ?, ?) RETURNING id`,
    args: [quizId, officialId, o.no ?? 1, o.state ?? 'finished', CREATED, o.score],
  })
  const id = Number(rs.rows[0]?.id)
  for (const [i, [q, given, correct, revision]] of answers.entries()) {
    await h.db.execute({
      sql: `INSERT INTO answers (attempt_id, question_id, position, given, is_correct, answered_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [id, q, revision === undefined ? i + 1 : Number(q.slice(1)), given, correct, CREATED, revision ?? 0],
    })
  }
  return id
}

async function examQuiz(officialId: string, opensLocal: string): Promise<number> {
  const e = await h.db.execute({
    sql: `INSERT INTO exams (kind, official_id, opens_at, created_at, updated_at) VALUES ('appointment', ?, ?, ?, ?) RETURNING id`,
    args: [officialId, at(opensLocal), CREATED, CREATED],
  })
  const q = await h.db.execute({
    sql: `INSERT INTO quizzes (exam_id, spec_json, created_at) VALUES (?, '{}', ?) RETURNING id`,
    args: [Number(e.rows[0]?.id), CREATED],
  })
  return Number(q.rows[0]?.id)
}

beforeAll(async () => {
  h = await createApiHarness({ seed: false, env: { XUEFA_TZ: 'Asia/Shanghai' } })
  await addUnits(h.db, [
    ['PL', '平罗县人民政府'],
    ['SFJ', '县司法局', '/PL/'],
    ['XX', '邻县人民政府'],
  ])
  await addOfficials(h.db, [
    ['A1', 'SFJ'],
    ['A2', 'SFJ'],
    ['A3', 'SFJ'],
    ['A4', 'SFJ'],
    ['A5', 'SFJ'],
    ['A6', 'SFJ'],
    ['B1', 'PL'],
    ['X1', 'XX'],
  ])
  await addQuestion('Q1', 'single', HOSTILE, ['<b>甲</b>', '乙', '丙', '丁'], 'A', FUYI)
  await addQuestion('Q2', 'judge', '判断题二', [], 'T', CHUFA)
  await addQuestion('Q3', 'short', '简答题三', [], '参考答案', CHUFA)
  await addSessions(h.db, [
    { id: 'S1', kind: 'pre_meeting', startsAt: '2024-03-05 09:00', unit: 'SFJ' },
    { id: 'S2', kind: 'pre_meeting', startsAt: '2024-03-06 09:00', unit: 'XX' },
    { id: 'S3', kind: 'pre_meeting', startsAt: '2023-12-31 09:00', unit: 'SFJ' },
    { id: 'S4', kind: 'pre_meeting', startsAt: '2024-04-01 09:00', unit: 'SFJ', status: 'planned' },
  ])
  const s1 = await addQuiz(h.db, 'S1', 'best')
  // counted, in 2024 under PL: ranked by score then id — A1 (100), A5 (100), A2 (50), B1's exam (50), A3's first (0)
  await attempt(s1, 'A1', { score: 100 }, [
    ['Q1', 'A', 1],
    ['Q2', 'T', 1],
  ])
  await attempt(s1, 'A2', { score: 50 }, [
    ['Q1', 'B', 0],
    ['Q2', 'T', 1],
  ])
  await attempt(s1, 'A3', { score: 0 }, [
    ['Q1', 'B', 0],
    ['Q2', 'F', 0],
  ])
  // not counted: a second attempt, an open one
  await attempt(s1, 'A3', { no: 2, score: 100 }, [
    ['Q1', 'A', 1],
    ['Q2', 'T', 1],
  ])
  await attempt(s1, 'A4', { state: 'open', score: null }, [['Q1', 'A', 1]])
  // counted: Q1 marked wrong, then corrected to right by a marker (revision 1)
  await attempt(s1, 'A5', { score: 100 }, [
    ['Q1', 'C', 0, 0],
    ['Q1', 'C', 1, 1],
    ['Q2', 'T', 1, 0],
  ])
  // not counted: another county (counted only in its own scope), another year, a session not held
  await attempt(await addQuiz(h.db, 'S2'), 'X1', { score: 100 }, [['Q1', 'A', 1]])
  await attempt(await addQuiz(h.db, 'S3'), 'A1', { score: 0 }, [['Q1', 'B', 0]])
  await attempt(await addQuiz(h.db, 'S4'), 'A1', { score: 0 }, [['Q1', 'B', 0]])
  // exams opened in 2024: B1's ran out of time (a sitting: counted); A6's short answer awaits a marker (not counted)
  await attempt(await examQuiz('B1', '2024-05-01 09:00'), 'B1', { state: 'expired', score: 50 }, [
    ['Q1', 'B', 0],
    ['Q2', 'T', 1],
  ])
  await attempt(await examQuiz('A6', '2024-05-02 09:00'), 'A6', { state: 'finished', score: 0 }, [
    ['Q1', 'B', 0],
    ['Q3', '不知道', null],
  ])
})

afterAll(() => h.cleanup())

describe('question statistics of a year and a unit', () => {
  it('counts the graded, handed-in first attempts of the scope, with figures worked out by hand', async () => {
    const s = await questionStatistics(h.db, { year: 2024, unitCode: 'PL', tz: 'Asia/Shanghai' })
    expect(s.attempts).toBe(5)
    expect(s.answers).toBe(10)
    // Q1: A1 ✓, A2 ✗B, A3 ✗B, A5 ✓ (corrected), B1 ✗B → 2 of 5; thirds of 1: top A1 ✓, bottom A3 ✗ → 1;
    // all three wrong answers on B (> half of 3, four options) → dubious, B named
    // Q2: A1 ✓, A2 ✓, A3 ✗, A5 ✓, B1 ✓ → 4 of 5; top A1 ✓, bottom A3 ✗ → 1; a judge question: no distractor
    expect(s.questions).toEqual([
      {
        questionId: 'Q1',
        type: 'single',
        stem: HOSTILE,
        lawTitle: FUYI,
        answered: 5,
        right: 2,
        facility: 0.4,
        discrimination: 1,
        distractor: { response: 'B', text: '乙', count: 3, share: 1 },
        reasons: ['one_distractor'],
      },
      {
        questionId: 'Q2',
        type: 'judge',
        stem: '判断题二',
        lawTitle: CHUFA,
        answered: 5,
        right: 4,
        facility: 0.8,
        discrimination: 1,
        distractor: null,
        reasons: [],
      },
    ])
    expect(new Map(s.laws.map((l) => [l.lawTitle, [l.questions, l.answered, l.right, l.accuracy]]))).toEqual(
      new Map([
        [FUYI, [1, 5, 2, 0.4]],
        [CHUFA, [1, 5, 4, 0.8]],
      ]),
    )
    const other = await questionStatistics(h.db, { year: 2024, unitCode: 'XX', tz: 'Asia/Shanghai' })
    expect(other.questions.map((q) => [q.questionId, q.answered, q.right])).toEqual([['Q1', 1, 1]])
  })

  it('is on the API and in /openapi.json; a scoped token gets its own units only', async () => {
    const { token } = await h.token('reporter')
    const res = await h.request('/api/v1/reports/questions?year=2024&unit=PL', { token })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { unit: { code: string }; attempts: number; questions: { questionId: string; facility: number }[] }
    expect(body.unit.code).toBe('PL')
    expect(body.attempts).toBe(5)
    expect(body.questions.map((q) => [q.questionId, q.facility])).toEqual([
      ['Q1', 0.4],
      ['Q2', 0.8],
    ])
    expect((await h.request('/api/v1/reports/questions?year=20x4', { token })).status).toBe(400)
    const sfj = await h.token('organizer', 'SFJ')
    expect((await h.request('/api/v1/reports/questions?year=2024&unit=XX', { token: sfj.token })).status).toBe(403)
    const own = (await (await h.request('/api/v1/reports/questions?year=2024', { token: sfj.token })).json()) as { unit: { code: string } }
    expect(own.unit.code).toBe('SFJ')
    const doc = (await (await h.request('/openapi.json')).json()) as { paths: Record<string, unknown>; components: { schemas: object } }
    expect(doc.paths).toHaveProperty('/api/v1/reports/questions')
    expect(doc.components.schemas).toHaveProperty('QuestionStat')
  })

  it('shows the page with the hostile question text escaped, the distractor named and the law chart', async () => {
    const { token } = await h.token('admin')
    const jar = await logIn(h.app, token)
    const res = await get(h.app, jar, '/ui/report/questions?year=2024&unit=PL')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('平罗县人民政府2024年度题目分析')
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(&quot;题&quot;)&lt;/script&gt;&amp;amp;')
    expect(html).toContain('错误答案多数集中在「B．乙」（3次，占错误答案100%）')
    expect(html).toContain('40%')
    expect(html).toContain('<svg')
    expect(html).toContain('各法律法规答题正确率')
    expect(html).toContain('存疑题目 1 道')
    // a figures' heading sits over its figures (right)
    expect(html).toContain('<th scope="col" class="num">正确率</th>')
    // the year-and-unit form (shared with the report page) posts back here, with the year and the unit kept
    expect(html).toContain('action="/ui/report/questions"')
    expect(html).toMatch(/id="f-year" name="year" type="number"[^>]*value="2024"/)
    expect(html).toMatch(/<option value="PL" selected/)
    expect(await (await get(h.app, jar, '/ui/report?year=2024&unit=PL')).text()).toContain('/ui/report/questions?year=2024&amp;unit=PL')
    const visitor = await h.app.request('/ui/report/questions?year=2024')
    expect([visitor.status, visitor.headers.get('location')]).toEqual([303, '/ui/login'])
    const sfj = await logIn(h.app, (await h.token('organizer', 'SFJ')).token)
    expect((await get(h.app, sfj, '/ui/report/questions?year=2024&unit=XX')).status).toBe(403)
  })

  it('draws a hostile law title escaped in the chart', () => {
    const svg = renderLawAccuracyChart([{ lawTitle: '<img src=x onerror=alert(1)>', questions: 1, answered: 3, right: 2, accuracy: 2 / 3 }])
    expect(svg).not.toContain('<img')
    expect(svg).toContain('&lt;img src=x on…')
    expect(svg).toContain('66.7%')
  })

  it('puts 题目分析 and 法律法规正确率 sheets in the 台账', async () => {
    const ledger = await collectLedger(h.db, { year: 2024, unitCode: 'PL', tz: 'Asia/Shanghai' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await renderLedgerXlsx(ledger)) as unknown as ArrayBuffer)
    const questions = wb.getWorksheet('题目分析')
    // row 1 is the print title (unit, year, sheet, time of export), row 2 the header
    expect(questions?.getRow(3).values).toEqual([
      undefined,
      'Q1',
      '单选题',
      HOSTILE,
      FUYI,
      5,
      2,
      40,
      1,
      'B．乙',
      3,
      '错误答案多数集中在「B．乙」（3次，占错误答案100%）：请核对该选项与答案',
    ])
    const laws = wb.getWorksheet('法律法规正确率')
    expect(laws?.rowCount).toBe(4)
    expect(laws?.getRow(2).values).toEqual([undefined, '法律法规', '题目数', '作答次数', '答对次数', '正确率（%）'])
  })
})
