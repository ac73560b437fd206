import { describe, expect, it } from 'vitest'
import { isRecordedHeld, keptStatus, type SessionStatus } from '../../src/sessions/session.rules.js'

const NOW = new Date('2024-06-15T02:00:00.000Z')
const PAST = '2024-06-14T01:00:00.000Z'
const EARLIER = '2024-06-13T01:00:00.000Z'
const AHEAD = '2024-06-20T01:00:00.000Z'
const s = (status: SessionStatus, startsAt: string) => ({ status, startsAt })

describe('isRecordedHeld: one rule for every way in', () => {
  it.each([
    ['a new session starting ahead', null, s('planned', AHEAD), false],
    ['a new session starting now', null, s('planned', NOW.toISOString()), false],
    ['a new session in the past', null, s('planned', PAST), true],
    ['a new session asked for as held', null, s('held', AHEAD), true],
    ['a running session edited, its start kept', s('planned', PAST), s('planned', PAST), false],
    ['a planned session moved into the past', s('planned', AHEAD), s('planned', PAST), true],
    ['a past planned session moved to another past time', s('planned', PAST), s('planned', EARLIER), true],
    ['a held session set to planned with its start past', s('held', PAST), s('planned', PAST), true],
    ['held by hand', s('planned', AHEAD), s('held', AHEAD), true],
    ['cancelled', s('planned', PAST), s('cancelled', PAST), false],
  ] as const)('%s → %s', (_what, before, after, held) => {
    expect(isRecordedHeld(before, after, NOW)).toBe(held)
  })
})

describe('keptStatus: a start moved ahead plans a held session again', () => {
  it.each([
    ['held, moved ahead', s('held', PAST), AHEAD, 'planned'],
    ['held, moved within the past', s('held', PAST), EARLIER, 'held'],
    ['held, start kept', s('held', PAST), PAST, 'held'],
    ['planned, moved ahead', s('planned', AHEAD), '2024-06-21T01:00:00.000Z', 'planned'],
    ['cancelled, moved ahead', s('cancelled', PAST), AHEAD, 'cancelled'],
  ] as const)('%s → %s', (_what, before, startsAt, status) => {
    expect(keptStatus(before, startsAt, NOW)).toBe(status)
  })
})
