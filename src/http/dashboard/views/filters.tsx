import { SESSION_KINDS, SESSION_KIND_ZH, SESSION_STATUSES, SESSION_STATUS_ZH } from '../../../sessions/session.rules.js'
import type { Child } from 'hono/jsx'
import { FILTERS } from './copy.zh.js'

export interface UnitOption {
  code: string
  name: string
  /** 0 for the top of what the user may see; indents the option */
  depth: number
}

export interface FilterState {
  year: number
  month?: number
  unit: string
  kind: string
  status: string
}

export function UnitOptions(props: { units: UnitOption[]; selected: string }) {
  return (
    <>
      {props.units.map((u) => (
        <option value={u.code} selected={u.code === props.selected}>{`${'\u3000'.repeat(u.depth)}${u.name}`}</option>
      ))}
    </>
  )
}

/** The report pages' GET form: a year and a unit, then whatever else the page asks (`children`), then the button. */
export function YearUnitFilters(props: { action: string; year: number; unit: string; units: UnitOption[]; children?: Child }) {
  return (
    <form method="get" action={props.action} class="filters">
      <div>
        <label for="f-year">{FILTERS.year}</label>
        <input id="f-year" name="year" type="number" min={2000} max={2100} value={String(props.year)} />
      </div>
      <div>
        <label for="f-unit">{FILTERS.unit}</label>
        <select id="f-unit" name="unit">
          <option value="">{FILTERS.any}</option>
          <UnitOptions units={props.units} selected={props.unit} />
        </select>
      </div>
      {props.children}
      <button type="submit">{FILTERS.apply}</button>
    </form>
  )
}

/** GET form: the filters stay in the URL, so a filtered page can be bookmarked and the back button works. */
export function SessionFilters(props: { action: string; state: FilterState; units: UnitOption[]; withStatus?: boolean }) {
  const s = props.state
  return (
    <form method="get" action={props.action} class="filters" aria-label={FILTERS.legend}>
      <div>
        <label for="f-year">{FILTERS.year}</label>
        <input id="f-year" name="year" type="number" min={2000} max={2100} value={String(s.year)} />
      </div>
      {s.month !== undefined ? (
        <div>
          <label for="f-month">{FILTERS.month}</label>
          <select id="f-month" name="month">
            {Array.from({ length: 12 }, (_, i) => (
              <option value={String(i + 1)} selected={s.month === i + 1}>{`${i + 1}月`}</option>
            ))}
          </select>
        </div>
      ) : null}
      <div>
        <label for="f-unit">{FILTERS.unit}</label>
        <select id="f-unit" name="unit">
          <option value="">{FILTERS.any}</option>
          <UnitOptions units={props.units} selected={s.unit} />
        </select>
      </div>
      <div>
        <label for="f-kind">{FILTERS.kind}</label>
        <select id="f-kind" name="kind">
          <option value="">{FILTERS.any}</option>
          {SESSION_KINDS.map((k) => (
            <option value={k} selected={s.kind === k}>
              {SESSION_KIND_ZH[k]}
            </option>
          ))}
        </select>
      </div>
      {props.withStatus !== false ? (
        <div>
          <label for="f-status">{FILTERS.status}</label>
          <select id="f-status" name="status">
            <option value="">{FILTERS.any}</option>
            {SESSION_STATUSES.map((k) => (
              <option value={k} selected={s.status === k}>
                {SESSION_STATUS_ZH[k]}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit">{FILTERS.apply}</button>
    </form>
  )
}
