import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { formatProblem, type ImportResult } from '../../src/imports/import.types.js'
import { count, csv, importer, officialsRows, unitsCsv } from './import-fixtures.js'

let t: TestDb
let run: ReturnType<typeof importer>
beforeEach(async () => {
  t = await createTestDb()
  run = importer(t.db) // the clock reads 2024-06-01 10:00 in Shanghai
  await run('units', unitsCsv())
  await run('officials', csv(officialsRows(20)))
})
afterEach(() => t.cleanup())

const problemLines = (r: ImportResult) => (r.ok ? [] : r.problems.map(formatProblem))

const SESSIONS = csv([
  ['编号', '类型', '主题', '开始时间', '组织单位', '会议名称', '会议届次', '学时', '学习法律法规', '主讲人', '状态'],
  [
    'S1',
    '会前学法',
    '学习行政复议法',
    '2024-03-05 09:00',
    'PL',
    '县政府常务会议',
    '第12次',
    '0.5',
    '《中华人民共和国行政复议法》；中华人民共和国行政处罚法、中华人民共和国行政复议法',
    '司法局局长',
    '',
  ],
  ['S2', 'lecture', '法治专题讲座', '2024-07-01T15:00:00+08:00', 'D1', '', '', '2', '', '专家', ''],
  ['S3', 'court_hearing', '旁听庭审', '2024-04-10 14:30', 'D2', '', '', '', '', '', '已取消'],
])

describe('sessions import', () => {
  it('reads both kind spellings, stores laws without 《》 once each, and defaults the status by the clock', async () => {
    expect(await run('sessions', SESSIONS)).toMatchObject({ ok: true, rows: 3, inserted: 3 })
    const rs = await t.db.execute(
      'SELECT id, kind, starts_at, unit_code, body, meeting_no, hours, presenter, status, source FROM sessions ORDER BY id',
    )
    expect(rs.rows.map((r) => ({ ...r }))).toEqual([
      {
        id: 'S1',
        kind: 'pre_meeting',
        starts_at: '2024-03-05T01:00:00.000Z',
        unit_code: 'PL',
        body: '县政府常务会议',
        meeting_no: '第12次',
        hours: 0.5,
        presenter: '司法局局长',
        status: 'held',
        source: 'import',
      },
      {
        id: 'S2',
        kind: 'lecture',
        starts_at: '2024-07-01T07:00:00.000Z',
        unit_code: 'D1',
        body: null,
        meeting_no: null,
        hours: 2,
        presenter: '专家',
        status: 'planned',
        source: 'import',
      },
      {
        id: 'S3',
        kind: 'court_hearing',
        starts_at: '2024-04-10T06:30:00.000Z',
        unit_code: 'D2',
        body: null,
        meeting_no: null,
        hours: null,
        presenter: null,
        status: 'cancelled',
        source: 'import',
      },
    ])
    const laws = await t.db.execute('SELECT session_id, law_title, position FROM session_laws ORDER BY session_id, position')
    expect(laws.rows.map((r) => [r.session_id, r.law_title, r.position])).toEqual([
      ['S1', '中华人民共和国行政复议法', 1],
      ['S1', '中华人民共和国行政处罚法', 2],
    ])
    expect(await run('sessions', SESSIONS)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 3 })
  })

  it('replaces the laws of a session when the file changes them', async () => {
    await run('sessions', SESSIONS)
    const changed = SESSIONS.replace(
      '《中华人民共和国行政复议法》；中华人民共和国行政处罚法、中华人民共和国行政复议法',
      '中华人民共和国行政许可法',
    )
    expect(await run('sessions', changed)).toMatchObject({ ok: true, updated: 1, unchanged: 2 })
    const laws = await t.db.execute("SELECT law_title FROM session_laws WHERE session_id = 'S1'")
    expect(laws.rows.map((r) => r.law_title)).toEqual(['中华人民共和国行政许可法'])
  })

  it('never brings a cancelled session back: the row is named and nothing of the file is imported', async () => {
    const header = ['编号', '类型', '主题', '开始时间', '组织单位', '状态']
    const file = (status: string) =>
      csv([
        header,
        ['S7', '会前学法', '学法', '2024-07-01 09:00', 'PL', status],
        ['S8', '会前学法', '又一次', '2024-07-02 09:00', 'PL', '计划'],
      ])
    expect(await run('sessions', file('计划'))).toMatchObject({ ok: true, inserted: 2 })
    expect(await run('sessions', file('已取消'))).toMatchObject({ ok: true, updated: 1, unchanged: 1 })
    const jobs = () =>
      t.db
        .execute("SELECT kind, state FROM jobs WHERE session_id = 'S7' ORDER BY id")
        .then((rs) => rs.rows.map((r) => `${r.kind} ${r.state}`))
    const before = await jobs()
    expect(before).toEqual([
      'session.materials cancelled',
      'session.reminder cancelled',
      'session.close cancelled',
      'session.notice pending',
    ])
    const again = csv([
      header,
      ['S8', '会前学法', '改了题目', '2024-07-02 09:00', 'PL', '计划'],
      ['S7', '会前学法', '学法', '2024-07-01 09:00', 'PL', '计划'],
    ])
    const r = await run('sessions', again)
    expect(problemLines(r)).toEqual(['line 3, column 状态: 活动「S7」已取消，不能恢复；请用新的编号'])
    expect(await jobs()).toEqual(before)
    const rs = await t.db.execute("SELECT id, title, status FROM sessions WHERE id IN ('S7', 'S8') ORDER BY id")
    expect(rs.rows.map((x) => `${x.id} ${x.title} ${x.status}`)).toEqual(['S7 学法 cancelled', 'S8 又一次 planned'])
  })

  it('names bad kinds, times and unknown units', async () => {
    const r = await run(
      'sessions',
      csv([
        ['id', 'kind', 'title', 'starts_at', 'unit_code'],
        ['S1', '开会', '学法', '2024-03-05 09:00', 'PL'],
        ['S2', '会前学法', '学法', '2024/3/5 上午', 'ZZ'],
      ]),
    )
    expect(problemLines(r)).toEqual([
      'line 2, column kind: 应为 会前学法、法治专题讲座、法治专题学习、旁听庭审、全员法治培训、执法人员培训、任职培训、其他 之一',
      'line 3, column starts_at: 时间格式应为 YYYY-MM-DD HH:mm，或带时区的 ISO 8601',
      'line 3, column unit_code: 组织单位「ZZ」不存在，请先导入单位',
    ])
    expect(await count(t.db, 'sessions')).toBe(0)
  })
})

