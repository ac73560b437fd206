/**
 * The report as a Word document in the layout of a government document (党政机关公文格式, GB/T 9704-2012):
 * A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋简体 2号 (22 pt); the body
 * in 仿宋_GB2312 3号 (16 pt) at an exact 28.95 pt line (22 lines a page); 「一、」 headings in 黑体, 「（一）」 headings
 * in 楷体_GB2312; page numbers 「— 1 —」 in 宋体 4号 below the text, right on odd pages and left on even ones.
 *
 * Where a machine lacks a 公文 font, the font table names the one Word uses instead (w:altName, with the
 * font's panose and GB2312 charset): 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋 (FangSong), 楷体_GB2312 → 楷体
 * (KaiTi), 黑体 → SimHei, 宋体 → SimSun. Latin letters and digits are in Times New Roman.
 */
import {
  AlignmentType,
  Document,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx'
import { REPORT_TITLE, SECTION_HEADING, TABLE } from './copy.zh.js'
import { CHART_HEIGHT, CHART_WIDTH, PRINT, reportChartSvgs, svgToPng } from './charts.js'
import { printedTables, type TextTable } from './report-tables.js'
import { studyListDocumentTables } from './study-list.tables.js'
import type { AnnualReport } from './report.types.js'
import { narrativeOrNotice } from './narrative.zh.js'
import { displayWidth } from './text-width.js'

const LATIN = 'Times New Roman'
/** The 公文 fonts, and what Word takes where one is missing (the font table's altName). */
const GONGWEN_FONTS = {
  title: { name: '方正小标宋简体', altName: '宋体', panose: '02000000000000000000', family: 'script', pitch: 'variable' },
  body: { name: '仿宋_GB2312', altName: '仿宋', panose: '02010609030101010101', family: 'modern', pitch: 'fixed' },
  heading1: { name: '黑体', altName: 'SimHei', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  heading2: { name: '楷体_GB2312', altName: '楷体', panose: '02010609030101010101', family: 'modern', pitch: 'fixed' },
  pageNumber: { name: '宋体', altName: 'SimSun', panose: '02010600030101010101', family: 'auto', pitch: 'variable' },
} as const

/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
const SIZE = { title: 44, body: 32, table: 28, pageNumber: 28 }
/** 28.95 pt in twips: 22 lines in the 225 mm of text height. */
const LINE = 579
/** millimetres in twips */
const mm = (x: number): number => Math.round((x * 1440) / 25.4)
/** A4 in twips, as Word writes it */
const A4 = { width: 11906, height: 16838 }
/** GB/T 9704's margins; the page number sits 7 mm below the text (the footer's baseline ~22 mm from the edge) */
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(22) }
/** two characters of 3号 */
const INDENT_2 = 640
/** one character of 4号 */
const INDENT_1_PAGE_NUMBER = 280

const font = (eastAsia: string) => ({ eastAsia, ascii: LATIN, hAnsi: LATIN, cs: LATIN })
const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT })

const ZH_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九']
/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings never run past 99). */
function zhNumber(n: number): string {
  if (n < 10) return ZH_DIGITS[n] ?? String(n)
  const tens = Math.floor(n / 10)
  return `${tens === 1 ? '' : ZH_DIGITS[tens]}十${ZH_DIGITS[n % 10]}`
}

/** the width of the text: A4 less the left and right margins, in twips */
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right

/**
 * Column widths in twips from the widest cell of each column, so that the labels of the first column keep to one
 * line where they can and the figures take no more room than they need; no column under four characters.
 */
function tableColumnWidths(t: TextTable): number[] {
  const widest = t.header.map((h, i) => Math.max(displayWidth(h), ...t.rows.map((r) => displayWidth(r[i] ?? ''))) + 2)
  const units = widest.map((w) => Math.max(8, w))
  const total = units.reduce((a, b) => a + b, 0)
  return units.map((u) => Math.floor((TEXT_WIDTH * u) / total))
}

function tableOf(t: TextTable): Table {
  const widths = tableColumnWidths(t)
  const row = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header, // repeated at the top of every page the table runs onto
      cantSplit: true,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i] ?? 0, type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            margins: { top: 40, bottom: 40, left: 80, right: 80 },
            children: [
              new Paragraph({
                alignment: i === 0 && !header ? AlignmentType.LEFT : AlignmentType.CENTER,
                spacing: { line: 300, lineRule: LineRuleType.AUTO },
                children: [
                  new TextRun({
                    text,
                    size: SIZE.table,
                    font: font(header ? GONGWEN_FONTS.heading1.name : GONGWEN_FONTS.body.name),
                  }),
                ],
              }),
            ],
          }),
      ),
    })
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [row(t.header, true), ...t.rows.map((r) => row(r, false))],
  })
}

