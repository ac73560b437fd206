import { ANSWERS, QUIZ } from './copy.zh.js'
import { CsrfField, Flash, Layout, type PageUser } from './layout.js'

export interface SheetHeader {
  attemptId: number
  name: string
  unitName: string
  title: string
  /** the session's quiz results page, or the exams page */
  back: { href: string; label: string }
  attemptNo: number
  state: string
  score: number | null
  passScore: number
  passed: boolean | null
}

export interface AnswerRow {
  position: number
  typeLabel: string
  stem: string
  /** 'A. …' in the bank's order (not the person's shuffled one) */
  options: string[]
  rightAnswer: string
  given: string | null
  mark: 'right' | 'wrong' | 'pending' | 'unanswered'
  /** the last correction: who and why */
  corrected: { by: string; reason: string } | null
}

function CorrectionForm(props: { attemptId: number; position: number; csrf: string }) {
  const id = `c-${props.position}`
  return (
    <form method="post" action={`/ui/attempts/${props.attemptId}/corrections`} class="correction">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="position" value={String(props.position)} />
      <label for={`${id}-mark`} class="sr-only">
        {ANSWERS.markLabel(props.position)}
      </label>
      <select id={`${id}-mark`} name="mark" required>
        <option value="right">{ANSWERS.asRight}</option>
        <option value="wrong">{ANSWERS.asWrong}</option>
      </select>
      <label for={`${id}-reason`} class="sr-only">
        {ANSWERS.reasonLabel(props.position)}
      </label>
      <input id={`${id}-reason`} name="reason" required maxlength={200} placeholder={ANSWERS.reasonPlaceholder} />
      <button type="submit">{ANSWERS.correct}</button>
    </form>
  )
}

export function AnswerSheetPage(props: {
  user: PageUser
  head: SheetHeader
  rows: AnswerRow[]
  canEdit: boolean
  flash?: { message: string; error: boolean } | null
}) {
  const h = props.head
  return (
    <Layout title={ANSWERS.title(h.name, h.title)} user={props.user} active="sessions">
      <p>
        <a href={h.back.href}>{`← ${h.back.label}`}</a>
      </p>
      <Flash message={props.flash?.message} kind={props.flash?.error ? 'error' : 'ok'} />
      <dl class="facts">
        <dt>{ANSWERS.person}</dt>
        <dd>{`${h.name}（${h.unitName}）`}</dd>
        <dt>{ANSWERS.attempt}</dt>
        <dd>{ANSWERS.attemptNo(h.attemptNo, QUIZ.states[h.state] ?? h.state)}</dd>
        <dt>{ANSWERS.score}</dt>
        <dd>{h.score === null ? '—' : ANSWERS.scoreLine(h.score, h.passScore, h.passed)}</dd>
      </dl>
      {props.canEdit ? <p class="muted">{ANSWERS.hint}</p> : null}
      <div class="table-wrap">
        <table class="list answers">
          <thead>
            <tr>
              {[ANSWERS.columns.n, ANSWERS.columns.question, ANSWERS.columns.right, ANSWERS.columns.given, ANSWERS.columns.mark].map(
                (c) => (
                  <th scope="col">{c}</th>
                ),
              )}
              {props.canEdit ? <th scope="col">{ANSWERS.columns.correct}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr class={`mark-${r.mark}`}>
                <td class="num">{String(r.position)}</td>
                <td>
                  <p class="q">{`（${r.typeLabel}）${r.stem}`}</p>
                  {r.options.length ? (
                    <ul class="options">
                      {r.options.map((o) => (
                        <li>{o}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>{r.rightAnswer}</td>
                <td>{r.given ?? ANSWERS.none}</td>
                <td>
                  {ANSWERS.marks[r.mark]}
                  {r.corrected ? <p class="muted">{ANSWERS.correctedBy(r.corrected.by, r.corrected.reason)}</p> : null}
                </td>
                {props.canEdit ? (
                  <td>
                    {r.mark === 'unanswered' ? null : (
                      <CorrectionForm attemptId={h.attemptId} position={r.position} csrf={props.user.csrf} />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  )
}
