import { afterEach, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import JSZip from 'jszip'
import ExcelJS from 'exceljs'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { buildCounty } from '../helpers/report-county.js'
import { reportCommand } from '../../src/cli/report.js'
import { exportCommand } from '../../src/cli/export.js'
import { CliExit } from '../../src/cli/context.js'

let t: TestDb | undefined
const savedUrl = process.env.XUEFA_DB_URL
afterEach(() => {
  vi.restoreAllMocks()
  process.env.XUEFA_DB_URL = savedUrl
  t?.cleanup()
  t = undefined
})

async function county(): Promise<TestDb> {
  t = await createTestDb()
  await buildCounty(t.db)
  process.env.XUEFA_DB_URL = t.url
  return t
}

/** Runs a command as the program would, with stdout captured. */
async function run(cmd: () => import('commander').Command, args: string[]): Promise<string> {
  const chunks: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, cb?: (e?: Error) => void) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    cb?.()
    return true
  }) as typeof process.stdout.write)
  vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as typeof process.stderr.write)
  await cmd().exitOverride().parseAsync(args, { from: 'user' })
  return chunks.join('')
}

describe('xuefa report', () => {
  it('prints the JSON report to stdout', async () => {
    await county()
    const out = await run(reportCommand, ['--year', '2024', '--unit', 'PL'])
    const report = JSON.parse(out) as { year: number; attendance: { expected: number }; changes: Record<string, number> }
    expect(report.year).toBe(2024)
    expect(report.attendance.expected).toBe(10)
    expect(report.changes['enforcement_cert.passRate']).toBe(-0.15)
  })

  it('writes Markdown and a DOCX that is a valid Office document', async () => {
    const { dir } = await county()
    expect(await run(reportCommand, ['--year', '2024', '--format', 'md'])).toContain('| 目标 | 要求 | 实际 | 是否达标 |')
    const file = join(dir, 'report.docx')
    await run(reportCommand, ['--year', '2024', '--unit', 'PL', '--format', 'docx', '--out', file])
    const zip = await JSZip.loadAsync(readFileSync(file))
    expect(zip.file('[Content_Types].xml')).not.toBeNull()
    expect(await zip.file('word/document.xml')?.async('string')).toContain('组织行政执法资格考试2期5人次，通过率为60.0%')
  })

  it('refuses bad arguments with exit code 1', async () => {
    await county()
    for (const args of [[], ['--year', '24'], ['--year', '2024', '--format', 'pdf'], ['--year', '2024', '--unit', 'NOPE']]) {
      const err = await run(reportCommand, args).catch((e: unknown) => e)
      expect(err, args.join(' ')).toBeInstanceOf(CliExit)
      expect((err as CliExit).exitCode).toBe(1)
    }
  })
})

describe('xuefa export ledger', () => {
  it('writes the XLSX and CSV ledgers', async () => {
    const { dir } = await county()
    const xlsx = join(dir, 'ledger.xlsx')
    await run(exportCommand, ['ledger', '--year', '2024', '--unit', 'SFJ', '--out', xlsx])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    expect(wb.getWorksheet('学法活动')?.rowCount).toBe(4) // header + S2, S3, S6
    const csv = join(dir, 'ledger.csv')
    await run(exportCommand, ['ledger', '--year', '2024', '--format', 'csv', '--out', csv])
    expect(readFileSync(csv, 'utf8').startsWith('\uFEFF')).toBe(true)
    const err = await run(exportCommand, ['ledger', '--year', '2024']).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CliExit)
  })
})
