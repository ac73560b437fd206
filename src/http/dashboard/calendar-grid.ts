import { daysInMonth, weekdayOf } from '../../calendar.js'

export interface CalendarItem {
  id: string
  title: string
  status: string
  /** 'HH:mm' local */
  time: string
  /** 'YYYY-MM-DD' local */
  date: string
}

export interface CalendarDay {
  date: string
  day: number
  items: CalendarItem[]
}

/** Weeks Monday to Sunday of a local month; days of other months are null. Pure. */
export function monthGrid(year: number, month: number, items: readonly CalendarItem[]): (CalendarDay | null)[][] {
  const byDate = new Map<string, CalendarItem[]>()
  for (const it of items) byDate.set(it.date, [...(byDate.get(it.date) ?? []), it])
  const ym = `${year}-${String(month).padStart(2, '0')}`
  const lead = (weekdayOf(`${ym}-01`) + 6) % 7
  const cells: (CalendarDay | null)[] = Array.from({ length: lead }, () => null)
  for (let d = 1; d <= daysInMonth(year, month); d++) {
    const date = `${ym}-${String(d).padStart(2, '0')}`
    cells.push({ date, day: d, items: byDate.get(date) ?? [] })
  }
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks: (CalendarDay | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

/** The month before and after, rolling over the year. */
export function adjacentMonths(year: number, month: number): { prev: [number, number]; next: [number, number] } {
  return {
    prev: month === 1 ? [year - 1, 12] : [year, month - 1],
    next: month === 12 ? [year + 1, 1] : [year, month + 1],
  }
}
