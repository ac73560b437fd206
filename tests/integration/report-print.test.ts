/**
 * The printed look of the report and the 台账 (issue 21 items 4 and 5), and where they are built (issue 18 item 4):
 * the DOCX's styles and page setup read from its XML, the workbook's page setup read back with ExcelJS, and
 * /healthz answering while a DOCX is built in the render worker.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import JSZip from 'jszip'
import ExcelJS from 'exceljs'
import { createApiHarness, type ApiHarness } from '../helpers/api.js'
import { TZ } from '../helpers/report-fixtures.js'
import { buildCounty } from '../helpers/report-county.js'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { collectLedger, type Ledger, type LedgerSheet } from '../../src/reports/ledger.js'
import { renderLedgerXlsx } from '../../src/reports/ledger-xlsx.js'
import { renderLedger, renderReport } from '../../src/reports/render.js'
import { renderInWorker } from '../../src/reports/render-pool.js'
import type { AnnualReport } from '../../src/reports/report.types.js'

let h: ApiHarness
let report: AnnualReport
let ledger: Ledger
beforeAll(async () => {
  h = await createApiHarness({ seed: false })
  await buildCounty(h.db)
  report = await buildAnnualReport(h.db, { year: 2024, unitCode: 'PL', tz: TZ })
  ledger = await collectLedger(h.db, { year: 2024, unitCode: 'PL', tz: TZ, now: new Date('2025-01-10T01:30:00Z') })
})
afterAll(() => h.cleanup())

/** The attributes of the first element `tag` inside `xml` (after `from`, when given). */
function attrs(xml: string, tag: string, from = 0): Record<string, string> {
  const m = new RegExp(`<${tag}( [^>]*)?/?>`).exec(xml.slice(from))
  if (!m) throw new Error(`no <${tag}> in ${xml.slice(from, from + 200)}…`)
  return Object.fromEntries([...(m[1] ?? '').matchAll(/([\w:]+)="([^"]*)"/g)].map((a) => [a[1] as string, a[2] as string]))
}

/** The XML of the style with this w:styleId. */
function style(stylesXml: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(stylesXml)
  if (!m) throw new Error(`no style ${id}`)
  return m[0]
}

/** The texts of a document's runs, in order. */
const texts = (xml: string): string[] => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1] as string)

