import { SESSION_KIND_ZH, SESSION_STATUS_ZH, type SessionKind, type SessionStatus } from '../../../sessions/session.rules.js'
import { SESSIONS } from './copy.zh.js'
import { Flash, Layout, type PageUser } from './layout.js'
import { SessionFilters, type FilterState, type UnitOption } from './filters.js'

export interface SessionRow {
  id: string
  title: string
  kind: SessionKind
  status: SessionStatus
  /** 'YYYY-MM-DD HH:mm' in the deployment's time zone */
  startsLocal: string
  unitName: string
  laws: string[]
}

export function SessionsListPage(props: {
  user: PageUser
  filters: FilterState
  units: UnitOption[]
  sessions: SessionRow[]
  flash?: string | null
}) {
  const { sessions } = props
  return (
    <Layout title={SESSIONS.listTitle(props.filters.year)} user={props.user} active="sessions">
      <Flash message={props.flash} />
      <SessionFilters action="/ui/sessions" state={props.filters} units={props.units} />
      <p class="muted">{SESSIONS.count(sessions.length)}</p>
      {sessions.length === 0 ? (
        <p>{SESSIONS.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{SESSIONS.columns.time}</th>
                <th scope="col">{SESSIONS.columns.title}</th>
                <th scope="col">{SESSIONS.columns.kind}</th>
                <th scope="col">{SESSIONS.columns.unit}</th>
                <th scope="col">{SESSIONS.columns.status}</th>
                <th scope="col">{SESSIONS.columns.laws}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr class={`status-${s.status}`}>
                  <td class="nowrap">{s.startsLocal}</td>
                  <td>
                    <a href={`/ui/sessions/${encodeURIComponent(s.id)}`}>{s.title}</a>
                  </td>
                  <td>{SESSION_KIND_ZH[s.kind]}</td>
                  <td>{s.unitName}</td>
                  <td>{SESSION_STATUS_ZH[s.status]}</td>
                  <td>{s.laws.map((l) => `《${l}》`).join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}