function chart(svg: string, title: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    // an exact line would cut the picture to one line's height
    spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 120 },
    keepLines: true,
    children: [
      new ImageRun({
        type: 'svg',
        data: Buffer.from(svg, 'utf8'),
        fallback: { type: 'png', data: svgToPng(svg) },
        transformation: { width: CHART_WIDTH * 0.8, height: CHART_HEIGHT * 0.8 },
        altText: { name: title, title, description: title },
      }),
    ],
  })
}

const heading1 = (n: number, text: string) => new Paragraph({ style: 'Heading1', children: [new TextRun(`${zhNumber(n)}、${text}`)] })
const heading2 = (n: number, text: string) => new Paragraph({ style: 'Heading2', children: [new TextRun(`（${zhNumber(n)}）${text}`)] })
const body = (text: string) => new Paragraph({ style: 'Body', children: [new TextRun(text)] })

/** 「— 1 —」, a character in from the outer edge: right on odd pages, left on even ones. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: INDENT_1_PAGE_NUMBER } : { left: INDENT_1_PAGE_NUMBER },
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            size: SIZE.pageNumber,
            font: { eastAsia: GONGWEN_FONTS.pageNumber.name, ascii: GONGWEN_FONTS.pageNumber.name, hAnsi: GONGWEN_FONTS.pageNumber.name },
          }),
        ],
      }),
    ],
  })
}

const paragraphStyle = (eastAsia: string, size: number) => ({
  run: { font: font(eastAsia), size, bold: false, italics: false, color: '000000' },
})

/** Builds the Word document: title, the narrative, the tables, the charts (SVG with a PNG fallback). */
export function buildReportDocument(r: AnnualReport): Document {
  const title = REPORT_TITLE(r.year, r.unit.name)
  const tables = [...printedTables(r), ...studyListDocumentTables(r.studyList)]
  const charts = reportChartSvgs(r, PRINT)
  let section = 0
  const children: (Paragraph | Table)[] = [
    new Paragraph({ style: 'Title', children: [new TextRun(title)] }),
    heading1(++section, SECTION_HEADING),
    ...narrativeOrNotice(r).map(body),
  ]
  if (tables.length > 0) {
    children.push(heading1(++section, TABLE.figures))
    tables.forEach((t, i) => {
      children.push(heading2(i + 1, t.title), tableOf(t))
    })
  }
  if (charts.length > 0) children.push(heading1(++section, TABLE.charts), ...charts.map((c) => chart(c.svg, c.title)))
  return new Document({
    creator: 'xuefa',
    title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(GONGWEN_FONTS.body.name), size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exact(LINE) },
        },
        title: {
          ...paragraphStyle(GONGWEN_FONTS.title.name, SIZE.title),
          // one empty line of body text between the title and what follows
          paragraph: { alignment: AlignmentType.CENTER, spacing: { ...exact(Math.round(LINE * 1.5)), after: LINE }, keepNext: true },
        },
        heading1: {
          ...paragraphStyle(GONGWEN_FONTS.heading1.name, SIZE.body),
          paragraph: { indent: { firstLine: INDENT_2 }, spacing: exact(LINE), keepNext: true, outlineLevel: 0 },
        },
        heading2: {
          ...paragraphStyle(GONGWEN_FONTS.heading2.name, SIZE.body),
          paragraph: { indent: { firstLine: INDENT_2 }, spacing: exact(LINE), keepNext: true, outlineLevel: 1 },
        },
      },
      paragraphStyles: [
        {
          id: 'Body',
          name: 'Body Text Gongwen',
          basedOn: 'Normal',
          quickFormat: true,
          run: { font: font(GONGWEN_FONTS.body.name), size: SIZE.body },
          paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: INDENT_2 }, spacing: exact(LINE) },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height },
            margin: MARGIN,
          },
          grid: { linePitch: LINE },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  })
}

/** The font table: each 公文 font with the font Word takes in its place where it is missing. */
function fontTableXml(): string {
  const fonts = [
    ...Object.values(GONGWEN_FONTS).map(
      (f) =>
        `<w:font w:name="${f.name}"><w:altName w:val="${f.altName}"/><w:panose1 w:val="${f.panose}"/><w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
    ),
    `<w:font w:name="${LATIN}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>`,
  ]
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`
}

export async function renderDocx(r: AnnualReport): Promise<Buffer> {
  return Packer.toBuffer(buildReportDocument(r), false, [{ path: 'word/fontTable.xml', data: fontTableXml() }])
}
