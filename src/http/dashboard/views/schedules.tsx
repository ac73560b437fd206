import { SCHEDULES } from './copy.zh.js'
import { UnitOptions, type UnitOption } from './filters.js'
import { CsrfField, Flash, FlashErrors, Layout, type PageUser } from './layout.js'

export interface ScheduleRow {
  id: number
  name: string
  cron: string
  unitName: string | null
  skipHolidays: boolean
  enabled: boolean
  nextFireLocal: string | null
  lastFiredLocal: string | null
}

export interface ScheduleForm {
  name: string
  cron: string
  unitCode: string
  everyDay: boolean
}

function Actions(props: { row: ScheduleRow; csrf: string }) {
  const base = `/ui/schedules/${props.row.id}`
  return (
    <div class="actions">
      <form method="post" action={`${base}/${props.row.enabled ? 'disable' : 'enable'}`} class="inline">
        <CsrfField token={props.csrf} />
        <button type="submit" class="link">
          {props.row.enabled ? SCHEDULES.disable : SCHEDULES.enable}
        </button>
      </form>
      <form method="post" action={`${base}/delete`} class="inline">
        <CsrfField token={props.csrf} />
        <button type="submit" class="link">
          {SCHEDULES.remove}
        </button>
      </form>
    </div>
  )
}

export function SchedulesPage(props: {
  user: PageUser
  rows: ScheduleRow[]
  units: UnitOption[]
  canEdit: boolean
  /** a scoped viewer must name one of its units; an unscoped one may leave it for every unit */
  unitRequired: boolean
  form: ScheduleForm
  errors: string[]
  flash?: string | null
}) {
  const c = SCHEDULES.columns
  const f = props.form
  return (
    <Layout title={SCHEDULES.title} user={props.user} active="schedules">
      <Flash message={props.flash} />
      <p class="muted">{SCHEDULES.intro}</p>
      {props.rows.length === 0 ? (
        <p>{SCHEDULES.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                {[c.name, c.when, c.days, c.unit, c.next, c.last, c.state, ...(props.canEdit ? [c.actions] : [])].map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  <td>
                    <code>{r.cron}</code>
                  </td>
                  <td>{r.skipHolidays ? SCHEDULES.workdays : SCHEDULES.allDays}</td>
                  <td>{r.unitName ?? SCHEDULES.allUnits}</td>
                  <td class="nowrap">{r.nextFireLocal ?? '—'}</td>
                  <td class="nowrap">{r.lastFiredLocal ?? '—'}</td>
                  <td>{r.enabled ? SCHEDULES.on : SCHEDULES.off}</td>
                  {props.canEdit ? (
                    <td>
                      <Actions row={r} csrf={props.user.csrf} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canEdit ? (
        <>
          <h2 id="add">{SCHEDULES.add}</h2>
          <FlashErrors errors={props.errors} />
          <form method="post" action="/ui/schedules" class="form">
            <CsrfField token={props.user.csrf} />
            <div class="field">
              <label for="s-name">{SCHEDULES.name}</label>
              <input id="s-name" name="name" required maxlength={100} value={f.name} />
            </div>
            <div class="field">
              <label for="s-cron">{SCHEDULES.cron}</label>
              <input id="s-cron" name="cron" required maxlength={100} value={f.cron} aria-describedby="s-cron-hint" />
              <p class="muted" id="s-cron-hint">
                {SCHEDULES.cronHint}
              </p>
            </div>
            <div class="field">
              <label for="s-unit">{SCHEDULES.unit}</label>
              <select id="s-unit" name="unitCode" required={props.unitRequired}>
                {props.unitRequired ? null : <option value="">{SCHEDULES.allUnits}</option>}
                <UnitOptions units={props.units} selected={f.unitCode} />
              </select>
            </div>
            <div class="field">
              <label class="check" for="s-every">
                <input id="s-every" name="everyDay" type="checkbox" value="1" checked={f.everyDay} />
                {SCHEDULES.everyDayLabel}
              </label>
            </div>
            <button type="submit">{SCHEDULES.save}</button>
          </form>
        </>
      ) : null}
    </Layout>
  )
}
