/** 签到: whether a check-in now counts as on time, late, too early or too late (pure, table-tested). */
import { checkInWindow, type TimelineSettings } from './timeline.rules.js'

export type CheckinDecision =
  | { kind: 'too_early'; opensAt: Date }
  | { kind: 'present' }
  | { kind: 'late'; minutesLate: number }
  | { kind: 'closed' }

/**
 * On time up to and including the start; late after it, until the window closes (inclusive). The window
 * is the session's timeline setting `checkIn` — the one the timeline plans closing after.
 */
export function decideCheckin(startsAt: Date, now: Date, settings: Pick<TimelineSettings, 'checkIn'>): CheckinDecision {
  const { opensAt, closesAt } = checkInWindow(startsAt, settings)
  if (now < opensAt) return { kind: 'too_early', opensAt }
  if (now <= startsAt) return { kind: 'present' }
  if (now <= closesAt) {
    return { kind: 'late', minutesLate: Math.max(1, Math.ceil((now.getTime() - startsAt.getTime()) / 60_000)) }
  }
  return { kind: 'closed' }
}
