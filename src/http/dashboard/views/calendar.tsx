import { FILTERS, SESSIONS } from './copy.zh.js'
import { Layout, type PageUser } from './layout.js'
import { SessionFilters, type FilterState, type UnitOption } from './filters.js'
import type { CalendarDay } from '../calendar-grid.js'

const SHOWN_PER_DAY = 4

function monthHref(f: FilterState, [year, month]: [number, number]): string {
  const q = new URLSearchParams({ year: String(year), month: String(month), unit: f.unit, kind: f.kind, status: f.status })
  return `/ui/calendar?${q.toString()}`
}

function Day(props: { day: CalendarDay }) {
  const { day } = props
  const shown = day.items.slice(0, SHOWN_PER_DAY)
  return (
    <td class={day.items.length ? 'has-items' : 'empty-day'}>
      <div class="day-no">{`${day.day}日`}</div>
      <ul>
        {shown.map((it) => (
          <li class={`status-${it.status}`}>
            <a href={`/ui/sessions/${encodeURIComponent(it.id)}`}>{`${it.time} ${it.title}`}</a>
          </li>
        ))}
      </ul>
      {day.items.length > shown.length ? <div class="muted">{SESSIONS.more(day.items.length - shown.length)}</div> : null}
    </td>
  )
}

export function CalendarPage(props: {
  user: PageUser
  filters: FilterState & { month: number }
  units: UnitOption[]
  weeks: (CalendarDay | null)[][]
  prev: [number, number]
  next: [number, number]
}) {
  const f = props.filters
  return (
    <Layout title={SESSIONS.calendarTitle(f.year, f.month)} user={props.user} active="calendar">
      <SessionFilters action="/ui/calendar" state={f} units={props.units} />
      <p class="pager">
        <a href={monthHref(f, props.prev)}>{`← ${FILTERS.prevMonth}`}</a>
        <a href={monthHref(f, props.next)}>{`${FILTERS.nextMonth} →`}</a>
      </p>
      <table class="calendar">
        <caption class="sr-only">{SESSIONS.calendarTitle(f.year, f.month)}</caption>
        <thead>
          <tr>
            {SESSIONS.weekdays.map((w) => (
              <th scope="col">{w}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.weeks.map((week) => (
            <tr>{week.map((d) => (d ? <Day day={d} /> : <td class="blank" aria-hidden="true"></td>))}</tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}
