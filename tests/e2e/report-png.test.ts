/**
 * The report's DOCX as a reader sees it: LibreOffice prints it to PDF, pdftoppm makes a PNG of each page, kept in
 * test-artifacts/report/ to look at (the layout of issue 21 item 4); the 台账's XLSX likewise (item 5), in
 * test-artifacts/ledger/. The machine has no 公文 fonts, so a fontconfig
 * file maps each to the nearest free one installed (.ci/run installs them): 仿宋 and 楷体 → AR PL UKai, 黑体 → Noto
 * Sans CJK, 宋体 and 方正小标宋 → Noto Serif CJK (WenQuanYi where those are missing).
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { TZ } from '../helpers/report-fixtures.js'
import { buildCounty } from '../helpers/report-county.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { renderLedger, renderReport } from '../../src/reports/render.js'
import { collectLedger } from '../../src/reports/ledger.js'

const OUT = resolve('test-artifacts/report')
const LEDGER_OUT = resolve('test-artifacts/ledger')
/** kept between runs: LibreOffice's first start in a new profile takes seconds longer */
const PROFILE = join(tmpdir(), 'xuefa-soffice-profile')

const FONTS_CONF = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  ${[
    ['方正小标宋简体', 'Noto Serif CJK SC'],
    ['仿宋_GB2312', 'FangSong', 'AR PL UKai CN'],
    ['楷体_GB2312', 'KaiTi', 'AR PL UKai CN'],
    ['黑体', 'SimHei', 'Noto Sans CJK SC'],
    ['宋体', 'SimSun', 'Noto Serif CJK SC'],
  ]
    .map(
      ([name, ...prefer]) =>
        `<alias binding="same"><family>${name}</family><prefer>${prefer.map((f) => `<family>${f}</family>`).join('')}</prefer></alias>`,
    )
    .join('\n  ')}
</fontconfig>
`

let t: TestDb
let work: string
beforeAll(async () => {
  t = await createTestDb()
  await buildCounty(t.db)
  work = mkdtempSync(join(tmpdir(), 'xuefa-docx-png-'))
})
afterAll(() => {
  t.cleanup()
  rmSync(work, { recursive: true, force: true })
})

it('prints the DOCX through LibreOffice: every page numbered 「— n —」, a PNG of each in test-artifacts/report', async () => {
  const report = await buildAnnualReport(t.db, { year: 2024, unitCode: 'PL', tz: TZ })
  const docx = join(work, 'report.docx')
  writeFileSync(docx, (await renderReport(report, 'docx')).body)
  writeFileSync(join(work, 'fonts.conf'), FONTS_CONF)
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(PROFILE).href}`, '--headless', '--convert-to', 'pdf', '--outdir', work, docx],
    { env: { ...process.env, FONTCONFIG_FILE: join(work, 'fonts.conf') }, stdio: 'ignore', timeout: 60_000 },
  )
  const pdf = join(work, 'report.pdf')
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
  const pages = text.split('\f').filter((p) => p.trim() !== '')
  expect(pages.length).toBeGreaterThan(1)
  const squeezed = (s: string) => s.replace(/\s+/g, '')
  expect(squeezed(pages[0] ?? '')).toContain('平罗县人民政府2024年度领导干部学法情况')
  // the last line of every page is its number
  pages.forEach((page, i) => {
    expect(squeezed(page.trim().split('\n').at(-1) ?? '')).toBe(`—${i + 1}—`)
  })

  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  copyFileSync(docx, join(OUT, 'report.docx'))
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(OUT, 'page')])
  expect(readdirSync(OUT).filter((f) => f.endsWith('.png'))).toHaveLength(pages.length)
}, 90_000)

it('prints the 台账 through LibreOffice: every column of a sheet on one page, each sheet titled, an empty one said so, a PNG of each page', async () => {
  const ledger = await collectLedger(t.db, { year: 2024, unitCode: 'PL', tz: TZ, now: new Date('2025-01-10T01:30:00Z') })
  const xlsx = join(work, 'ledger.xlsx')
  writeFileSync(xlsx, (await renderLedger(ledger, 'xlsx')).body)
  writeFileSync(join(work, 'fonts.conf'), FONTS_CONF)
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(PROFILE).href}`, '--headless', '--convert-to', 'pdf', '--outdir', work, xlsx],
    { env: { ...process.env, FONTCONFIG_FILE: join(work, 'fonts.conf') }, stdio: 'ignore', timeout: 60_000 },
  )
  const pdf = join(work, 'ledger.pdf')
  const squeezed = (s: string) => s.replace(/\s+/g, '')
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    .split('\f')
    .filter((p) => p.trim() !== '')
    .map(squeezed)
  for (const sheet of ledger.sheets) {
    // the sheet's first page: its title row, then its header with the first and the last column (fit to the width)
    const first = pages.find((p) => p.includes(squeezed(`年度学法台账·${sheet.name}（导出时间：2025-01-10 09:30）`)))
    expect(first, sheet.name).toBeDefined()
    expect(first, sheet.name).toContain(squeezed(sheet.header.join('')))
    if (sheet.rows.length === 0) expect(first, sheet.name).toContain('本年度没有记录')
  }
  // the footer of every page
  pages.forEach((page, i) => {
    expect(page).toContain(`第${i + 1}页，共${pages.length}页`)
  })

  rmSync(LEDGER_OUT, { recursive: true, force: true })
  mkdirSync(LEDGER_OUT, { recursive: true })
  copyFileSync(xlsx, join(LEDGER_OUT, 'ledger.xlsx'))
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(LEDGER_OUT, 'page')])
  expect(readdirSync(LEDGER_OUT).filter((f) => f.endsWith('.png'))).toHaveLength(pages.length)
}, 90_000)
