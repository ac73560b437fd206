import { raw } from 'hono/html'
import { STUDY_LIST } from '../../../reports/copy.zh.js'
import { QUESTIONS_PAGE, REPORT } from './copy.zh.js'
import { Layout, type PageUser } from './layout.js'
import { YearUnitFilters, type UnitOption } from './filters.js'

export interface ReportTable {
  title: string
  header: string[]
  rows: string[][]
}

export interface ReportPreview {
  year: number
  unitName: string
  /** the unit asked for ('' = the user's whole scope) */
  unitCode: string
  /** head counts of trainings and lectures in the seeds' round style */
  rounded: boolean
  /** the narrative, or the notice of an empty year */
  narrative: string[]
  /** nothing held and no exam in the year: the charts are left out */
  empty: boolean
  /** SVG documents from the report's chart code (src/reports/charts.ts), which writes no user text unescaped */
  charts: string[]
  tables: ReportTable[]
  /** the year's 学法清单, one table per unit with a list (none: the section is left out) */
  studyList: ReportTable[]
}

function Table(props: { t: ReportTable }) {
  return (
    <div class="table-wrap">
      <table class="list">
        <caption>{props.t.title}</caption>
        <thead>
          <tr>
            {/* over the figures' column, the heading sits where its figures do (right) */}
            {props.t.header.map((h, i) => (
              <th scope="col" class={i > 0 ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.t.rows.map((row) => (
            <tr>{row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td class="num">{cell}</td>))}</tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function ReportPage(props: { user: PageUser; units: UnitOption[]; report: ReportPreview }) {
  const r = props.report
  const q = new URLSearchParams({
    year: String(r.year),
    ...(r.unitCode ? { unit: r.unitCode } : {}),
    ...(r.rounded ? { rounded: '1' } : {}),
  }).toString()
  return (
    <Layout title={REPORT.title(r.year, r.unitName)} user={props.user} active="report">
      <YearUnitFilters action="/ui/report" year={r.year} unit={r.unitCode} units={props.units}>
        <label class="check" for="f-rounded">
          <input id="f-rounded" name="rounded" type="checkbox" value="1" checked={r.rounded} />
          {REPORT.rounded}
        </label>
      </YearUnitFilters>
      <h2>{REPORT.downloads}</h2>
      <p class="actions">
        <a class="button" href={`/ui/report/download?${q}&format=docx`} download>
          {REPORT.docx}
        </a>
        <a class="button" href={`/ui/report/download?${q}&format=md`} download>
          {REPORT.md}
        </a>
        <a class="button" href={`/ui/ledger?${q}`} download>
          {REPORT.ledger}
        </a>
        <a class="button" href={`/ui/report/questions?${q}`}>
          {QUESTIONS_PAGE.link}
        </a>
      </p>
      <h2>{REPORT.narrative}</h2>
      <div class="narrative">
        {r.narrative.map((p) => (
          <p>{p}</p>
        ))}
      </div>
      <h2>{REPORT.charts}</h2>
      {r.empty ? (
        <p class="empty">{REPORT.noCharts}</p>
      ) : (
        <div class="charts">
          {r.charts.map((svg) => (
            <figure class="chart">{raw(svg)}</figure>
          ))}
        </div>
      )}
      <h2>{REPORT.tables}</h2>
      {r.tables.map((t) => (
        <Table t={t} />
      ))}
      {r.studyList.length > 0 && (
        <section id="study-list">
          <h2>{STUDY_LIST.title}</h2>
          <p class="muted">{STUDY_LIST.intro}</p>
          {r.studyList.map((t) => (
            <Table t={t} />
          ))}
        </section>
      )}
    </Layout>
  )
}
