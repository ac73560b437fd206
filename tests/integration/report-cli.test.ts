import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import JSZip from 'jszip'
import ExcelJS from 'exceljs'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { buildCounty, buildSeed000 } from '../helpers/report-county.js'
import { runXuefaHere, type CliResult } from '../helpers/cli.js'

let t: TestDb | undefined
afterEach(() => {
  t?.cleanup()
  t = undefined
})

async function county(): Promise<TestDb> {
  t = await createTestDb()
  await buildCounty(t.db)
  return t
}

/** `xuefa …` on the county's database, in this process. */
function run(args: string[]): Promise<CliResult> {
  return runXuefaHere(args, { ...t!.env })
}

/** Its stdout, once it has succeeded. */
async function output(args: string[]): Promise<string> {
  const r = await run(args)
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}

describe('xuefa report', () => {
  it('prints the JSON report to stdout', async () => {
    await county()
    const out = await output(['report', '--year', '2024', '--unit', 'PL'])
    const report = JSON.parse(out) as { year: number; attendance: { expected: number }; changes: Record<string, number> }
    expect(report.year).toBe(2024)
    expect(report.attendance.expected).toBe(10)
    expect(report.changes['enforcement_cert.passRate']).toBe(-0.15)
  })

  it('writes Markdown and a DOCX that is a valid Office document', async () => {
    const { dir } = await county()
    expect(await output(['report', '--year', '2024', '--format', 'md'])).toContain('| 目标 | 要求 | 实际 | 是否达标 |')
    const file = join(dir, 'report.docx')
    await output(['report', '--year', '2024', '--unit', 'PL', '--format', 'docx', '--out', file])
    const zip = await JSZip.loadAsync(readFileSync(file))
    expect(zip.file('[Content_Types].xml')).not.toBeNull()
    expect(await zip.file('word/document.xml')?.async('string')).toContain('组织行政执法资格考试2期5人次，通过率为60%')
  })

  it('takes --rounded: head counts of trainings in the seeds round style, kept apart from the exact report', async () => {
    t = await createTestDb()
    await buildSeed000(t.db)
    const narrative = async (args: string[]) =>
      (JSON.parse(await output(['report', '--year', '2019', '--unit', 'LS', ...args])) as { narrative: string[] }).narrative.join('')
    expect(await narrative(['--rounded'])).toContain('共百余人参学300余人次')
    expect(await narrative([])).toContain('共160人参学312人次')
  })

  it('refuses bad arguments with exit code 1', async () => {
    await county()
    for (const args of [[], ['--year', '24'], ['--year', '2024', '--format', 'pdf'], ['--year', '2024', '--unit', 'NOPE']]) {
      const r = await run(['report', ...args])
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr, args.join(' ')).not.toBe('')
    }
    expect((await run(['report', '--year', '2024', '--format', 'pdf'])).stderr).toContain(
      '选项 --format <format> 的值「pdf」无效，可选：json, md, docx',
    )
  })
})

describe('xuefa export ledger', () => {
  it('writes the XLSX and CSV ledgers', async () => {
    const { dir } = await county()
    const xlsx = join(dir, 'ledger.xlsx')
    await output(['export', 'ledger', '--year', '2024', '--unit', 'SFJ', '--out', xlsx])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    expect(wb.getWorksheet('学法活动')?.rowCount).toBe(5) // title + header + S2, S3, S6
    const csv = join(dir, 'ledger.csv')
    await output(['export', 'ledger', '--year', '2024', '--format', 'csv', '--out', csv])
    expect(readFileSync(csv, 'utf8').startsWith('\uFEFF')).toBe(true)
    const refused = await run(['export', 'ledger', '--year', '2024'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('请用 --out 文件名 指定台账的保存位置')
    const pdf = await run(['export', 'ledger', '--year', '2024', '--format', 'pdf', '--out', join(dir, 'ledger.pdf')])
    expect(pdf.code).toBe(1)
    expect(pdf.stderr).toContain('可选：xlsx, csv')
  })
})
