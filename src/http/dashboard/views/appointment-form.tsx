/** The 任前 exam's ways in on the exams page: the form to assign one, and each candidate's outcome form. */
import { raw } from 'hono/html'
import { escapeToBuffer, type HtmlEscapedString } from 'hono/utils/html'
import { EXAMS } from './copy.zh.js'
import { CsrfField, FlashErrors } from './layout.js'

export interface AppointmentForm {
  officialId: string
  proposedPost: string
  opensAt: string
  minutes: string
  passScore: string
}

export interface OfficialChoice {
  id: string
  name: string
  unitName: string
}

export interface AppointmentFormProps {
  officials: OfficialChoice[]
  form: AppointmentForm
  errors: string[]
  csrf: string
}

const A = EXAMS.assign

function Field(props: { id: string; name: keyof AppointmentForm; label: string; value: string; type?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} name={props.name} type={props.type ?? 'text'} value={props.value} required />
    </div>
  )
}

/**
 * One `<option>` per official, written as JSX would (`<option value="…" selected="">…</option>`, every value escaped by
 * hono's own escape), as one string: a county's 10,000 officials as 10,000 JSX elements cost the page more render time
 * than everything else on it (README "Performance", ui.exams).
 */
function officialOptions(officials: readonly OfficialChoice[], chosen: string): HtmlEscapedString {
  const out: [string] = ['']
  for (const o of officials) {
    out[0] += '<option value="'
    escapeToBuffer(o.id, out)
    out[0] += o.id === chosen ? '" selected="">' : '">'
    escapeToBuffer(`${o.name}（${o.unitName}，${o.id}）`, out)
    out[0] += '</option>'
  }
  return raw(out[0])
}

export function AppointmentAssignForm(props: AppointmentFormProps) {
  const f = props.form
  return (
    <>
      <h3 id="appointment-add">{A.heading}</h3>
      <p class="muted">{A.intro}</p>
      <FlashErrors errors={props.errors} />
      <form method="post" action="/ui/exams/appointment#appointment-add" class="stack narrow">
        <CsrfField token={props.csrf} />
        <div class="field">
          <label for="p-official">{A.official}</label>
          <select id="p-official" name="officialId" required>
            <option value="">{A.choose}</option>
            {officialOptions(props.officials, f.officialId)}
          </select>
        </div>
        <Field id="p-post" name="proposedPost" label={A.post} value={f.proposedPost} />
        <Field id="p-opens" name="opensAt" label={A.opensAt} value={f.opensAt} type="datetime-local" />
        <Field id="p-minutes" name="minutes" label={A.minutes} value={f.minutes} type="number" />
        <Field id="p-pass" name="passScore" label={A.passScore} value={f.passScore} type="number" />
        <button type="submit">{A.save}</button>
      </form>
    </>
  )
}

/** 通过 / 暂缓任用 / 撤回提名 for one candidate's exam, in the candidates table. */
export function OutcomeForm(props: { examId: number; name: string; current: string | null; csrf: string }) {
  const id = `o-${props.examId}`
  return (
    <form method="post" action="/ui/exams/appointment/outcome#appointment" class="inline">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="examId" value={String(props.examId)} />
      <label for={id} class="sr-only">
        {EXAMS.outcomeLabel(props.name)}
      </label>
      <select id={id} name="outcome" required>
        {props.current ? null : <option value="">{A.choose}</option>}
        {Object.entries(EXAMS.outcomes).map(([code, zh]) => (
          <option value={code} selected={code === props.current}>
            {zh}
          </option>
        ))}
      </select>
      <button type="submit">{EXAMS.record}</button>
    </form>
  )
}
