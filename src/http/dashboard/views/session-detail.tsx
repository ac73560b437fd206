import {
  ATTENDANCE_STATUSES,
  ATTENDANCE_STATUS_ZH,
  SESSION_KIND_ZH,
  SESSION_STATUS_ZH,
  type AttendanceStatus,
  type SessionKind,
  type SessionStatus,
} from '../../../sessions/session.rules.js'
import { CLOCK_STATE_ZH, DETAIL, FORM, SESSIONS, TIMELINE_STATE_ZH, TIMELINE_STEP_ZH } from './copy.zh.js'
import { CsrfField, Flash, Layout, type PageUser } from './layout.js'
import { CapacityPanel, type CapacityPanelData } from './capacity.js'

export interface SessionOverview {
  id: string
  title: string
  kind: SessionKind
  status: SessionStatus
  startsLocal: string
  unitName: string
  body: string | null
  meetingNo: string | null
  hours: number | null
  presenter: string | null
  laws: string[]
  audience: string
}

export interface SheetRow {
  officialId: string
  name: string
  unitName: string
  status: AttendanceStatus | null
  markedBy: string | null
  markedAtLocal: string | null
}

export interface TimelineRow {
  step: string
  atLocal: string
  state: string
}

export interface SheetPage {
  rows: SheetRow[]
  expected: number
  page: number
  pages: number
}

function Overview(props: { s: SessionOverview }) {
  const s = props.s
  const items: [string, string | null][] = [
    [SESSIONS.columns.time, s.startsLocal],
    [FORM.kind, SESSION_KIND_ZH[s.kind]],
    [SESSIONS.columns.status, SESSION_STATUS_ZH[s.status]],
    [FORM.unit, s.unitName],
    [FORM.body, s.body && `${s.body}${s.meetingNo ? ` ${s.meetingNo}` : ''}`],
    [FORM.hours, s.hours === null ? null : String(s.hours)],
    [FORM.presenter, s.presenter],
    [SESSIONS.columns.laws, s.laws.map((l) => `《${l}》`).join('、') || null],
    [FORM.audience, s.audience],
  ]
  return (
    <dl class="facts">
      {items
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
    </dl>
  )
}

/** What goes out to the audience and when: an organizer sees it before anything is sent. */
function Timeline(props: { rows: TimelineRow[] }) {
  if (props.rows.length === 0) return <p class="muted">{DETAIL.noTimeline}</p>
  return (
    <div class="table-wrap">
      <table class="list timeline">
        <thead>
          <tr>
            <th scope="col">{DETAIL.timelineAt}</th>
            <th scope="col">{DETAIL.timelineStep}</th>
            <th scope="col">{DETAIL.timelineState}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr class={`state-${r.state}`}>
              <td class="nowrap">{r.atLocal}</td>
              <th scope="row">{TIMELINE_STEP_ZH[r.step] ?? r.step}</th>
              <td>{(r.step.startsWith('checkin') ? CLOCK_STATE_ZH : TIMELINE_STATE_ZH)[r.state] ?? r.state}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Sheet(props: { id: string; sheet: SheetPage; csrf: string; canEdit: boolean }) {
  const { sheet } = props
  const base = `/ui/sessions/${encodeURIComponent(props.id)}`
  return (
    <form method="post" action={`${base}/attendance`}>
      <CsrfField token={props.csrf} />
      <input type="hidden" name="page" value={String(sheet.page)} />
      <div class="table-wrap">
        <table class="list sheet">
          <thead>
            <tr>
              <th scope="col">{DETAIL.id}</th>
              <th scope="col">{DETAIL.name}</th>
              <th scope="col">{DETAIL.unit}</th>
              <th scope="col">{DETAIL.mark}</th>
              <th scope="col">{DETAIL.markedBy}</th>
              <th scope="col">{DETAIL.markedAt}</th>
            </tr>
          </thead>
          <tbody>
            {sheet.rows.map((r, i) => (
              <tr>
                <td>{r.officialId}</td>
                <th scope="row">{r.name}</th>
                <td>{r.unitName}</td>
                <td>
                  <label for={`m-${i}`} class="sr-only">{`${r.name} ${DETAIL.mark}`}</label>
                  <select id={`m-${i}`} name={`mark:${r.officialId}`} disabled={!props.canEdit}>
                    <option value="">{DETAIL.unmarked}</option>
                    {ATTENDANCE_STATUSES.map((st) => (
                      <option value={st} selected={r.status === st}>
                        {ATTENDANCE_STATUS_ZH[st]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{r.markedBy ?? ''}</td>
                <td class="nowrap">{r.markedAtLocal ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sheet.pages > 1 ? (
        <p class="pager">
          {sheet.page > 1 ? <a href={`${base}?page=${sheet.page - 1}#attendance`}>{DETAIL.prev}</a> : null}
          <span>{DETAIL.page(sheet.page, sheet.pages)}</span>
          {sheet.page < sheet.pages ? <a href={`${base}?page=${sheet.page + 1}#attendance`}>{DETAIL.next}</a> : null}
        </p>
      ) : null}
      {props.canEdit ? <button type="submit">{DETAIL.saveMarks}</button> : null}
    </form>
  )
}

export function SessionDetailPage(props: {
  user: PageUser
  session: SessionOverview
  sheet: SheetPage
  timeline: TimelineRow[]
  capacity: CapacityPanelData
  canEdit: boolean
  flash?: string | null
}) {
  const s = props.session
  const base = `/ui/sessions/${encodeURIComponent(s.id)}`
  const open = s.status !== 'cancelled'
  return (
    <Layout title={s.title} user={props.user} active="sessions">
      <Flash message={props.flash} />
      <h2>{DETAIL.overview}</h2>
      <Overview s={s} />
      <p class="actions">
        {props.canEdit && open ? <a href={`${base}/edit`}>{DETAIL.edit}</a> : null}
        <a href={`${base}/quiz`}>{DETAIL.quiz}</a>
      </p>
      <h2 id="timeline">{DETAIL.timeline}</h2>
      <Timeline rows={props.timeline} />
      <CapacityPanel c={props.capacity} />
      <h2 id="attendance">{`${DETAIL.attendance}（${DETAIL.expected(props.sheet.expected)}）`}</h2>
      {!open ? <p class="notice">{DETAIL.cancelledNoMarks}</p> : null}
      {open && !props.canEdit ? <p class="muted">{DETAIL.readOnly}</p> : null}
      {props.sheet.rows.length === 0 ? (
        <p>{DETAIL.noPeople}</p>
      ) : (
        <Sheet id={s.id} sheet={props.sheet} csrf={props.user.csrf} canEdit={props.canEdit && open} />
      )}
    </Layout>
  )
}
