/** Check-in window and who is expected at a session: pure decisions, table-tested. */
import type { Audience } from './sessions.repo.js'

export interface CheckinWindow {
  /** minutes before the start when check-in opens */
  beforeMin: number
  /** minutes after the start when it closes */
  afterMin: number
}

export const DEFAULT_CHECKIN_WINDOW: CheckinWindow = { beforeMin: 15, afterMin: 30 }

export type CheckinDecision =
  | { kind: 'too_early'; opensAt: Date }
  | { kind: 'present' }
  | { kind: 'late'; minutesLate: number }
  | { kind: 'closed' }

export function checkinOpensAt(startsAt: Date, w: CheckinWindow = DEFAULT_CHECKIN_WINDOW): Date {
  return new Date(startsAt.getTime() - w.beforeMin * 60_000)
}

export function checkinClosesAt(startsAt: Date, w: CheckinWindow = DEFAULT_CHECKIN_WINDOW): Date {
  return new Date(startsAt.getTime() + w.afterMin * 60_000)
}

/** On time up to and including the start; late after it, until the window closes (inclusive). */
export function decideCheckin(startsAt: Date, now: Date, w: CheckinWindow = DEFAULT_CHECKIN_WINDOW): CheckinDecision {
  const opensAt = checkinOpensAt(startsAt, w)
  if (now < opensAt) return { kind: 'too_early', opensAt }
  if (now <= startsAt) return { kind: 'present' }
  if (now <= checkinClosesAt(startsAt, w)) {
    return { kind: 'late', minutesLate: Math.max(1, Math.ceil((now.getTime() - startsAt.getTime()) / 60_000)) }
  }
  return { kind: 'closed' }
}

export function isCheckinOpen(startsAt: Date, now: Date, w: CheckinWindow = DEFAULT_CHECKIN_WINDOW): boolean {
  const d = decideCheckin(startsAt, now, w).kind
  return d === 'present' || d === 'late'
}

export interface AudienceSession {
  startsAt: string
  /** materialised path of the organizing unit */
  unitPath: string
  audience: Audience | null
  /** materialised paths of audience.unitCodes */
  audienceUnitPaths: string[]
}

export interface AudienceMember {
  id: string
  unitPath: string
  isLeader: boolean
  joinedAt: string | null
  leftAt: string | null
}

/**
 * Expected at a session: on the roster when it starts (DOMAIN: a later joiner is not expected), and
 * named by id, or in an audience unit (default: the organizing unit and below), leaders only when asked.
 */
export function isExpectedAt(s: AudienceSession, o: AudienceMember): boolean {
  if (o.joinedAt !== null && o.joinedAt > s.startsAt) return false
  if (o.leftAt !== null && o.leftAt <= s.startsAt) return false
  if (s.audience?.officialIds?.includes(o.id)) return true
  const explicit = (s.audience?.unitCodes?.length ?? 0) > 0 || (s.audience?.officialIds?.length ?? 0) > 0
  const unitPaths = explicit ? s.audienceUnitPaths : [s.unitPath]
  if (!unitPaths.some((p) => o.unitPath.startsWith(p))) return false
  return !s.audience?.leadersOnly || o.isLeader
}
