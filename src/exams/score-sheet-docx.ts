/** The score sheet (成绩单) as Word builds it, in the render worker (src/reports/render-pool.ts): text in, DOCX out. */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { scoreSheetCopy as t } from '../quizzes/copy.zh.js'

/** What the sheet says, every value already text (read from the database on the serving thread: score-sheet.ts). */
export interface ScoreSheet {
  /** label, value: 姓名, 单位, 拟任职务, 结果 */
  info: [string, string][]
  sittings: string[][]
  /** one per sitting: its heading and a row per question */
  details: { heading: string; rows: string[][] }[]
}

export function scoreSheetDocx(sheet: ScoreSheet): Promise<Buffer> {
  const info = (label: string, value: string) =>
    new Paragraph({ children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun(value)] })
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: t.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    ...sheet.info.map(([label, value]) => info(label, value)),
    table([t.sitting, t.takenAt, t.score, t.passScore, t.passed, t.outcome], sheet.sittings),
  ]
  for (const d of sheet.details) {
    children.push(
      new Paragraph({ text: d.heading, heading: HeadingLevel.HEADING_2 }),
      table([t.number, t.type, t.law, t.given, t.correct, t.mark], d.rows),
    )
  }
  children.push(new Paragraph({ children: [new TextRun({ text: t.footer, italics: true })] }))
  const doc = new Document({ creator: 'xuefa', title: t.title, sections: [{ children }] })
  return Packer.toBuffer(doc)
}

function table(header: string[], rows: string[][]): Table {
  const row = (cells: string[], bold: boolean) =>
    new TableRow({
      children: cells.map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: c, bold })] })] })),
    })
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(header, true), ...rows.map((r) => row(r, false))] })
}
