/**
 * Cron expressions evaluated over local time in XUEFA_TZ (pure). This parser decides whether an expression is
 * valid, and computes the next fire time itself, so holidays and 调休 working days can be taken into account.
 *
 * Five fields (minute hour day-of-month month day-of-week) or six (with seconds first). `*`, lists, ranges,
 * steps and English month / weekday names; 7 is Sunday. As in Vixie cron, when both day fields are
 * restricted a day matching either one fires.
 */
import { addLocalDays, isOfficialWorkday, localDate, localDateTime, weekdayOf, zonedParts } from '../calendar.js'

export interface CronSpec {
  seconds: number[]
  minutes: number[]
  hours: number[]
  daysOfMonth: Set<number>
  months: Set<number>
  daysOfWeek: Set<number>
  domRestricted: boolean
  dowRestricted: boolean
  /** day-of-week is exactly Monday–Friday: read as "working days" when holidays are honoured */
  weekdaysOnly: boolean
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

export class CronError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CronError'
  }
}

function parseValue(text: string, names: string[] | null, offset: number): number {
  const lower = text.toLowerCase()
  if (names) {
    const i = names.indexOf(lower)
    if (i >= 0) return i + offset
  }
  if (!/^\d+$/.test(text)) throw new CronError(`"${text}" is not a number`)
  return Number(text)
}

function parseField(text: string, min: number, max: number, names: string[] | null = null, nameOffset = 0): number[] {
  const out = new Set<number>()
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new CronError(`bad step in "${part}"`)
    let lo: number
    let hi: number
    if (range === '*') [lo, hi] = [min, max]
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string]
      ;[lo, hi] = [parseValue(a, names, nameOffset), parseValue(b, names, nameOffset)]
    } else {
      lo = parseValue(range, names, nameOffset)
      hi = stepText === undefined ? lo : max
    }
    if (lo < min || hi > max || lo > hi) throw new CronError(`"${part}" is outside ${min}-${max}`)
    for (let v = lo; v <= hi; v += step) out.add(v)
  }
  return [...out].sort((a, b) => a - b)
}

export function parseCron(expression: string): CronSpec {
  const fields = expression.trim().split(/\s+/)
  if (fields.length !== 5 && fields.length !== 6) throw new CronError(`expected 5 or 6 fields, got ${fields.length}`)
  const [sec, min, hour, dom, mon, dow] = (fields.length === 5 ? ['0', ...fields] : fields) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const daysOfWeek = new Set(parseField(dow, 0, 7, DAYS, 0).map((d) => (d === 7 ? 0 : d)))
  return {
    seconds: parseField(sec, 0, 59),
    minutes: parseField(min, 0, 59),
    hours: parseField(hour, 0, 23),
    daysOfMonth: new Set(parseField(dom, 1, 31)),
    months: new Set(parseField(mon, 1, 12, MONTHS, 1)),
    daysOfWeek,
    domRestricted: !dom.startsWith('*'),
    dowRestricted: !dow.startsWith('*'),
    weekdaysOnly: daysOfWeek.size === 5 && [1, 2, 3, 4, 5].every((d) => daysOfWeek.has(d)),
  }
}

export interface FireOptions {
  /** fire only on China's official working days; a Mon–Fri expression then also fires on 调休 weekends */
  skipHolidays?: boolean
}

function dayMatches(spec: CronSpec, ymd: string, o: FireOptions): boolean {
  const [, m, d] = ymd.split('-').map(Number) as [number, number, number]
  if (!spec.months.has(m)) return false
  if (o.skipHolidays) {
    if (!isOfficialWorkday(ymd)) return false
    if (spec.weekdaysOnly && !spec.domRestricted) return true
  }
  const domOk = spec.daysOfMonth.has(d)
  const dowOk = spec.daysOfWeek.has(weekdayOf(ymd))
  if (spec.domRestricted && spec.dowRestricted) return domOk || dowOk
  return domOk && dowOk
}

/** The first fire time strictly after `after`, looking at most `horizonDays` ahead; null when none. */
export function nextFireAfter(spec: CronSpec, after: Date, tz: string, o: FireOptions = {}, horizonDays = 5 * 366): Date | null {
  const startDay = localDate(after, tz)
  for (let i = 0; i <= horizonDays; i++) {
    const ymd = addLocalDays(startDay, i)
    if (!dayMatches(spec, ymd, o)) continue
    for (const h of spec.hours) {
      for (const mi of spec.minutes) {
        const base = localDateTime(ymd, `${h}:${mi}`, tz)
        // a local time skipped by a DST change lands in another hour: not a fire time
        if (zonedParts(base, tz).hour !== h) continue
        for (const s of spec.seconds) {
          const at = new Date(base.getTime() + s * 1000)
          if (at.getTime() > after.getTime()) return at
        }
      }
    }
  }
  return null
}

/** Every fire time in (from, to], oldest first, at most `limit`. */
export function fireTimesBetween(spec: CronSpec, from: Date, to: Date, tz: string, o: FireOptions = {}, limit = 1000): Date[] {
  const out: Date[] = []
  for (
    let at = nextFireAfter(spec, from, tz, o);
    at && at.getTime() <= to.getTime() && out.length < limit;
    at = nextFireAfter(spec, at, tz, o)
  ) {
    out.push(at)
  }
  return out
}
