import { describe, expect, it } from 'vitest'
import { CronError, fireTimesBetween, nextFireAfter, parseCron } from '../../src/schedules/cron.rules.js'
import { formatLocal } from '../../src/calendar.js'
import { validateCron } from '../../src/schedules/schedules.service.js'

const tz = 'Asia/Shanghai'
const next = (expr: string, after: string) => {
  const at = nextFireAfter(parseCron(expr), new Date(after), tz)
  return at ? formatLocal(at, tz) : null
}

describe('cron over local time', () => {
  it.each([
    ['0 9 * * 1', '2024-03-04T01:00:00Z', '2024-03-11 09:00'], // Monday 09:00 Shanghai exactly: the next one
    ['0 9 * * 1', '2024-03-04T00:59:00Z', '2024-03-04 09:00'],
    ['30 8 * * *', '2024-01-31T01:00:00Z', '2024-02-01 08:30'], // across a month end
    ['0 9 1 * *', '2024-12-15T00:00:00Z', '2025-01-01 09:00'], // across a year end
    ['0 0 * * *', '2024-12-31T15:59:00Z', '2025-01-01 00:00'], // local midnight is 16:00 UTC
    ['0 9 29 2 *', '2024-03-01T00:00:00Z', '2028-02-29 09:00'],
    ['*/20 9-10 * * mon-fri', '2024-03-08T02:50:00Z', '2024-03-11 09:00'], // Friday 10:50 → Monday
    ['0 0 9 * * SUN', '2024-03-04T00:00:00Z', '2024-03-10 09:00'], // six fields, names
    ['0 9 1 * 1', '2024-03-02T00:00:00Z', '2024-03-04 09:00'], // both day fields: either matches
  ])('%s after %s → %s', (expr, after, expected) => {
    expect(next(expr, after)).toBe(expected)
  })

  it('rejects what it cannot read, and node-cron validation happens at the edge', () => {
    expect(() => parseCron('0 9 * *')).toThrow(CronError)
    expect(() => parseCron('0 25 * * *')).toThrow(CronError)
    expect(() => validateCron('0 9 * * 8')).toThrow(/invalid cron expression/)
    expect(() => validateCron('61 * * * *')).toThrow(/invalid cron expression/)
    expect(() => validateCron('0 9 * * 1-5')).not.toThrow()
  })
})

describe("China's official calendar (holiday skipping and 调休)", () => {
  const days = (expr: string, from: string, to: string, skipHolidays: boolean) =>
    fireTimesBetween(parseCron(expr), new Date(from), new Date(to), tz, { skipHolidays }).map((d) => formatLocal(d, tz).slice(0, 10))

  it('skips the National Day week and fires on the 调休 weekend working days (2024-09-29 Sun, 2024-10-12 Sat)', () => {
    const fired = days('0 9 * * 1-5', '2024-09-27T00:00:00Z', '2024-10-14T00:00:00Z', true)
    expect(fired).toEqual(['2024-09-27', '2024-09-29', '2024-09-30', '2024-10-08', '2024-10-09', '2024-10-10', '2024-10-11', '2024-10-12'])
  })

  it('without skipping, a weekday cron fires on the holiday and not on the 调休 Saturday', () => {
    const fired = days('0 9 * * 1-5', '2024-09-30T00:00:00Z', '2024-10-14T00:00:00Z', false)
    expect(fired).toContain('2024-10-01')
    expect(fired).not.toContain('2024-10-12')
  })

  it('a weekly Monday list skips a Monday that is a holiday (2024-10-07) and keeps the next one', () => {
    expect(days('0 9 * * 1', '2024-09-30T02:00:00Z', '2024-10-15T00:00:00Z', true)).toEqual(['2024-10-14'])
  })

  it("New Year's Day 2025 is skipped across the year end; 2025-01-26 (Sunday, 调休 for the Spring Festival) fires", () => {
    expect(days('0 9 * * 1-5', '2024-12-30T00:00:00Z', '2025-01-03T00:00:00Z', true)).toEqual(['2024-12-30', '2024-12-31', '2025-01-02'])
    expect(days('0 9 * * 1-5', '2025-01-25T00:00:00Z', '2025-01-28T00:00:00Z', true)).toEqual(['2025-01-26', '2025-01-27'])
  })
})
