import { REPORT_TITLE, SECTION_HEADING, TABLE } from './copy.zh.js'
import { renderKindsChart, renderMonthlyChart } from './charts.js'
import { reportTables, type TextTable } from './report-tables.js'
import type { AnnualReport } from './report.types.js'
import { narrativeOrNotice } from './narrative.zh.js'

export interface MarkdownOptions {
  /** embed the two charts as SVG data URIs (default true) */
  charts?: boolean
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function markdownTable(t: TextTable): string {
  return [
    `### ${t.title}`,
    '',
    `| ${t.header.map(cell).join(' | ')} |`,
    `|${t.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n')
}

function svgImage(alt: string, svg: string): string {
  return `![${alt}](data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')})`
}

/** The report as Markdown: title, the narrative ready to paste, the tables (targets included), the charts. */
export function renderMarkdown(r: AnnualReport, options: MarkdownOptions = {}): string {
  const parts = [
    `# ${REPORT_TITLE(r.year, r.unit.name)}`,
    `## ${SECTION_HEADING}`,
    ...narrativeOrNotice(r),
    `## ${TABLE.figures}`,
    ...reportTables(r).map(markdownTable),
  ]
  if (options.charts ?? true) {
    parts.push(`## ${TABLE.charts}`, svgImage(TABLE.charts, renderMonthlyChart(r)), svgImage(TABLE.charts, renderKindsChart(r)))
  }
  return `${parts.join('\n\n')}\n`
}
