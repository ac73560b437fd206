import { describe, expect, it } from 'vitest'
import { checkInWindow, DEFAULT_TIMELINE, mergeTimeline, planTimeline, type TimelineKind } from '../../src/sessions/timeline.rules.js'
import { formatLocal } from '../../src/calendar.js'

const tz = 'Asia/Shanghai'
const plan = (start: string, now: string, settings = DEFAULT_TIMELINE, done: TimelineKind[] = []) =>
  planTimeline(new Date(start), new Date(now), tz, settings, new Set(done)).map((s) => `${s.kind} ${formatLocal(s.dueAt, tz)}`)

describe('planTimeline', () => {
  it.each([
    // [start (UTC), now (UTC), expected]
    [
      '2025-01-01T01:00:00Z',
      '2024-12-30T02:00:00Z',
      ['session.materials 2024-12-31 09:00', 'session.reminder 2025-01-01 07:00', 'session.close 2025-01-01 10:00'],
    ],
    // starts 00:30 local on 1 March: the day before is 29 Feb (leap year), the reminder the evening before
    [
      '2024-02-29T16:30:00Z',
      '2024-02-26T00:00:00Z',
      ['session.materials 2024-02-29 09:00', 'session.reminder 2024-02-29 22:30', 'session.close 2024-03-01 01:30'],
    ],
    // materials time passed: at once
    [
      '2025-01-01T01:00:00Z',
      '2024-12-31T03:00:00Z',
      ['session.materials 2024-12-31 11:00', 'session.reminder 2025-01-01 07:00', 'session.close 2025-01-01 10:00'],
    ],
    // during the check-in window: only the closing
    ['2025-01-01T01:00:00Z', '2025-01-01T01:10:00Z', ['session.close 2025-01-01 10:00']],
    // after the closing time: nothing
    ['2025-01-01T01:00:00Z', '2025-01-01T02:00:00Z', []],
  ])('start %s seen at %s', (start, now, expected) => {
    expect(plan(start, now)).toEqual(expected)
  })

  it('does not plan again what already ran', () => {
    expect(plan('2025-01-01T01:00:00Z', '2024-12-31T03:00:00Z', DEFAULT_TIMELINE, ['session.materials'])).toEqual([
      'session.reminder 2025-01-01 07:00',
      'session.close 2025-01-01 10:00',
    ])
  })

  it('keeps the check-in window at 15 min before to 30 min after by default', () => {
    const w = checkInWindow(new Date('2025-01-01T01:00:00Z'), DEFAULT_TIMELINE)
    expect([w.opensAt.toISOString(), w.closesAt.toISOString()]).toEqual(['2025-01-01T00:45:00.000Z', '2025-01-01T01:30:00.000Z'])
  })

  it('merges overrides field by field and ignores fields of the wrong shape', () => {
    expect(
      mergeTimeline(DEFAULT_TIMELINE, {
        materials: { at: '25:00', daysBefore: 2 },
        reminderMinutesBefore: 'soon',
        checkIn: { closesMinutesAfter: 20 },
      }),
    ).toEqual({
      ...DEFAULT_TIMELINE,
      materials: { daysBefore: 2, at: '09:00' },
      checkIn: { opensMinutesBefore: 15, closesMinutesAfter: 20 },
    })
    expect(mergeTimeline(DEFAULT_TIMELINE, null)).toEqual(DEFAULT_TIMELINE)
    expect(mergeTimeline(DEFAULT_TIMELINE, { materials: null, reminderMinutesBefore: null }).materials).toBeNull()
  })

  it.each([
    // the make-up: a week for the excused by default; a deployment may give it to the absent, or none (0 days)
    [undefined, { days: 7, absent: false }],
    [{ absent: true }, { days: 7, absent: true }],
    [{ days: 0 }, { days: 0, absent: false }],
    [
      { days: 3, absent: 'yes' },
      { days: 3, absent: false },
    ],
    [{ days: -1 }, { days: 7, absent: false }],
    [{ days: 1.5 }, { days: 7, absent: false }],
  ])('lays the make-up %j over the defaults', (makeup, expected) => {
    expect(mergeTimeline(DEFAULT_TIMELINE, { makeup }).makeup).toEqual(expected)
  })
})