describe('attendance import', () => {
  it('refuses marks for unknown sessions and officials, naming each', async () => {
    await run('sessions', SESSIONS)
    const r = await run(
      'attendance',
      csv([
        ['活动编号', '人员编号', '出勤情况', '备注'],
        ['S1', 'P00001', '出席', ''],
        ['S9', 'P00002', '迟到', ''],
        ['S1', 'NOBODY', '请假', '出差'],
        ['S1', 'P00003', '睡觉', ''],
        ['S1', 'P00001', '缺席', ''],
      ]),
    )
    expect(problemLines(r)).toEqual([
      'line 3, column 活动编号: 活动「S9」不存在，请先导入活动',
      'line 4, column 人员编号: 人员「NOBODY」不在花名册中，请先导入人员',
      'line 5, column 出勤情况: 应为 出席、迟到、请假、缺席、补学 之一',
      'line 6, column 人员编号: 人员「P00001」在活动「S1」的出勤已在第 2 行填写',
    ])
    // S1 is past and held: its audience is expected, absent unless marked (source 'auto'); nothing of the file was written
    expect((await t.db.execute("SELECT count(*) AS n FROM attendance WHERE source <> 'auto'")).rows[0]?.n).toBe(0)
  })

  it('writes marks with the actor and the time of the import, and updates only what changed', async () => {
    await run('sessions', SESSIONS)
    const marks = [
      ['session_id', 'official_id', 'status', 'note'],
      ['S1', 'P00001', '出席', ''],
      ['S1', 'P00002', '请假', '出差'],
      ['S3', 'P00002', 'makeup', ''],
    ]
    expect(await run('attendance', csv(marks))).toMatchObject({ ok: true, inserted: 3 })
    marks[1]![2] = '迟到'
    expect(await run('attendance', csv(marks))).toMatchObject({ ok: true, inserted: 0, updated: 1, unchanged: 2 })
    // the held sessions' unmarked audience is absent (source 'auto'); the file's marks replaced the absences they name
    const rs = await t.db.execute(
      "SELECT session_id, official_id, status, note, source, marked_by, marked_at FROM attendance WHERE source <> 'auto' ORDER BY session_id, official_id",
    )
    expect(rs.rows.map((r) => ({ ...r }))).toEqual([
      {
        session_id: 'S1',
        official_id: 'P00001',
        status: 'late',
        note: null,
        source: 'import',
        marked_by: 'tester',
        marked_at: '2024-06-01T02:00:00.000Z',
      },
      {
        session_id: 'S1',
        official_id: 'P00002',
        status: 'excused',
        note: '出差',
        source: 'import',
        marked_by: 'tester',
        marked_at: '2024-06-01T02:00:00.000Z',
      },
      {
        session_id: 'S3',
        official_id: 'P00002',
        status: 'makeup',
        note: null,
        source: 'import',
        marked_by: 'tester',
        marked_at: '2024-06-01T02:00:00.000Z',
      },
    ])
  })
})

