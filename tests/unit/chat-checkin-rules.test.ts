import { describe, expect, it } from 'vitest'
import { decideCheckin } from '../../src/sessions/checkin.rules.js'
import { DEFAULT_TIMELINE } from '../../src/sessions/timeline.rules.js'

const start = new Date('2024-03-05T01:00:00.000Z') // 09:00 in Asia/Shanghai
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000)

describe('decideCheckin (by default 15 min before to 30 min after the start)', () => {
  it.each([
    [-60, 'too_early'],
    [-15.01, 'too_early'],
    [-15, 'present'],
    [-1, 'present'],
    [0, 'present'],
    [0.5, 'late'],
    [12, 'late'],
    [30, 'late'],
    [30.01, 'closed'],
    [24 * 60, 'closed'],
  ])('%d min from the start → %s', (minutes, kind) => {
    expect(decideCheckin(start, at(minutes), DEFAULT_TIMELINE).kind).toBe(kind)
  })

  it('says how late, rounded up to whole minutes', () => {
    expect(decideCheckin(start, at(12.2), DEFAULT_TIMELINE)).toEqual({ kind: 'late', minutesLate: 13 })
    expect(decideCheckin(start, at(0.1), DEFAULT_TIMELINE)).toEqual({ kind: 'late', minutesLate: 1 })
  })

  it('tells when a window opens', () => {
    expect(decideCheckin(start, at(-60), DEFAULT_TIMELINE)).toEqual({ kind: 'too_early', opensAt: at(-15) })
  })

  it("takes the session's own window", () => {
    expect(decideCheckin(start, at(-20), { checkIn: { opensMinutesBefore: 30, closesMinutesAfter: 10 } }).kind).toBe('present')
    expect(decideCheckin(start, at(11), { checkIn: { opensMinutesBefore: 30, closesMinutesAfter: 10 } }).kind).toBe('closed')
  })
})
