import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { CHART, REPORT_TITLE, SECTION_HEADING, TABLE } from './copy.zh.js'
import { CHART_HEIGHT, CHART_WIDTH, renderKindsChart, renderMonthlyChart, svgToPng } from './charts.js'
import { reportTables, type TextTable } from './report-tables.js'
import type { AnnualReport } from './report.types.js'
import { narrativeOrNotice } from './narrative.zh.js'

/** 宋体 for Chinese, Times New Roman for Latin and digits: what a government document uses. */
const FONT = { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' }
const BODY_SIZE = 28 // half-points: 四号 (14 pt)
const FIRST_LINE_INDENT = 560 // twips: two characters of 14 pt

function table(t: TextTable): (Paragraph | Table)[] {
  const row = (cells: string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map(
        (text, i) =>
          new TableCell({
            children: [
              new Paragraph({
                alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.CENTER,
                children: [new TextRun({ text, bold, size: 21 })],
              }),
            ],
          }),
      ),
    })
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun({ text: t.title, bold: true })] }),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(t.header, true), ...t.rows.map((r) => row(r, false))] }),
  ]
}

function chart(svg: string, title: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
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

/** Builds the Word document: title, the narrative, the tables, the charts (SVG with a PNG fallback). */
export function buildReportDocument(r: AnnualReport): Document {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      heading: HeadingLevel.TITLE,
      children: [new TextRun({ text: REPORT_TITLE(r.year, r.unit.name), bold: true, size: 36 })],
    }),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: SECTION_HEADING, bold: true })] }),
    ...narrativeOrNotice(r).map(
      (text) => new Paragraph({ indent: { firstLine: FIRST_LINE_INDENT }, spacing: { line: 360 }, children: [new TextRun(text)] }),
    ),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: TABLE.figures, bold: true })] }),
    ...reportTables(r).flatMap(table),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: TABLE.charts, bold: true })] }),
    chart(renderMonthlyChart(r), CHART.monthlyTitle),
    chart(renderKindsChart(r), CHART.byKindTitle),
  ]
  return new Document({
    creator: 'xuefa',
    title: REPORT_TITLE(r.year, r.unit.name),
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE } } } },
    sections: [{ children }],
  })
}

export async function renderDocx(r: AnnualReport): Promise<Buffer> {
  return Packer.toBuffer(buildReportDocument(r))
}
