import { EXAMS, FILTERS } from './copy.zh.js'
import { Flash, Layout, type PageUser } from './layout.js'
import { AppointmentAssignForm, OutcomeForm, type AppointmentFormProps } from './appointment-form.js'
import type { Child } from 'hono/jsx'

export interface CandidateRow {
  /** the year's latest assigned exam (null: paper results only, nothing to act on here) */
  examId: number | null
  name: string
  unitName: string
  proposedPost: string | null
  opensAtLocal: string | null
  sittings: number
  bestScore: number | null
  passed: boolean | null
  /** the exam's state or the recorded outcome, already as a code */
  state: string | null
  outcome: string | null
}

/**
 * `annual`: the 年度学法考试 section (views/annual-exams.tsx), below the 任前 candidates. An outcome is offered and a
 * 成绩单 linked once the candidate has sat the exam.
 */
export function ExamsPage(props: {
  user: PageUser
  year: number
  rows: CandidateRow[]
  /** what was just done (assigned, recorded), or what was refused */
  flash: string | null
  refusal: string | null
  /** the forms, for a viewer who may change (null: a reporter, who reads) */
  actions: AppointmentFormProps | null
  annual?: Child
}) {
  const c = EXAMS.columns
  const act = props.actions
  return (
    <Layout title={EXAMS.title(props.year)} user={props.user} active="exams">
      <form method="get" action="/ui/exams" class="filters">
        <div>
          <label for="f-year">{FILTERS.year}</label>
          <input id="f-year" name="year" type="number" min={2000} max={2100} value={String(props.year)} />
        </div>
        <button type="submit">{FILTERS.apply}</button>
      </form>
      <h2 id="appointment">{EXAMS.appointment}</h2>
      <Flash message={props.flash} />
      <Flash message={props.refusal} kind="error" />
      {props.rows.length === 0 ? (
        <p>{EXAMS.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                {[c.name, c.unit, c.post, c.opensAt].map((h) => (
                  <th scope="col">{h}</th>
                ))}
                <th scope="col" class="num">
                  {c.sittings}
                </th>
                <th scope="col" class="num">
                  {c.best}
                </th>
                <th scope="col">{c.passed}</th>
                <th scope="col">{c.outcome}</th>
                <th scope="col">{EXAMS.actions}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  <td>{r.unitName}</td>
                  <td>{r.proposedPost ?? ''}</td>
                  <td class="nowrap">{r.opensAtLocal ?? ''}</td>
                  <td class="num">{String(r.sittings)}</td>
                  <td class="num">{r.bestScore === null ? '' : String(r.bestScore)}</td>
                  <td>{r.passed === null ? EXAMS.pending : r.passed ? EXAMS.outcomes.passed : EXAMS.states.failed}</td>
                  <td>{r.outcome ? (EXAMS.outcomes[r.outcome] ?? r.outcome) : r.state ? (EXAMS.states[r.state] ?? r.state) : ''}</td>
                  <td>
                    {r.examId !== null && r.sittings > 0 ? (
                      <div class="actions">
                        {act ? <OutcomeForm examId={r.examId} name={r.name} current={r.outcome} csrf={act.csrf} /> : null}
                        <a href={`/ui/exams/appointment/${r.examId}/sheet.docx`} download>
                          {EXAMS.sheet}
                        </a>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {act ? <AppointmentAssignForm officials={act.officials} form={act.form} errors={act.errors} csrf={act.csrf} /> : null}
      {props.annual}
    </Layout>
  )
}
