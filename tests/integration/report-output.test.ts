import { afterEach, describe, expect, it } from 'vitest'
import JSZip from 'jszip'
import ExcelJS from 'exceljs'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { TZ } from '../helpers/report-fixtures.js'
import { buildCounty } from '../helpers/report-county.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { renderMarkdown } from '../../src/reports/render-md.js'
import { renderDocx } from '../../src/reports/render-docx.js'
import { renderLedgerXlsx } from '../../src/reports/ledger-xlsx.js'
import { collectLedger, renderLedgerCsv, type Ledger } from '../../src/reports/ledger.js'

let t: TestDb | undefined
afterEach(() => {
  t?.cleanup()
  t = undefined
})

async function county() {
  t = await createTestDb()
  await buildCounty(t.db)
  const report = await buildAnnualReport(t.db, { year: 2024, unitCode: 'PL', tz: TZ })
  const ledger = await collectLedger(t.db, { year: 2024, unitCode: 'PL', tz: TZ })
  return { report, ledger }
}

const sheet = (l: Ledger, key: string) => {
  const s = l.sheets.find((x) => x.key === key)
  if (!s) throw new Error(`no sheet ${key}`)
  return s
}

describe('markdown', () => {
  it('has the title, the narrative, the targets table and the charts', async () => {
    const { report } = await county()
    const md = renderMarkdown(report)
    expect(md).toContain('# 平罗县人民政府2024年度领导干部学法情况')
    for (const p of report.narrative) expect(md).toContain(p)
    expect(md).toContain('| 目标 | 要求 | 实际 | 是否达标 |')
    expect(md).toContain('| 领导班子法治专题学习 | ≥ 4 | 1 | 未达标 |')
    expect(md).toContain('| 任前法律知识考试参考率 | ≥ 100% | 75% | 未达标 |')
    expect(md).toContain('| 任职培训法律课程学时（每次最少） | ≥ 12 | — | 不适用 |')
    expect(md).toContain('| 会前学法 | 2 | 1 |')
    // the rows the Word document prints: none of zeros only (no 旁听庭审 held either year)
    expect(md).not.toContain('| 旁听庭审 | 0 | 0 |')
    expect(md).not.toContain('| 执法人员培训 | 0 | 0 |')
    expect(md).toMatch(/!\[图表\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/)
    expect(renderMarkdown(report, { charts: false })).not.toContain('data:image')
  })
})

describe('docx', () => {
  it('is an Office document with the narrative, the tables and an embedded chart', async () => {
    const { report } = await county()
    const zip = await JSZip.loadAsync(await renderDocx(report))
    expect(zip.file('[Content_Types].xml')).not.toBeNull()
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
    for (const p of report.narrative) expect(xml).toContain(p)
    expect(xml).toContain('平罗县人民政府2024年度领导干部学法情况')
    expect(xml).toContain('<w:tbl>')
    expect(xml).toContain('领导班子法治专题学习')
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))
    expect(media.some((f) => f.endsWith('.svg'))).toBe(true)
    expect(media.some((f) => f.endsWith('.png'))).toBe(true)
    const svg = (await zip.file(media.find((f) => f.endsWith('.svg')) ?? '')?.async('string')) ?? ''
    expect(svg).toContain('<svg')
  })
})

describe('the ledger lists exactly the rows behind the figures', () => {
  it('has one row per counted session, mark, quiz and exam sitting', async () => {
    const { report, ledger } = await county()
    expect(sheet(ledger, 'sessions').rows.map((r) => r[0])).toEqual(['S1', 'S2', 'S3', 'S6'])
    expect(sheet(ledger, 'sessions').rows[0]?.[3]).toBe('2024-01-01 00:10')
    const marks = sheet(ledger, 'attendance').rows
    expect(marks).toHaveLength(report.attendance.expected)
    expect(marks.filter((r) => r[7] === '是')).toHaveLength(report.attendance.personTimes)
    expect(marks.filter((r) => r[6] === '补学')).toHaveLength(report.attendance.makeup)
    expect(marks.some((r) => r[0] === 'S2' && r[3] === 'B2')).toBe(false)
    const quizzes = sheet(ledger, 'quizzes').rows
    expect(quizzes).toHaveLength(report.quizzes.assigned)
    const done = quizzes.filter((r) => r[7] === '是')
    expect(done).toHaveLength(report.quizzes.completed)
    expect(done.map((r) => [r[0], r[4], r[9]])).toEqual([
      ['S1', 'A1', 80],
      ['S1', 'C1', 70],
      ['S2', 'B1', 55],
      ['S2', 'C1', 60],
      ['S6', 'C1', 40],
    ])
    expect(sheet(ledger, 'candidates').rows).toHaveLength(report.exams.appointment.candidates)
    const exams = sheet(ledger, 'exams').rows
    expect(exams.filter((r) => r[0] === '行政执法资格考试')).toHaveLength(report.exams.enforcement_cert.personTimes)
    expect(exams.filter((r) => r[0] === '任前法律知识考试')).toHaveLength(5)
    // each exam in its own term, as the narrative: 通过 for 任前 and 执法资格
    expect(new Set(exams.filter((r) => r[0] !== '年度学法考试').map((r) => r[6]))).toEqual(new Set(['通过', '未通过']))
  })

  it('writes an XLSX that exceljs reads back, one sheet per kind', async () => {
    const { ledger } = await county()
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await renderLedgerXlsx(ledger)) as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '学法活动',
      '出勤记录',
      '测试记录',
      '任前考试对象',
      '年度学法考试对象',
      '考试成绩',
      '题目分析',
      '法律法规正确率',
    ])
    const marks = wb.getWorksheet('出勤记录')
    expect(marks?.rowCount).toBe(12) // title + header + 10 expected marks
    expect(marks?.getRow(2).getCell(7).value).toBe('出勤情况')
    expect(marks?.getRow(3).values).toEqual([
      undefined,
      'S1',
      '学法活动S1',
      '2024-01-01 00:10',
      'A1',
      '干部A1',
      'PL',
      '出席',
      '是',
      undefined,
      '接口',
      '2020-01-01 08:00',
    ])
  })

  it('writes a CSV with a BOM and a section per kind', async () => {
    const { ledger } = await county()
    const csv = renderLedgerCsv(ledger)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.split('\r\n')
    expect(lines).toContain('【出勤记录】')
    expect(lines).toContain('活动编号,活动主题,活动时间,人员编号,姓名,单位代码,出勤情况,计为参学,备注,来源,标记时间')
    const start = lines.indexOf('【出勤记录】')
    const end = lines.indexOf('', start)
    expect(end - start - 2).toBe(10)
  })
})