describe('question bank and exam results', () => {
  const QUESTIONS = csv([
    ['题号', '题型', '题干', '选项A', '选项B', '选项C', '选项D', '答案', '解析', '法律法规', '条款', '标签'],
    ['Q1', '单选', '行政复议期限是？', '30日', '60日', '90日', '', 'b', '', '《中华人民共和国行政复议法》', '第二十条', '复议；期限'],
    [
      'Q2',
      '多选',
      '哪些属于行政处罚？',
      '警告',
      '罚款',
      '记过',
      '没收违法所得',
      'A,B、D',
      '记过是处分',
      '中华人民共和国行政处罚法',
      '第九条',
      '',
    ],
    ['Q3', '判断', '行政机关可以随意执法。', '', '', '', '', '×', '', '中华人民共和国行政处罚法', '', ''],
    ['Q4', '简答', '简述依法行政的基本要求。', '', '', '', '', '合法行政、合理行政……', '', '法治政府建设实施纲要', '', ''],
  ])

  it('imports questions and re-imports them unchanged', async () => {
    expect(await run('questions', QUESTIONS)).toMatchObject({ ok: true, inserted: 4 })
    const rs = await t.db.execute('SELECT id, type, options_json, answer, law_title, tags, source FROM questions ORDER BY id')
    expect(rs.rows.map((r) => [r.id, r.type, JSON.parse(String(r.options_json)).length, r.answer, r.law_title, r.tags, r.source])).toEqual([
      ['Q1', 'single', 3, 'B', '中华人民共和国行政复议法', '复议;期限', 'import'],
      ['Q2', 'multiple', 4, 'ABD', '中华人民共和国行政处罚法', null, 'import'],
      ['Q3', 'judge', 0, 'F', '中华人民共和国行政处罚法', null, 'import'],
      ['Q4', 'short', 0, '合法行政、合理行政……', '法治政府建设实施纲要', null, 'import'],
    ])
    expect(await run('questions', QUESTIONS)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 4 })
  })

  it('imports a 任前 exam and its make-up, with the outcome, and passes by the pass score when not told', async () => {
    const results = csv([
      ['考试', '人员编号', '考试时间', '成绩', '是否通过', '第几次', '拟任职务', '结果'],
      ['任前考试', 'P00001', '2024-03-01 09:00', '52', '', '1', '司法局副局长', ''],
      ['任前考试', 'P00001', '2024-03-15 09:00', '58', '', '2', '司法局副局长', '暂缓任用'],
      ['enforcement_cert', 'P00002', '2024-05-20', '60', '', '', '', ''],
      ['年度学法考试', 'P00003', '2024-05-20 14:00', '95', '否', '', '', ''],
    ])
    expect(await run('exam-results', results)).toMatchObject({ ok: true, inserted: 4 })
    const rs = await t.db.execute(
      'SELECT exam_kind, official_id, taken_at, score, passed, attempt, proposed_post, outcome FROM exam_results ORDER BY official_id, taken_at',
    )
    expect(rs.rows.map((r) => ({ ...r }))).toEqual([
      {
        exam_kind: 'appointment',
        official_id: 'P00001',
        taken_at: '2024-03-01T01:00:00.000Z',
        score: 52,
        passed: 0,
        attempt: 1,
        proposed_post: '司法局副局长',
        outcome: null,
      },
      {
        exam_kind: 'appointment',
        official_id: 'P00001',
        taken_at: '2024-03-15T01:00:00.000Z',
        score: 58,
        passed: 0,
        attempt: 2,
        proposed_post: '司法局副局长',
        outcome: 'deferred',
      },
      {
        exam_kind: 'enforcement_cert',
        official_id: 'P00002',
        taken_at: '2024-05-19T16:00:00.000Z',
        score: 60,
        passed: 1,
        attempt: 1,
        proposed_post: null,
        outcome: null,
      },
      {
        exam_kind: 'annual',
        official_id: 'P00003',
        taken_at: '2024-05-20T06:00:00.000Z',
        score: 95,
        passed: 0,
        attempt: 1,
        proposed_post: null,
        outcome: null,
      },
    ])
    expect(await run('exam-results', results)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 4 })
    const corrected = results.replace('2024-05-20,60', '2024-05-20,59')
    expect(await run('exam-results', corrected)).toMatchObject({ ok: true, updated: 1, unchanged: 3 })
    expect(await count(t.db, 'exam_results')).toBe(4)
  })

  it('refuses results of people not on the roster', async () => {
    const r = await run(
      'exam-results',
      csv([
        ['exam', 'official_id', 'taken_at', 'score'],
        ['annual', 'GHOST', '2024-05-20 14:00', '80'],
      ]),
    )
    expect(problemLines(r)).toEqual(['line 2, column official_id: 人员「GHOST」不在花名册中，请先导入人员'])
  })
})
