/**
 * The session timeline (pure): when the materials, the reminder and the closing of a session are due.
 * Defaults are configurable per deployment (settings row `timeline.defaults`) and per session
 * (`sessions.timeline_json`); both hold a partial TimelineSettings as JSON.
 */
import { addLocalDays, localDate, localDateTime } from '../calendar.js'
import type { JobKind } from '../jobs/jobs.repo.js'

export interface TimelineSettings {
  /** materials (and the quiz notice) `daysBefore` the session at local `at` ('HH:mm'); null = not sent */
  materials: { daysBefore: number; at: string } | null
  /** reminder to those who have not finished, this long before the start; null = none */
  reminderMinutesBefore: number | null
  /** the check-in window (签到) around the start; the chat's check-in rules use the same numbers */
  checkIn: { opensMinutesBefore: number; closesMinutesAfter: number }
  /** closing runs this long after the check-in window closes */
  closeMarginMinutes: number
  /** after closing, the excused (and with `absent`, the absent) may answer the quiz for `days` more: the make-up */
  makeup: { days: number; absent: boolean }
}

export const DEFAULT_TIMELINE: TimelineSettings = {
  materials: { daysBefore: 1, at: '09:00' },
  reminderMinutesBefore: 120,
  checkIn: { opensMinutesBefore: 15, closesMinutesAfter: 30 },
  closeMarginMinutes: 30,
  makeup: { days: 7, absent: false },
}

export const TIMELINE_SETTINGS_KEY = 'timeline.defaults'

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 60 * 24 * 14
const isHhmm = (v: unknown): v is string => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v)

/**
 * Lays a partial override (parsed JSON from the database) over `base`. Fields of the wrong shape are
 * ignored, so a bad settings row can never stop sessions from being planned.
 */
export function mergeTimeline(base: TimelineSettings, override: unknown): TimelineSettings {
  if (typeof override !== 'object' || override === null) return base
  const o = override as Record<string, unknown>
  const out: TimelineSettings = { ...base, checkIn: { ...base.checkIn }, makeup: { ...base.makeup } }
  if (o.materials === null) out.materials = null
  else if (typeof o.materials === 'object') {
    const m = o.materials as Record<string, unknown>
    const cur = base.materials ?? DEFAULT_TIMELINE.materials!
    out.materials = { daysBefore: isCount(m.daysBefore) ? m.daysBefore : cur.daysBefore, at: isHhmm(m.at) ? m.at : cur.at }
  }
  if (o.reminderMinutesBefore === null || isCount(o.reminderMinutesBefore)) out.reminderMinutesBefore = o.reminderMinutesBefore
  if (typeof o.checkIn === 'object' && o.checkIn !== null) {
    const c = o.checkIn as Record<string, unknown>
    if (isCount(c.opensMinutesBefore)) out.checkIn.opensMinutesBefore = c.opensMinutesBefore
    if (isCount(c.closesMinutesAfter)) out.checkIn.closesMinutesAfter = c.closesMinutesAfter
  }
  if (isCount(o.closeMarginMinutes)) out.closeMarginMinutes = o.closeMarginMinutes
  if (typeof o.makeup === 'object' && o.makeup !== null) {
    const m = o.makeup as Record<string, unknown>
    out.makeup = {
      days: typeof m.days === 'number' && Number.isInteger(m.days) && m.days >= 0 && m.days <= 90 ? m.days : base.makeup.days,
      absent: typeof m.absent === 'boolean' ? m.absent : base.makeup.absent,
    }
  }
  return out
}

export function checkInWindow(startsAt: Date, s: Pick<TimelineSettings, 'checkIn'>): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(startsAt.getTime() - s.checkIn.opensMinutesBefore * 60_000),
    closesAt: new Date(startsAt.getTime() + s.checkIn.closesMinutesAfter * 60_000),
  }
}

export function closeTime(startsAt: Date, s: TimelineSettings): Date {
  return new Date(checkInWindow(startsAt, s).closesAt.getTime() + s.closeMarginMinutes * 60_000)
}

export type TimelineKind = Extract<JobKind, 'session.materials' | 'session.reminder' | 'session.close'>
export const TIMELINE_KINDS: readonly TimelineKind[] = ['session.materials', 'session.reminder', 'session.close']

export function isTimelineKind(kind: string): kind is TimelineKind {
  return (TIMELINE_KINDS as readonly string[]).includes(kind)
}

export interface PlannedStep {
  kind: TimelineKind
  dueAt: Date
}

/**
 * The steps still to run for a session starting at `startsAt`, seen at `now`. Steps in `done` already ran
 * and are not planned again. Materials whose time has passed go out at once (while the session is
 * ahead); a reminder whose time has passed, or that would come before the materials, is left out;
 * nothing is planned for a session whose closing time has passed.
 */
export function planTimeline(
  startsAt: Date,
  now: Date,
  tz: string,
  s: TimelineSettings,
  done: ReadonlySet<TimelineKind> = new Set(),
): PlannedStep[] {
  const closeAt = closeTime(startsAt, s)
  if (closeAt.getTime() <= now.getTime()) return []
  const steps: PlannedStep[] = []
  let materialsAt: Date | null = null
  if (s.materials && !done.has('session.materials') && startsAt.getTime() > now.getTime()) {
    const planned = localDateTime(addLocalDays(localDate(startsAt, tz), -s.materials.daysBefore), s.materials.at, tz)
    materialsAt = planned.getTime() < now.getTime() ? now : planned
    if (materialsAt.getTime() >= startsAt.getTime()) materialsAt = now
    steps.push({ kind: 'session.materials', dueAt: materialsAt })
  }
  if (s.reminderMinutesBefore !== null && !done.has('session.reminder')) {
    const at = new Date(startsAt.getTime() - s.reminderMinutesBefore * 60_000)
    if (at.getTime() > now.getTime() && (!materialsAt || at.getTime() > materialsAt.getTime()))
      steps.push({ kind: 'session.reminder', dueAt: at })
  }
  if (!done.has('session.close')) steps.push({ kind: 'session.close', dueAt: closeAt })
  return steps
}
