import { describe, expect, it } from 'vitest'
import { formatLocal, localDate, parseDateTime, yearRange, zonedParts } from '../../src/calendar.js'

const SH = 'Asia/Shanghai'

describe('parseDateTime', () => {
  it.each([
    ['2024-03-05 09:00', SH, '2024-03-05T01:00:00.000Z'],
    ['2024-3-5 9:00', SH, '2024-03-05T01:00:00.000Z'],
    ['2024/03/05 09:00', SH, '2024-03-05T01:00:00.000Z'],
    ['2024-03-05', SH, '2024-03-04T16:00:00.000Z'],
    ['2024-01-01 00:10', SH, '2023-12-31T16:10:00.000Z'],
    ['2024-03-05T09:00:00+08:00', SH, '2024-03-05T01:00:00.000Z'],
    ['2024-03-05T01:00:00Z', SH, '2024-03-05T01:00:00.000Z'],
    ['2024-03-05T09:00', SH, '2024-03-05T01:00:00.000Z'], // what a datetime-local input sends: local time
    ['2024-03-10 12:00', 'America/New_York', '2024-03-10T16:00:00.000Z'], // the day DST starts
    ['2024-03-09 12:00', 'America/New_York', '2024-03-09T17:00:00.000Z'],
    ['2024-07-01 12:00', 'Europe/London', '2024-07-01T11:00:00.000Z'],
  ])('%s in %s is %s', (text, tz, iso) => {
    expect(parseDateTime(text, tz)?.toISOString()).toBe(iso)
  })

  it.each([['2023-02-29 09:00'], ['2024-13-01'], ['2024-03-05 24:00'], ['yesterday'], [''], ['9:00']])('refuses %j', (text) => {
    expect(parseDateTime(text, SH)).toBeNull()
  })
})

describe('year bounds in the deployment time zone', () => {
  it('cuts the year at local midnight', () => {
    expect(yearRange(2024, SH)).toEqual({ from: '2023-12-31T16:00:00.000Z', to: '2024-12-31T16:00:00.000Z' })
  })

  it('puts 23:30 on 31 December in its own year though it is the same UTC day as the next year starts', () => {
    const lateEve = parseDateTime('2023-12-31 23:30', SH)!.toISOString()
    const newYear = parseDateTime('2024-01-01 00:10', SH)!.toISOString()
    const y2023 = yearRange(2023, SH)
    const y2024 = yearRange(2024, SH)
    expect(lateEve >= y2023.from && lateEve < y2023.to).toBe(true)
    expect(newYear >= y2024.from && newYear < y2024.to).toBe(true)
    expect(lateEve.slice(0, 10)).toBe(newYear.slice(0, 10)) // both 2023-12-31 in UTC
  })

  it('formats instants back in local time', () => {
    const d = new Date('2023-12-31T16:10:00Z')
    expect(localDate(d, SH)).toBe('2024-01-01')
    expect(formatLocal(d, SH)).toBe('2024-01-01 00:10')
    expect(zonedParts(d, SH).weekday).toBe(1)
  })
})
