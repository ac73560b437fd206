/**
 * The year's 学法清单 end to end: imported as CSV through the API (and scoped like every import), written through
 * the API, counted by the report (JSON key, narrative sentence), shown on the dashboard and in the 台账.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import JSZip from 'jszip'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runXuefaHere } from '../helpers/cli.js'
import { createApiHarness, type ApiHarness } from '../helpers/api.js'
import { seedOfficials } from '../helpers/seed.js'
import { get, logIn } from '../helpers/browser.js'
import { collectLedger, renderLedgerCsv } from '../../src/reports/ledger.js'
import { templateCsv } from '../../src/imports/headers.js'
import type { AnnualReport } from '../../src/reports/report.types.js'

const FUYI = '中华人民共和国行政复议法'
const CHUFA = '中华人民共和国行政处罚法'
const MINFA = '中华人民共和国民法典'
const NOW = '2024-01-01T00:00:00.000Z'

let h: ApiHarness
let admin: string

async function heldSession(id: string, unitCode: string, startsAt: string, laws: string[], marks: [string, string][], status = 'held') {
  await h.db.batch([
    {
      sql: `INSERT INTO sessions (id, kind, title, starts_at, unit_code, status, source, created_at, updated_at)
            VALUES (?, 'lecture', ?, ?, ?, ?, 'api', ?, ?)`,
      args: [id, `讲座${id}`, startsAt, unitCode, status, NOW, NOW],
    },
    ...laws.map((law, i) => ({
      sql: 'INSERT INTO session_laws (session_id, law_title, position) VALUES (?, ?, ?)',
      args: [id, law, i + 1],
    })),
    ...marks.map(([official, mark]) => ({
      sql: `INSERT INTO attendance (session_id, official_id, status, source, marked_at) VALUES (?, ?, ?, 'api', ?)`,
      args: [id, official, mark, startsAt],
    })),
  ])
}

function csv(rows: string[]): string {
  return `${['单位代码', '年度', '法律法规', '适用人员', '备注'].join(',')}\n${rows.join('\n')}\n`
}

async function importList(body: string, token = admin) {
  return h.request('/api/v1/import/study-list', { method: 'POST', token, body, headers: { 'content-type': 'text/csv' } })
}

beforeAll(async () => {
  // PL ─┬─ PL-A (县司法局: A001, A002) ─ PL-A1 (司法所: A101)
  //     └─ PL-B (县教育局: B001)
  h = await createApiHarness()
  admin = (await h.token('admin')).token
  await seedOfficials(h.db, [
    { id: 'A003', name: '离开者', unitCode: 'PL-A', leftAt: '2024-06-01T00:00:00.000Z' },
    { id: 'A004', name: '新来者', unitCode: 'PL-A', joinedAt: '2024-06-30T16:00:00.000Z' },
    { id: 'A005', name: '班子成员', unitCode: 'PL-A', isLeader: true },
  ])
  // 复议法: by the county (above PL-A) in March and by 司法所 (below) in September — studied twice
  await heldSession(
    'S1',
    'PL',
    '2024-03-10T01:00:00.000Z',
    [FUYI],
    [
      ['A001', 'present'],
      ['A002', 'absent'],
      ['A003', 'present'], // then left
      ['A005', 'late'],
    ],
  )
  await heldSession(
    'S2',
    'PL-A1',
    '2024-09-10T01:00:00.000Z',
    [FUYI, MINFA],
    [
      ['A001', 'present'], // the second time: counted once
      ['A004', 'present'], // joined mid-year, attended after joining
      ['A101', 'present'],
    ],
  )
  // 处罚法: a sibling unit's session and a planned one do not count; nor a session of the year before
  await heldSession('S3', 'PL-B', '2024-04-10T01:00:00.000Z', [CHUFA], [['A002', 'present']])
  await heldSession('S4', 'PL-A', '2024-05-10T01:00:00.000Z', [CHUFA], [], 'planned')
  await heldSession('S0', 'PL-A', '2023-05-10T01:00:00.000Z', [CHUFA], [['A005', 'present']])
  // a quiz with a question on 处罚法, finished in the year by A005
  await h.db.batch([
    {
      sql: `INSERT INTO questions (id, type, stem, answer, law_title, created_at, updated_at) VALUES ('Q1', 'judge', '题', 'T', ?, ?, ?)`,
      args: [CHUFA, NOW, NOW],
    },
    { sql: `INSERT INTO quizzes (id, session_id, spec_json, created_at) VALUES (1, 'S3', '{}', ?)`, args: [NOW] },
    { sql: `INSERT INTO quiz_questions (quiz_id, question_id, position) VALUES (1, 'Q1', 1)`, args: [] },
    {
      sql: `INSERT INTO attempts (quiz_id, official_id, layout_json, state, started_at, finished_at, score)
            VALUES (1, 'A005', '[]', 'finished', ?, ?, 100)`,
      args: ['2024-04-11T01:00:00.000Z', '2024-04-11T01:05:00.000Z'],
    },
  ])
})
afterAll(() => h.cleanup())

describe('the study-list import', () => {
  it('offers a template with the Chinese headers', () => {
    expect(templateCsv('study-list')).toBe('\uFEFF单位代码,年度,法律法规,适用人员,备注\r\n')
  })

  it('refuses, for an organizer of another unit, every row outside its units', async () => {
    const other = (await h.token('organizer', 'PL-B')).token
    const res = await importList(csv(['PL-A,2024,行政复议法,,']), other)
    expect(res.status).toBe(403)
    const body = (await res.json()) as { issues: { line: number; column: string }[] }
    expect(body.issues).toEqual([expect.objectContaining({ line: 2, column: '单位代码' })])
  })

  it('refuses a law named twice for a unit and year, in any spelling, and an unknown unit; imports nothing', async () => {
    const res = await importList(csv(['PL-A,2024,行政复议法,,', 'PL-A,2024,《中华人民共和国行政复议法》,,', 'NOPE,2024,民法典,,']))
    expect(res.status).toBe(422)
    const body = (await res.json()) as { issues: { line: number; message: string }[] }
    expect(body.issues.map((i) => i.line)).toEqual([3, 4])
    expect((await h.db.execute('SELECT COUNT(*) AS n FROM study_list_laws')).rows[0]?.n).toBe(0)
  })

  it('imports a list with canonical titles, and a second file replaces the list of the unit and year it names', async () => {
    const first = await importList(
      csv(['PL-A,2024,《行政复议法》；民法典,全体人员,', 'PL-A,2024,行政处罚法,领导班子成员,重点', 'PL-A,2024,行政许可法,,']),
    )
    expect(await first.json()).toMatchObject({ ok: true, inserted: 4, updated: 0, unchanged: 0 })
    const again = await importList(csv(['PL-A,2024,《行政复议法》；民法典,全体人员,', 'PL-A,2024,行政处罚法,领导班子成员,重点']))
    expect(await again.json()).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 3, removed: 1 })
    const rs = await h.db.execute("SELECT law_title, applies_to, note FROM study_list_laws WHERE unit_code = 'PL-A' ORDER BY position")
    expect(rs.rows.map((r) => [r.law_title, r.applies_to, r.note])).toEqual([
      [FUYI, 'all', null],
      [MINFA, 'all', null],
      [CHUFA, 'leaders', '重点'],
    ])
  })
})

describe('the API', () => {
  it('lists its routes in /openapi.json', async () => {
    const doc = (await (await h.request('/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/study-lists', '/api/v1/study-lists/{unitCode}/{year}']))
  })

  it('replaces a list (admin, organizer within its units), refuses outside, and an empty list removes it', async () => {
    const other = (await h.token('organizer', 'PL-B')).token
    const body = {
      laws: [
        { title: '《民法典》' },
        { title: '中华人民共和国民法典', appliesTo: 'leaders' },
        { title: '复议法', appliesTo: 'enforcement' },
      ],
    }
    expect((await h.request('/api/v1/study-lists/PL-A/2025', { method: 'PUT', token: other, json: body })).status).toBe(403)
    const own = (await h.token('organizer', 'PL-A')).token
    const res = await h.request('/api/v1/study-lists/PL-A/2025', { method: 'PUT', token: own, json: body })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      unitCode: 'PL-A',
      year: 2025,
      laws: [
        { title: MINFA, appliesTo: 'all', note: null },
        { title: FUYI, appliesTo: 'enforcement', note: null },
      ],
    })
    const cleared = await h.request('/api/v1/study-lists/PL-A/2025', { method: 'PUT', token: own, json: { laws: [] } })
    expect((await cleared.json()) as unknown).toEqual({ unitCode: 'PL-A', year: 2025, laws: [] })
    expect((await h.db.execute('SELECT COUNT(*) AS n FROM study_list_laws WHERE year = 2025')).rows[0]?.n).toBe(0)
  })

  it('gives per unit each listed law: studied or not, and by how many of those expected', async () => {
    const res = await h.request('/api/v1/study-lists?year=2024&unit=PL', { token: admin })
    expect(res.status).toBe(200)
    // expected (all): A001, A002, A004 (joined mid-year), A005 — A003 left in June
    expect(await res.json()).toEqual({
      year: 2024,
      listed: 3,
      studied: 2,
      completionRate: 0.6667,
      expected: 9,
      reached: 6,
      reachRate: 0.6667,
      units: [
        {
          code: 'PL-A',
          name: '县司法局',
          listed: 3,
          studied: 2,
          completionRate: 0.6667,
          expected: 9,
          reached: 6,
          reachRate: 0.6667,
          laws: [
            // S1 (county) and S2 (司法所): A001 twice, A005 late, A004 after joining; A002 absent
            { title: FUYI, appliesTo: 'all', studied: true, sessions: 2, expected: 4, reached: 3 },
            // S2 only: A001, A004
            { title: MINFA, appliesTo: 'all', studied: true, sessions: 1, expected: 4, reached: 2 },
            // no counting session (sibling, planned, last year); A005's quiz still reaches A005
            { title: CHUFA, appliesTo: 'leaders', studied: false, sessions: 0, expected: 1, reached: 1 },
          ],
        },
      ],
    })
  })
})

describe('the report', () => {
  it('adds the key studyList beside the contract keys, and one narrative sentence with the completion rate', async () => {
    const res = await h.request('/api/v1/reports/annual?year=2024&unit=PL-A', { token: admin })
    const r = (await res.json()) as AnnualReport
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['year', 'unit', 'sessions', 'attendance', 'narrative', 'studyList']))
    expect(r.studyList).toMatchObject({ listed: 3, studied: 2, completionRate: 0.6667, expected: 9, reached: 6 })
    expect(r.studyList?.units.map((u) => u.code)).toEqual(['PL-A'])
    const sentence = r.narrative.find((p) => p.includes('学法清单'))
    expect(sentence).toBe(`年度学法清单列明法律法规3部，已组织学习2部，清单完成率66.7%，《${CHUFA}》尚未学习。`)
    // and the document shows per unit which listed laws were studied, by how many of those expected
    const md = await (await h.request('/api/v1/reports/annual?year=2024&unit=PL-A&format=md', { token: admin })).text()
    expect(md).toContain('### 年度学法清单·县司法局：已学习 2 / 3 部，完成率 66.7%')
    expect(md).toContain(`| 《${CHUFA}》 | 领导班子成员 | 未学习 | 0 | 1 / 1 |`)
    expect(md).toContain(`| 《${FUYI}》 | 全体人员 | 已学习 | 2 | 3 / 4 |`)
    const docx = await (await h.request('/api/v1/reports/annual?year=2024&unit=PL-A&format=docx', { token: admin })).arrayBuffer()
    const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? ''
    expect(xml).toContain('年度学法清单·县司法局：已学习 2 / 3 部，完成率 66.7%')
  })

  it('says nothing of a list for a unit that has none', async () => {
    const r = (await (await h.request('/api/v1/reports/annual?year=2024&unit=PL-B', { token: admin })).json()) as AnnualReport
    expect(r.sessions.held).toBe(1)
    expect(r.studyList).toBeNull()
    expect(r.narrative.length).toBeGreaterThan(0)
    expect(r.narrative.join('')).not.toContain('清单')
  })

  it('puts the 学法清单 sheet in the 台账: each law, the sessions that count, reached / expected and who is not reached', async () => {
    const ledger = await collectLedger(h.db, { year: 2024, unitCode: 'PL-A', tz: 'Asia/Shanghai' })
    const sheet = ledger.sheets.find((s) => s.key === 'studyList')
    expect(sheet?.name).toBe('年度学法清单')
    expect(sheet?.rows).toEqual([
      ['PL-A', '县司法局', FUYI, '全体人员', '是', 'S1；S2', 4, 3, '李四（A002）'],
      ['PL-A', '县司法局', MINFA, '全体人员', '是', 'S2', 4, 2, '李四（A002）；班子成员（A005）'],
      ['PL-A', '县司法局', CHUFA, '领导班子成员', '否', null, 1, 1, null],
    ])
    expect(renderLedgerCsv(ledger)).toContain('【年度学法清单】')
  })
})

describe('the dashboard', () => {
  it('shows per unit the listed laws, studied or not, and people n/m, with every title escaped', async () => {
    const put = await h.request('/api/v1/study-lists/PL-A1/2024', {
      method: 'PUT',
      token: admin,
      json: { laws: [{ title: '<b>某某条例</b>' }] },
    })
    expect(put.status).toBe(200)
    const jar = await logIn(h.app, admin)
    const html = await (await get(h.app, jar, '/ui/report?year=2024&unit=PL-A')).text()
    expect(html).toContain('年度学法清单')
    // the preview prints the Word document's rows: none of zeros only
    expect(html).toContain('<th scope="row">法治专题讲座</th>')
    expect(html).not.toContain('<th scope="row">旁听庭审</th><td class="num">0</td>')
    expect(html).toContain('县司法局：已学习 2 / 3 部，完成率 66.7%')
    expect(html).toMatch(
      new RegExp(
        `《${FUYI}》</th><td class="num">全体人员</td><td class="num">已学习</td><td class="num">2</td><td class="num">3 / 4</td>`,
      ),
    )
    expect(html).toContain('未学习')
    expect(html).toContain('<th scope="col" class="num">已学人数 / 应学人数</th>')
    expect(html).toContain('司法所：已学习 0 / 1 部')
    expect(html).toContain('《&lt;b&gt;某某条例&lt;/b&gt;》')
    expect(html).not.toContain('<b>某某条例')
    // two units with a list: the narrative counts entries (项), and escapes the titles it names
    expect(html).toMatch(
      new RegExp(
        `2个单位的年度学法清单共列明法律法规4项，已组织学习2项，清单完成率50(\\.0)?%，《${CHUFA}》《&lt;b&gt;某某条例&lt;/b&gt;》尚未学习。`,
      ),
    )
    const none = await (await get(h.app, jar, '/ui/report?year=2024&unit=PL-B')).text()
    expect(none).not.toContain('年度学法清单')
  })
})

describe('the CLI', () => {
  it('imports a 年度学法清单 file (dry run first) and names the kind in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-study-list-'))
    try {
      const env = { XUEFA_DB_URL: `file:${join(dir, 'x.db')}` }
      writeFileSync(join(dir, 'units.csv'), '单位代码,单位名称\nPL,平罗县人民政府\n')
      writeFileSync(join(dir, 'list.csv'), csv(['PL,2024,行政复议法、民法典,领导班子成员,']))
      expect((await runXuefaHere(['import', 'units', join(dir, 'units.csv')], env)).code).toBe(0)
      const dry = await runXuefaHere(['import', 'study-list', join(dir, 'list.csv'), '--dry-run'], env)
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.stdout).toContain('试运行（未写入）')
      const done = await runXuefaHere(['import', 'study-list', join(dir, 'list.csv')], env)
      expect(done.stdout).toContain('已导入年度学法清单，共 1 行：新增 2，更新 0，未变 0')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
