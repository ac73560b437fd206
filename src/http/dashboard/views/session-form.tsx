import { SESSION_KINDS, SESSION_KIND_ZH, SESSION_STATUS_ZH } from '../../../sessions/session.rules.js'
import { FORM } from './copy.zh.js'
import { CsrfField, FlashErrors, Layout, type PageUser } from './layout.js'
import { UnitOptions, type UnitOption } from './filters.js'

/** The form's fields as text, exactly as typed (so a rejected form comes back as it was sent). */
export interface SessionFormValues {
  kind: string
  title: string
  /** 'YYYY-MM-DDTHH:mm' local, the value of <input type="datetime-local"> */
  startsAt: string
  unitCode: string
  body: string
  meetingNo: string
  hours: string
  presenter: string
  /** the bank's laws ticked (canonical titles) */
  bankLaws: string[]
  /** other laws, as typed */
  laws: string
  status: string
  audienceUnits: string[]
  leadersOnly: boolean
  quizCount: string
  passScore: string
  /** the organizer saw that the start is past and saves it as held (asked once, see sessions.routes.tsx) */
  pastConfirmed: boolean
}

function Field(props: {
  id: string
  label: string
  value: string
  type?: string
  required?: boolean
  extra?: Record<string, string | number>
}) {
  return (
    <div class="field">
      <label for={props.id}>
        {props.label}
        {props.required ? (
          <span class="req">
            {' '}
            *<span class="sr-only">{FORM.required}</span>
          </span>
        ) : null}
      </label>
      <input id={props.id} name={props.id} type={props.type ?? 'text'} value={props.value} required={props.required} {...props.extra} />
    </div>
  )
}

/** A law the bank has questions of, offered on the form. */
export interface BankLawOption {
  title: string
  questions: number
}

export function SessionFormPage(props: {
  user: PageUser
  id?: string
  values: SessionFormValues
  units: UnitOption[]
  bankLaws: BankLawOption[]
  errors: string[]
  /** the start is past: the form asks to confirm it is recorded as held */
  askPast?: boolean
}) {
  const v = props.values
  const editing = props.id !== undefined
  const action = editing ? `/ui/sessions/${encodeURIComponent(props.id!)}` : '/ui/sessions'
  return (
    <Layout title={editing ? FORM.editTitle(v.title) : FORM.newTitle} user={props.user} active={editing ? undefined : 'newSession'}>
      <FlashErrors errors={props.errors} lead={FORM.errors} />
      <form method="post" action={action} class="stack">
        <CsrfField token={props.user.csrf} />
        <div class="grid2">
          <div class="field">
            <label for="kind">{FORM.kind}</label>
            <select id="kind" name="kind">
              {SESSION_KINDS.map((k) => (
                <option value={k} selected={v.kind === k}>
                  {SESSION_KIND_ZH[k]}
                </option>
              ))}
            </select>
          </div>
          <Field id="title" label={FORM.title} value={v.title} required extra={{ maxlength: 200 }} />
          <div class="field">
            <label for="startsAt">
              {FORM.startsAt}
              <span class="req">
                {' '}
                *<span class="sr-only">{FORM.required}</span>
              </span>
            </label>
            <input id="startsAt" name="startsAt" type="datetime-local" value={v.startsAt} required aria-describedby="starts-hint" />
            <p id="starts-hint" class="muted">
              {FORM.pastHint}
            </p>
            {props.askPast ? (
              <label>
                <input type="checkbox" name="pastConfirmed" value="1" checked={v.pastConfirmed} /> {FORM.pastConfirm}
              </label>
            ) : null}
          </div>
          <div class="field">
            <label for="unitCode">{FORM.unit}</label>
            <select id="unitCode" name="unitCode">
              <UnitOptions units={props.units} selected={v.unitCode} />
            </select>
          </div>
          <Field id="body" label={FORM.body} value={v.body} extra={{ maxlength: 100 }} />
          <Field id="meetingNo" label={FORM.meetingNo} value={v.meetingNo} extra={{ maxlength: 50 }} />
          <Field id="hours" label={FORM.hours} value={v.hours} type="number" extra={{ min: 0, step: '0.5' }} />
          <Field id="presenter" label={FORM.presenter} value={v.presenter} extra={{ maxlength: 100 }} />
          {editing ? (
            <div class="field">
              <label for="status">{FORM.status}</label>
              <select id="status" name="status">
                {(['planned', 'held'] as const).map((s) => (
                  <option value={s} selected={v.status === s}>
                    {SESSION_STATUS_ZH[s]}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        <fieldset aria-describedby="bank-laws-hint">
          <legend>{FORM.bankLaws}</legend>
          <p class="muted" id="bank-laws-hint">
            {props.bankLaws.length ? FORM.bankLawsHint : FORM.bankLawsNone}
          </p>
          <div class="checks">
            {props.bankLaws.map((l, i) => (
              <label class="check" for={`law-${i}`}>
                <input type="checkbox" id={`law-${i}`} name="bankLaws" value={l.title} checked={v.bankLaws.includes(l.title)} />
                {FORM.bankLaw(l.title, l.questions)}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label for="laws">{FORM.laws}</label>
          <textarea id="laws" name="laws" rows={3}>
            {v.laws}
          </textarea>
        </div>
        <fieldset aria-describedby="audience-hint">
          <legend>{FORM.audience}</legend>
          <p class="muted" id="audience-hint">
            {FORM.audienceHint}
          </p>
          <div class="checks">
            {props.units.map((u) => (
              <label class="check" for={`aud-${u.code}`}>
                <input
                  type="checkbox"
                  id={`aud-${u.code}`}
                  name="audienceUnits"
                  value={u.code}
                  checked={v.audienceUnits.includes(u.code)}
                />
                {u.name}
              </label>
            ))}
          </div>
          <label class="check" for="leadersOnly">
            <input type="checkbox" id="leadersOnly" name="leadersOnly" value="1" checked={v.leadersOnly} />
            {FORM.leadersOnly}
          </label>
        </fieldset>
        <fieldset>
          <legend>{FORM.quiz}</legend>
          <div class="grid2">
            <Field id="quizCount" label={FORM.quizCount} value={v.quizCount} type="number" extra={{ min: 0, max: 100 }} />
            <Field id="passScore" label={FORM.passScore} value={v.passScore} type="number" extra={{ min: 0, max: 100 }} />
          </div>
        </fieldset>
        <button type="submit">{FORM.save}</button>
      </form>
      {editing ? (
        <form method="post" action={`${action}/cancel`} class="danger-zone">
          <CsrfField token={props.user.csrf} />
          <p>{FORM.cancelHint}</p>
          <button type="submit" class="danger">
            {FORM.cancelSession}
          </button>
        </form>
      ) : null}
    </Layout>
  )
}
