import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import JSZip from 'jszip'
import { runXuefaHere } from '../helpers/cli.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const dbs: TestDb[] = []
afterEach(() => {
  while (dbs.length) dbs.pop()!.cleanup()
})

describe('xuefa import, report and export one after another, run in this process as the bin runs them', () => {
  it('imports a small year, then writes the report as JSON and DOCX and the ledger as XLSX', async () => {
    const t = await createTestDb()
    dbs.push(t)
    const dir = t.dir
    const env = { ...t.env, XUEFA_BANK: 'off' }
    const files: Record<string, string> = {
      'units.csv': '单位代码,单位名称,上级单位代码\nPL,平罗县人民政府,\nPL-SFJ,平罗县司法局,PL\n',
      'officials.csv': '编号,姓名,单位代码,是否领导班子成员\nA1,张三,PL,是\nA2,李四,PL,是\nA3,王五,PL-SFJ,否\n',
      'sessions.csv':
        // the 会前学法 expect the leaders (A1, A2): a held session's unmarked audience is absent
        '编号,类型,主题,开始时间,组织单位,会议名称,学习法律法规,状态,仅领导干部\n' +
        'S1,会前学法,学习行政复议法,2024-03-05 09:00,PL,县政府常务会议,《中华人民共和国行政复议法》,已举办,是\n' +
        'S2,会前学法,学习行政处罚法,2024-06-05 09:00,PL,县政府常务会议,中华人民共和国行政处罚法,已举办,是\n' +
        'S3,法治专题讲座,民法典讲座,2024-09-01 15:00,PL,,中华人民共和国民法典,已取消,\n',
      'attendance.csv': '活动编号,人员编号,出勤情况\nS1,A1,出席\nS1,A2,请假\nS2,A1,出席\nS2,A2,迟到\n',
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    for (const kind of ['units', 'officials', 'sessions', 'attendance']) {
      const r = await runXuefaHere(['import', kind, join(dir, `${kind}.csv`)], env)
      expect(r.code, r.stderr).toBe(0)
    }

    const json = await runXuefaHere(['report', '--year', '2024', '--unit', 'PL'], env)
    expect(json.code, json.stderr).toBe(0)
    const report = JSON.parse(json.stdout)
    expect(report.sessions.held).toBe(2)
    expect(report.sessions.byKind.pre_meeting).toBe(2)
    expect(report.attendance).toMatchObject({ expected: 4, present: 2, late: 1, excused: 1, rate: 0.75 })
    expect(report.narrative.join('')).toContain('县政府常务会议开展会前学法2次')

    const docxPath = join(dir, 'report.docx')
    const docx = await runXuefaHere(['report', '--year', '2024', '--unit', 'PL', '--format', 'docx', '--out', docxPath], env)
    expect(docx.code, docx.stderr).toBe(0)
    const zip = await JSZip.loadAsync(readFileSync(docxPath))
    expect(zip.file('[Content_Types].xml')).not.toBeNull()
    const documentXml = await zip.file('word/document.xml')!.async('string')
    expect(documentXml).toContain('县政府常务会议开展会前学法2次')

    const xlsxPath = join(dir, 'ledger.xlsx')
    const ledger = await runXuefaHere(['export', 'ledger', '--year', '2024', '--format', 'xlsx', '--out', xlsxPath], env)
    expect(ledger.code, ledger.stderr).toBe(0)
    const xlsx = await JSZip.loadAsync(readFileSync(xlsxPath))
    expect(Object.keys(xlsx.files).some((f) => f.startsWith('xl/worksheets/'))).toBe(true)

    const bad = await runXuefaHere(['report', '--year', 'next'], env)
    expect(bad.code).toBe(1)
  })
})
