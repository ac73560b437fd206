import { REPORT_TITLE, SECTION_HEADING, TABLE } from './copy.zh.js'
import { reportChartSvgs } from './charts.js'
import { printedTables, type TextTable } from './report-tables.js'
import { studyListDocumentTables } from './study-list.tables.js'
import type { AnnualReport } from './report.types.js'
import { narrativeOrNotice } from './narrative.zh.js'

export interface MarkdownOptions {
  /** embed the two charts as SVG data URIs (default true) */
  charts?: boolean
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/**
 * The one escaping of the Markdown report: every text written into it (titles, paragraphs, table cells — unit names,
 * meeting bodies and law titles among them) passes here, so it reads as the same text and never as markup, whether
 * the file is shown by a Markdown viewer or its HTML is put in a page.
 * - line breaks become spaces (a value cannot start a new block, a heading or a table row);
 * - `& < > "` become HTML entities (no tag, no attribute, no entity of the value's own);
 * - Markdown's punctuation is backslash-escaped wherever it stands (`\ ` * _ [ ] ( ) # ! | ~ { } +`), so no emphasis,
 *   link, image, code span, table cell or heading comes out of a value;
 * - at the start, `-` `=` and a number followed by `.` or `)` and a space are escaped too (no list item, setext
 *   underline or ordered list; 「71.4%」 stays as it is), and leading spaces are dropped (no indented code block).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/^[ \t]+/, '')
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/[\\`*_[\]()#!|~{}+]/g, '\\$&')
    .replace(/^([-=])/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
}

export function markdownTable(t: TextTable): string {
  const row = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`
  return [
    `### ${escapeMarkdown(t.title)}`,
    '',
    row(t.header),
    `|${t.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...t.rows.map(row),
  ].join('\n')
}

function svgImage(alt: string, svg: string): string {
  return `![${escapeMarkdown(alt)}](data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')})`
}

/** The report as Markdown: title, the narrative ready to paste, the tables (targets included), the charts. */
export function renderMarkdown(r: AnnualReport, options: MarkdownOptions = {}): string {
  const parts = [
    `# ${escapeMarkdown(REPORT_TITLE(r.year, r.unit.name))}`,
    `## ${escapeMarkdown(SECTION_HEADING)}`,
    ...narrativeOrNotice(r).map(escapeMarkdown),
    `## ${escapeMarkdown(TABLE.figures)}`,
    ...[...printedTables(r), ...studyListDocumentTables(r.studyList)].map(markdownTable),
  ]
  // the charts that have data to draw, as in the Word document (a year with nothing held has no empty axes)
  const charts = (options.charts ?? true) ? reportChartSvgs(r) : []
  if (charts.length > 0) parts.push(`## ${escapeMarkdown(TABLE.charts)}`, ...charts.map((c) => svgImage(TABLE.charts, c.svg)))
  return `${parts.join('\n\n')}\n`
}
