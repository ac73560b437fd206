/**
 * The one place where calendar logic lives: everything that depends on the deployment's
 * time zone (XUEFA_TZ) — year bounds, local dates, parsing "YYYY-MM-DD HH:mm".
 * Instants are Date / ISO UTC strings everywhere else.
 */

import { lazyRequire } from './lazy.js'

/** The holiday tables, read when a schedule first asks (most processes never do). */
const chineseDays = lazyRequire<{ isWorkday(date: string): boolean }>('chinese-days')

export interface ZonedParts {
  year: number
  month: number // 1-12
  day: number
  hour: number
  minute: number
  second: number
  weekday: number // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    })
    formatters.set(tz, f)
  }
  return f
}

const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

export function zonedParts(instant: Date, tz: string): ZonedParts {
  const parts: Record<string, string> = {}
  for (const p of formatterFor(tz).formatToParts(instant)) parts[p.type] = p.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays[parts.weekday ?? 'Sun'] ?? 0,
  }
}

/** Offset of `tz` from UTC at `instant`, in minutes (Asia/Shanghai: +480). */
export function offsetMinutes(instant: Date, tz: string): number {
  const p = zonedParts(instant, tz)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/** The instant at which the wall clock in `tz` shows the given local time. */
export function zonedToInstant(year: number, month: number, day: number, hour = 0, minute = 0, tz: string, second = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second)
  let instant = guess - offsetMinutes(new Date(guess), tz) * 60_000
  // a second pass settles instants next to a DST change
  instant = guess - offsetMinutes(new Date(instant), tz) * 60_000
  return new Date(instant)
}

/** [from, to) of a calendar year in `tz`, as ISO UTC strings comparable with stored timestamps. */
export function yearRange(year: number, tz: string): { from: string; to: string } {
  return {
    from: zonedToInstant(year, 1, 1, 0, 0, tz).toISOString(),
    to: zonedToInstant(year + 1, 1, 1, 0, 0, tz).toISOString(),
  }
}

export function localDate(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** 'YYYY-MM-DD HH:mm' in `tz`. */
export function formatLocal(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz)
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`
}

/** '3月5日 09:00' for chat messages. */
export function formatLocalShortZh(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz)
  return `${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`
}

export function localYear(instant: Date, tz: string): number {
  return zonedParts(instant, tz).year
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

const localPattern = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/

/**
 * Parses the CSV / API time forms: 'YYYY-MM-DD HH:mm' (also '/' or '.' separated, seconds optional)
 * read in `tz`, a bare date (local midnight), or ISO 8601 with an offset. Returns null when it is none of them
 * or names a day that does not exist (2023-02-30).
 */
export function parseDateTime(text: string, tz: string): Date | null {
  const s = text.trim()
  if (s.length > 40) return null
  if (isoWithOffset.test(s)) {
    const d = new Date(s)
    return Number.isNaN(d.getTime()) ? null : d
  }
  const m = localPattern.exec(s)
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const hour = m[4] === undefined ? 0 : Number(m[4])
  const minute = m[5] === undefined ? 0 : Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null
  if (day > daysInMonth(year, month)) return null
  return zonedToInstant(year, month, day, hour, minute, tz, second)
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** 'YYYY-MM-DD' shifted by whole days (pure date arithmetic; month and year ends roll over). */
export function addLocalDays(ymd: string, days: number): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/** The instant of 'HH:mm' on the local date `ymd` in `tz`. */
export function localDateTime(ymd: string, hhmm: string, tz: string): Date {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number]
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number]
  return zonedToInstant(y, m, d, hh, mm, tz)
}

/** The first instant of the local day after the one `instant` falls in. */
export function nextLocalMidnight(instant: Date, tz: string): Date {
  return localDateTime(addLocalDays(localDate(instant, tz), 1), '00:00', tz)
}

/** Day of the week of a local date, 0 = Sunday. */
export function weekdayOf(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay()
}

/**
 * China's official calendar (国务院办公厅 holiday notices, via `chinese-days`): a working day is a weekday
 * that is not a public holiday, or a weekend day made a working day (调休).
 */
export function isOfficialWorkday(ymd: string): boolean {
  return chineseDays().isWorkday(ymd)
}
