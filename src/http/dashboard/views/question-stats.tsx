import { raw } from 'hono/html'
import { QUESTION_STATS as W } from '../../../reports/copy.zh.js'
import { QUESTIONS_PAGE as P } from './copy.zh.js'
import { Layout, type PageUser } from './layout.js'
import { YearUnitFilters, type UnitOption } from './filters.js'

/** One question's row, every text already in words (the view escapes them all). */
export interface QuestionRow {
  id: string
  type: string
  stem: string
  law: string
  answered: number
  facility: string
  discrimination: string
  /** the reasons it is dubious, with the distractor named; [] = not dubious */
  reasons: string[]
}

export interface LawRow {
  law: string
  questions: number
  answered: number
  accuracy: string
}

export interface QuestionStatsPreview {
  year: number
  unitName: string
  unitCode: string
  attempts: number
  answers: number
  /** an SVG from src/reports/question-charts.ts (ECharts escapes its labels); null when no law was answered */
  chart: string | null
  laws: LawRow[]
  questions: QuestionRow[]
  /** how many questions there are in all (the page shows the first ones) */
  questionCount: number
  dubiousCount: number
}

export function QuestionStatsPage(props: { user: PageUser; units: UnitOption[]; stats: QuestionStatsPreview }) {
  const s = props.stats
  const back = new URLSearchParams({ year: String(s.year), ...(s.unitCode ? { unit: s.unitCode } : {}) }).toString()
  return (
    <Layout title={P.title(s.year, s.unitName)} user={props.user} active="report">
      <YearUnitFilters action="/ui/report/questions" year={s.year} unit={s.unitCode} units={props.units} />
      <p class="actions">
        <a href={`/ui/report?${back}`}>{P.back}</a>
      </p>
      <p class="muted">{P.which}</p>
      <p class="muted">{P.how}</p>
      {s.answers === 0 ? (
        <p class="empty">{P.empty}</p>
      ) : (
        <>
          <p>
            {P.counted(s.attempts, s.answers)}
            {P.flagged(s.dubiousCount)}
          </p>
          {s.chart === null ? null : (
            <div class="charts">
              <figure class="chart">{raw(s.chart)}</figure>
            </div>
          )}
          <div class="table-wrap">
            <table class="list">
              <caption>{P.laws}</caption>
              <thead>
                <tr>
                  <th scope="col">{W.law}</th>
                  <th scope="col" class="num">
                    {W.questions}
                  </th>
                  <th scope="col" class="num">
                    {W.answered}
                  </th>
                  <th scope="col" class="num">
                    {W.accuracy}
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.laws.map((l) => (
                  <tr>
                    <th scope="row">{l.law}</th>
                    <td class="num">{l.questions}</td>
                    <td class="num">{l.answered}</td>
                    <td class="num">{l.accuracy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-wrap">
            <table class="list">
              <caption>{P.questions}</caption>
              <thead>
                <tr>
                  <th scope="col">{W.question}</th>
                  <th scope="col">{W.type}</th>
                  <th scope="col">{W.law}</th>
                  <th scope="col" class="num">
                    {W.answered}
                  </th>
                  <th scope="col" class="num">
                    {W.facility}
                  </th>
                  <th scope="col" class="num">
                    {W.discrimination}
                  </th>
                  <th scope="col">{P.dubious}</th>
                </tr>
              </thead>
              <tbody>
                {s.questions.map((q) => (
                  <tr class={q.reasons.length > 0 ? 'dubious' : undefined}>
                    <th scope="row">
                      <span class="muted">{q.id}</span> {q.stem}
                    </th>
                    <td class="nowrap">{q.type}</td>
                    <td>{q.law}</td>
                    <td class="num">{q.answered}</td>
                    <td class="num">{q.facility}</td>
                    <td class="num">{q.discrimination}</td>
                    <td>
                      {q.reasons.map((r) => (
                        <div>{r}</div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.questionCount > s.questions.length ? <p class="muted">{P.truncated(s.questions.length, s.questionCount)}</p> : null}
        </>
      )}
    </Layout>
  )
}
