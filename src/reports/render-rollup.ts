/** The province roll-up as JSON or Markdown (a table: a row per county and the total, then how people are counted). */
import { ROLLUP } from './copy.zh.js'
import { escapeMarkdown } from './render-md.js'
import { percent } from './numbers.zh.js'
import type { RenderedFile } from './render.js'
import type { Rollup, RollupCounty, RollupFigures, SharedOfficial } from './rollup.types.js'
import type { RollupFormat } from './formats.js'

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', md: 'text/markdown; charset=utf-8' } as const

function cells(name: string, f: RollupFigures): string[] {
  const pct = (v: number | null) => (v === null ? ROLLUP.none : percent(v))
  return [
    name,
    String(f.sessions.held),
    String(f.sessions.hours),
    String(f.attendance.expected),
    String(f.attendance.personTimes),
    pct(f.attendance.rate),
    String(f.attendance.people),
    pct(f.quizzes.completionRate),
    f.quizzes.averageScore === null ? ROLLUP.none : String(f.quizzes.averageScore),
    String(f.exams.appointment.tested),
    pct(f.exams.appointment.passRate),
    String(f.exams.enforcement_cert.personTimes),
    pct(f.exams.enforcement_cert.passRate),
    pct(f.exams.annual.participationRate),
    pct(f.exams.annual.passRate),
  ]
}

/** A county's root unit; a county with several roots (「全部单位」) is told by its namespace beside it. */
function countyName(c: RollupCounty): string {
  return c.unit.code === null ? `${c.unit.name}（${c.namespace}）` : c.unit.name
}

function rollupMarkdown(r: Rollup): string {
  const row = (c: string[]) => `| ${c.map(escapeMarkdown).join(' | ')} |`
  const parts = [`# ${escapeMarkdown(ROLLUP.title(r.year))}`]
  if (r.counties.length === 0) parts.push(escapeMarkdown(ROLLUP.noCounties))
  else
    parts.push(
      [
        row(ROLLUP.header),
        `|${ROLLUP.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
        ...r.counties.map((c) => row(cells(countyName(c), c))),
        row(cells(ROLLUP.total, r.total)),
      ].join('\n'),
    )
  parts.push(escapeMarkdown(ROLLUP.note))
  const unitOf = new Map(r.counties.map((c) => [c.namespace, countyName(c)]))
  const list = (shared: SharedOfficial[]) =>
    shared
      .map((m) => `- ${escapeMarkdown(ROLLUP.movedRow(m.id, m.counties.map((c) => unitOf.get(c.namespace) ?? c.namespace).join('、')))}`)
      .join('\n')
  if (r.moved.length > 0) parts.push(escapeMarkdown(ROLLUP.moved(r.moved.length)), list(r.moved))
  // the 编号 to check, and where: a document that only counts them cannot be acted on
  if (r.sameIdOtherName.length > 0) parts.push(escapeMarkdown(ROLLUP.sameIdOtherName(r.sameIdOtherName.length)), list(r.sameIdOtherName))
  return `${parts.join('\n\n')}\n`
}

export function renderRollup(r: Rollup, format: RollupFormat): RenderedFile {
  const body = format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : rollupMarkdown(r)
  return {
    body,
    contentType: CONTENT_TYPES[format],
    fileName: ROLLUP.fileName(r.year, format),
    asciiName: `xuefa-rollup-${r.year}.${format}`,
  }
}