describe('rendering off the main thread', () => {
  it('answers /healthz while a DOCX is built in the render worker', async () => {
    const { token } = await h.token('admin')
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    let building = true
    let answered = 0
    const docx = h.request('/api/v1/reports/annual?year=2024&unit=PL&format=docx', { token }).finally(() => {
      building = false
    })
    const started = performance.now()
    while (building) {
      const res = await h.request('/healthz')
      expect(res.status).toBe(200)
      answered++
      // a probe every few milliseconds, as a load balancer would (not a busy loop that takes a core from the worker)
      await new Promise((r) => setTimeout(r, 5))
    }
    const ms = performance.now() - started
    delay.disable()
    const res = await docx
    expect(res.status).toBe(200)
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    expect(texts((await zip.file('word/document.xml')?.async('string')) ?? '')).toContain('二、统计数据')
    // a first build (the worker starting, Word's writer, ECharts and resvg loading) takes long enough for many answers;
    // on the main thread it would leave room for a handful at most
    console.log(
      `DOCX built in ${ms.toFixed(0)} ms; /healthz answered ${answered} times meanwhile; event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
    )
    expect(answered).toBeGreaterThan(20)
  })

  it('builds the 台账 and the Markdown in the worker too, and reports a failure there as an error here', async () => {
    const xlsx = await renderLedger(ledger, 'xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    expect(wb.worksheets).toHaveLength(ledger.sheets.length)
    const broken = { ...ledger, sheets: [{ ...ledger.sheets[0], rows: null }] } as unknown as Ledger
    await expect(renderLedger(broken, 'xlsx')).rejects.toThrow()
    // the worker survives a failed task
    expect((await renderLedger(ledger, 'xlsx')).body.length).toBeGreaterThan(1000)
  })

  it('draws the law chart of the 题目分析 page in the worker too', async () => {
    const svg = await renderInWorker({
      kind: 'lawChart',
      laws: [{ lawTitle: '中华人民共和国行政复议法', questions: 1, answered: 5, right: 2, accuracy: 0.4 }],
    })
    expect(svg).toContain('>各法律法规答题正确率</text>')
    expect(svg).toContain('>行政复议法</text>')
  })
})

describe('the DOCX in 公文 layout (GB/T 9704)', () => {
  let files: Record<string, string>
  beforeAll(async () => {
    // the worker's document (warm by now: the test above built the first)
    const zip = await JSZip.loadAsync((await renderReport(report, 'docx')).body)
    files = {}
    for (const name of Object.keys(zip.files)) if (name.endsWith('.xml')) files[name] = (await zip.file(name)?.async('string')) ?? ''
  })

  it('sets the body in 仿宋_GB2312 3号 at an exact 28.95 pt line, the title in 方正小标宋简体 2号, the headings in 黑体 and 楷体', () => {
    const styles = files['word/styles.xml'] ?? ''
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0] ?? ''
    expect(attrs(defaults, 'w:rFonts')).toMatchObject({ 'w:eastAsia': '仿宋_GB2312', 'w:ascii': 'Times New Roman' })
    expect(attrs(defaults, 'w:sz')['w:val']).toBe('32') // half-points: 16 pt
    expect(attrs(defaults, 'w:spacing')).toMatchObject({ 'w:line': '579', 'w:lineRule': 'exact' })

    const title = style(styles, 'Title')
    expect(attrs(title, 'w:rFonts')['w:eastAsia']).toBe('方正小标宋简体')
    expect(attrs(title, 'w:sz')['w:val']).toBe('44') // 22 pt
    expect(attrs(title, 'w:jc')['w:val']).toBe('center')
    // Word refuses a file whose measures are not whole twips
    for (const xml of Object.values(files)) expect(xml).not.toMatch(/ w:\w+="\d+\.\d+"/)

    for (const [id, eastAsia] of [
      ['Heading1', '黑体'],
      ['Heading2', '楷体_GB2312'],
      ['Body', '仿宋_GB2312'],
    ] as const) {
      const s = style(styles, id)
      expect(attrs(s, 'w:rFonts')['w:eastAsia'], id).toBe(eastAsia)
      expect(attrs(s, 'w:sz')['w:val'], id).toBe('32')
      expect(attrs(s, 'w:spacing'), id).toMatchObject({ 'w:line': '579', 'w:lineRule': 'exact' })
      expect(attrs(s, 'w:ind')['w:firstLine'], id).toBe('640') // two characters
      expect(s, id).not.toMatch(/<w:color w:val="(?!000000)/) // black, not Word's blue
    }
  })

  it('names a fallback for every 公文 font in the font table', () => {
    const fonts = files['word/fontTable.xml'] ?? ''
    for (const [name, alt] of [
      ['方正小标宋简体', '宋体'],
      ['仿宋_GB2312', '仿宋'],
      ['黑体', 'SimHei'],
      ['楷体_GB2312', '楷体'],
      ['宋体', 'SimSun'],
    ]) {
      expect(fonts).toContain(`<w:font w:name="${name}"><w:altName w:val="${alt}"/>`)
    }
  })

  it('is A4 with margins 37/35/28/26 mm and 「— 1 —」 page numbers in 宋体 4号, outer side', () => {
    const doc = files['word/document.xml'] ?? ''
    const sectPr = doc.slice(doc.lastIndexOf('<w:sectPr'))
    expect(attrs(sectPr, 'w:pgSz')).toMatchObject({ 'w:w': '11906', 'w:h': '16838' })
    const mm = (x: number) => String(Math.round((x * 1440) / 25.4))
    expect(attrs(sectPr, 'w:pgMar')).toMatchObject({ 'w:top': mm(37), 'w:bottom': mm(35), 'w:left': mm(28), 'w:right': mm(26) })
    expect(files['word/settings.xml']).toContain('<w:evenAndOddHeaders/>')
    const footerIds = Object.fromEntries(
      [...sectPr.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)].map((m) => [m[1] as string, m[2] as string]),
    )
    expect(Object.keys(footerIds).sort()).toEqual(['default', 'even'])
    const footers = Object.entries(files).filter(([name]) => /^word\/footer\d+\.xml$/.test(name))
    expect(footers).toHaveLength(2)
    const sides = footers.map(([, xml]) => attrs(xml, 'w:jc')['w:val']).sort()
    expect(sides).toEqual(['left', 'right'])
    for (const [, xml] of footers) {
      expect(xml).toMatch(/<w:t xml:space="preserve">— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/)
      expect(attrs(xml, 'w:rFonts')['w:eastAsia']).toBe('宋体')
      expect(attrs(xml, 'w:sz')['w:val']).toBe('28') // 14 pt
    }
  })

  it('numbers the headings 一、 and （一）, repeats each table header row, and leaves out rows that are all zero', () => {
    const doc = files['word/document.xml'] ?? ''
    const all = texts(doc)
    expect(all[0]).toBe('平罗县人民政府2024年度领导干部学法情况')
    expect(all).toContain('一、本年度党政主要负责人履行推进法治建设第一责任人职责情况')
    expect(all).toContain('二、统计数据')
    expect(all).toContain('（一）学法活动')
    expect(all).toContain('三、图表')
    const tables = doc.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? []
    expect(tables.length).toBeGreaterThan(2)
    for (const tbl of tables) {
      const rows = tbl.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? []
      expect(rows[0]).toContain('<w:tblHeader/>')
      for (const row of rows.slice(1))
        expect(
          texts(row)
            .slice(1)
            .every((c) => c === '0' || c === '—'),
        ).toBe(false)
    }
    // 旁听庭审 (0 this year, 0 the year before) is a row of the report's table, not of the document's
    const sessions = tables[0] ?? ''
    expect(texts(sessions)).toContain('会前学法')
    expect(report.sessions.byKind.court_hearing).toBe(0)
    expect(texts(sessions)).not.toContain('旁听庭审')
  })

  it('draws no chart series that has no data', async () => {
    const noQuizzes: AnnualReport = { ...report, monthly: report.monthly.map((m) => ({ ...m, completionRate: null })) }
    const [monthly] = await renderInWorker({ kind: 'charts', report })
    expect(monthly).toContain('>测试完成率</text>')
    const [withoutQuizzes] = await renderInWorker({ kind: 'charts', report: noQuizzes })
    expect(withoutQuizzes).not.toContain('>测试完成率</text>')
    expect(withoutQuizzes).toContain('>出勤率</text>')
    // the title names only what is drawn
    expect(monthly).toContain('>各月出勤率与测试完成率</text>')
    expect(withoutQuizzes).toContain('>各月出勤率</text>')
    expect(withoutQuizzes).not.toContain('测试完成率')
    // nothing held: no chart at all
    const nothing: AnnualReport = {
      ...report,
      monthly: report.monthly.map((m) => ({ ...m, attendanceRate: null, completionRate: null })),
      sessions: { ...report.sessions, byKind: Object.fromEntries(Object.keys(report.sessions.byKind).map((k) => [k, 0])) as never },
    }
    expect(await renderInWorker({ kind: 'charts', report: nothing })).toEqual([])
  })
})

describe('the 台账 prints', () => {
  it('gives every sheet, one added later too, landscape A4 fit to the page width, the header on every page and a title row', async () => {
    const extra = { key: 'sessions', name: '后加的表', header: ['编号', '很长的中文列标题'], rows: [['X1', '中文内容'.repeat(5)]] }
    const wb = new ExcelJS.Workbook()
    const withExtra: Ledger = { ...ledger, sheets: [...ledger.sheets, extra as LedgerSheet] }
    await wb.xlsx.load((await renderLedgerXlsx(withExtra)) as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual([...ledger.sheets.map((s) => s.name), '后加的表'])
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({
        orientation: 'landscape',
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '2:2',
      })
      const title = String(ws.getRow(1).getCell(1).value)
      expect(title, ws.name).toContain('平罗县人民政府')
      expect(title, ws.name).toContain('2024年度')
      expect(title, ws.name).toContain('导出时间：2025-01-10 09:30')
      expect(ws.headerFooter.oddFooter).toContain('&P')
    }
    const marks = wb.getWorksheet('出勤记录')
    expect(marks?.getRow(2).getCell(7).value).toBe('出勤情况')
    expect(marks?.rowCount).toBe(12) // title + header + 10 expected marks
    expect(marks?.getRow(3).getCell(1).value).toBe('S1')
  })

  it('sizes each column from its content, CJK counted double', async () => {
    const wb = new ExcelJS.Workbook()
    const sheet: LedgerSheet = {
      key: 'sessions',
      name: '宽度',
      header: ['编号', '主题', 'note'],
      rows: [
        ['S1', '学习中华人民共和国行政复议法', 'abcdefghij'],
        ['S2', null, 'abc'],
      ],
    }
    await wb.xlsx.load((await renderLedgerXlsx({ ...ledger, sheets: [sheet] })) as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('宽度')
    // 编号: its header, 4 wide, at the minimum of 6; 主题: 14 CJK characters = 28 + 2; note: 10 + 2
    expect([1, 2, 3].map((i) => ws?.getColumn(i).width)).toEqual([6, 30, 12])
  })

  it('keeps the title and the header centred over a wrapped column, every cell at the top of its row, and says when a sheet is empty', async () => {
    const wb = new ExcelJS.Workbook()
    const wide: LedgerSheet = {
      key: 'sessions',
      name: '宽',
      header: ['编号', '法律法规'],
      rows: [
        ['S1', '法'.repeat(40)],
        ['S2', '法'],
      ],
    }
    const empty: LedgerSheet = { key: 'exams', name: '空', header: ['考试', '成绩'], rows: [] }
    await wb.xlsx.load((await renderLedgerXlsx({ ...ledger, sheets: [wide, empty] })) as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('宽')
    expect(ws?.getColumn(2).width).toBe(50)
    expect(ws?.getRow(1).getCell(1).alignment).toMatchObject({ horizontal: 'center' })
    expect(ws?.getRow(2).getCell(2).alignment).toMatchObject({ horizontal: 'center' })
    expect(ws?.getRow(3).getCell(1).alignment).toMatchObject({ vertical: 'top' })
    expect(ws?.getRow(3).getCell(2).alignment).toMatchObject({ vertical: 'top', wrapText: true })
    // the wrapped row as tall as its two lines (80 wide in a column of 50, less its padding); a one-line row left as it is
    expect(ws?.getRow(3).height).toBe(30)
    expect(ws?.getRow(4).height).toBeUndefined()
    expect(wb.getWorksheet('空')?.getRow(3).getCell(1).value).toBe('本年度没有记录')
  })
})
