/**
 * Bad files to the importers: whatever comes in, the outcome is a list of `line N, column X` problems with nothing
 * written, or a correct import — never a crash, a hang or a half-written file. Formulas stay text, also in the 台账.
 */
import fc from 'fast-check'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { runImport } from '../../src/imports/import.service.js'
import { IMPORT_KINDS, type ImportKind, type ImportResult } from '../../src/imports/import.types.js'
import { renderLedgerXlsx } from '../../src/reports/ledger-xlsx.js'
import { collectLedger, renderLedgerCsv } from '../../src/reports/ledger.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { rowCounts } from './helpers/row-counts.js'

const FULL = process.env.XUEFA_RELIABILITY_FULL === '1'
const clock = new ManualClock('2024-03-01T02:00:00.000Z')
const opts = { tz: 'Asia/Shanghai', clock, actor: 'test' }
const utf8 = (s: string) => new TextEncoder().encode(s)
let t: TestDb
beforeAll(async () => {
  t = await createTestDb(clock)
  await runImport(t.db, 'units', { bytes: utf8('code,name,parent_code\nPL,平罗县人民政府,\nPL-A,县司法局,PL\n') }, opts)
})
afterAll(() => t.cleanup())

/** Runs an import and checks the shape of the outcome; a refusal must leave every table as it was. */
async function importChecked(kind: ImportKind, bytes: Uint8Array, filename?: string): Promise<ImportResult> {
  const before = await rowCounts(t.db)
  const result = await runImport(t.db, kind, { bytes, filename }, opts)
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0)
    for (const p of result.problems) {
      expect(p.line).toBeGreaterThanOrEqual(1)
      expect(p.column).not.toBe('')
      expect(p.message.trim()).not.toBe('')
    }
    expect(await rowCounts(t.db)).toEqual(before)
  } else expect(result.inserted + result.updated + result.unchanged).toBeLessThanOrEqual(result.rows)
  return result
}

const cell = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    '=1+1',
    '=HYPERLINK("http://x","y")',
    '+1',
    '@SUM(A1)',
    '是',
    '出席',
    'PL-A',
    'PL',
    'A001',
    '2024-03-05 09:00',
    '2024-02-30',
    '单选',
    'A',
    '对',
    '\uFEFF',
    '\u0000',
    '🙂',
  ),
)
const header = fc.constantFrom(
  'code,name,parent_code',
  'id,name,unit_code,title,is_leader',
  '编号,姓名,单位代码',
  'session_id,official_id,status',
  'id,kind,title,starts_at,unit_code',
  'id,type,stem,option_a,option_b,answer,law',
  'exam,official_id,taken_at,score',
  'x,y',
  '',
)
const csvText = fc
  .tuple(header, fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 }))
  .map(([h, rows]) => [h, ...rows.map((r) => r.join(','))].join('\n'))

describe('random files to every importer', () => {
  it('always answers with problems (nothing written) or a correct count', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...IMPORT_KINDS),
        fc.oneof(csvText.map(utf8), fc.uint8Array({ maxLength: 300 })),
        async (kind, bytes) => {
          await importChecked(kind, bytes)
        },
      ),
      { numRuns: FULL ? 1500 : 150 },
    )
  })
})

describe('the files people really send', () => {
  it('says a GBK file is not UTF-8 and writes nothing', async () => {
    // 编号,姓名,单位代码 / G001,张三,PL saved by Excel as "CSV (逗号分隔)" on a Chinese Windows: GBK
    const gbk = Buffer.from('b1e0bac52cd0d5c3fb2cb5a5cebbb4fac2eb0a473030312cd5c5c8fd2c504c0a', 'hex')
    const r = await importChecked('officials', gbk)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.problems[0]!.message).toContain('GBK')
  })

  it('refuses ragged rows line by line', async () => {
    const r = await importChecked(
      'officials',
      utf8('编号,姓名,单位代码\nR001,张三,PL\nR002,李四\nR003,王五,PL,科员,是,否,是,2024-01-01,多余\n'),
    )
    expect(r.ok).toBe(false)
    expect(!r.ok && r.problems.map((p) => p.line)).toContain(3)
  })

  it('keeps formulas as text, and the ledger CSV and XLSX do not turn them into live formulas', async () => {
    const formula = '=HYPERLINK("http://evil.example","点我")'
    const csv = `id,kind,title,starts_at,unit_code,status,presenter\nF1,lecture,"${formula.replace(/"/g, '""')}",2024-03-05 09:00,PL-A,已举办,=1+1\nF2,lecture,@SUM(1),2024-03-06 09:00,PL-A,已举办,-2+3\n`
    expect(await importChecked('sessions', utf8(csv))).toMatchObject({ ok: true, inserted: 2 })
    const stored = await t.db.execute("SELECT title, presenter FROM sessions WHERE id IN ('F1', 'F2') ORDER BY id")
    expect(stored.rows.map((r) => [r.title, r.presenter])).toEqual([
      [formula, '=1+1'],
      ['@SUM(1)', '-2+3'],
    ])

    const ledger = await collectLedger(t.db, { year: 2024, unitCode: 'PL', tz: 'Asia/Shanghai' })
    const lines = renderLedgerCsv(ledger).split('\r\n')
    expect(lines.find((l) => l.startsWith('F1,'))).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`)
    expect(lines.find((l) => l.startsWith('F1,'))).toContain(",'=1+1")
    expect(lines.find((l) => l.startsWith('F2,'))).toContain(",'@SUM(1),")
    expect(lines.find((l) => l.startsWith('F2,'))).toContain(",'-2+3")
    for (const l of lines) expect(l.split(',').some((c) => /^[=+@-]/.test(c))).toBe(false)

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await renderLedgerXlsx(ledger)) as unknown as ArrayBuffer)
    const cells: ExcelJS.Cell[] = []
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(c))))
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([])
    expect(cells.some((c) => c.value === formula)).toBe(true)
  })

  it('imports a 1 MB cell exactly or refuses it clearly', async () => {
    const big = '法'.repeat(350_000) // > 1 MB in UTF-8
    const r = await importChecked('officials', utf8(`编号,姓名,单位代码,职务\nBIG1,张三,PL,${big}\n`))
    if (r.ok) {
      const got = await t.db.execute("SELECT length(title) AS n FROM officials WHERE id = 'BIG1'")
      expect(Number(got.rows[0]!.n)).toBe(big.length)
    } else expect(r.problems[0]!.line).toBe(2)
  })

  it('imports 100,000 rows, and refuses them all for one bad row at the end', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `H${String(i).padStart(6, '0')},干部${i},PL-A,科员`)
    const bad = await importChecked('officials', utf8(['编号,姓名,单位代码,职务', ...rows, 'H999999,坏行,NO-SUCH-UNIT,科员'].join('\n')))
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.problems.map((p) => p.line)).toEqual([100_002])
    expect(await importChecked('officials', utf8(['编号,姓名,单位代码,职务', ...rows].join('\n')))).toMatchObject({
      ok: true,
      inserted: 100_000,
    })
  }, 120_000)
})
