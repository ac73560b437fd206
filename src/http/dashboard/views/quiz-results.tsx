import { QUIZ } from './copy.zh.js'
import { Layout, type PageUser } from './layout.js'

export interface QuizResultRow {
  name: string
  unitName: string
  state: string
  score: number | null
  passed: boolean | null
  finishedAtLocal: string | null
  attempts: number
  /** the answer sheet of the latest attempt */
  sheetHref: string
}

export interface QuizResults {
  passScore: number
  rows: QuizResultRow[]
}

export function QuizResultsPage(props: { user: PageUser; sessionId: string; title: string; quiz: QuizResults | null }) {
  const q = props.quiz
  const finished = q?.rows.filter((r) => r.state === 'finished') ?? []
  return (
    <Layout title={QUIZ.title(props.title)} user={props.user} active="sessions">
      <p>
        <a href={`/ui/sessions/${encodeURIComponent(props.sessionId)}`}>{`← ${props.title}`}</a>
      </p>
      {!q ? (
        <p>{QUIZ.none}</p>
      ) : (
        <>
          <p>{QUIZ.summary(finished.length, finished.filter((r) => r.passed).length, q.passScore)}</p>
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  {Object.values(QUIZ.columns).map((h) => (
                    <th scope="col">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {q.rows.map((r) => (
                  <tr>
                    <th scope="row">{r.name}</th>
                    <td>{r.unitName}</td>
                    <td>{QUIZ.states[r.state] ?? r.state}</td>
                    <td class="num">{r.score === null ? '' : String(r.score)}</td>
                    <td>{r.passed === null ? '' : r.passed ? QUIZ.yes : QUIZ.no}</td>
                    <td class="nowrap">{r.finishedAtLocal ?? ''}</td>
                    <td class="num">{String(r.attempts)}</td>
                    <td>
                      <a href={r.sheetHref}>{QUIZ.sheet}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Layout>
  )
}
