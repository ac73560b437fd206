/** Attendance: marks set by organizers, 签到 and 请假 from chat — each written with its audit row. */
import { together } from '../storage/together.js'
import type { Transaction } from '@libsql/client'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import { AppError } from '../errors.js'
import { listExistingOfficialIds } from '../roster/officials.repo.js'
import { enqueueJobStatement } from '../jobs/jobs.repo.js'
import { attendanceCountsOf, countAttendanceStatement, findMark, upsertMarkStatement } from './attendance.repo.js'
import { decideCheckin } from './checkin.rules.js'
import type { AttendanceStatus } from './session.rules.js'
import { loadDeploymentTimeline, sessionSettings } from './timeline.service.js'
import { findSessionWithTimeline, type Session } from './sessions.repo.js'
import type { SessionDeps } from './sessions.service.js'
import { checkInWindow, type TimelineSettings } from './timeline.rules.js'

export interface MarkInput {
  officialId: string
  status: AttendanceStatus
  note?: string | null
}

export interface MarkResult {
  marked: number
  counts: Record<AttendanceStatus, number>
}

/** The refusal of official ids that do not exist — and, to a token limited to a unit, of those outside its units. */
export function unknownOfficials(ids: readonly string[]): AppError {
  return new AppError('INVALID_INPUT', `unknown officials: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', …' : ''}`, {
    issues: ids.slice(0, 100).map((id) => ({ path: ['officialId'], message: `official ${id} does not exist` })),
  })
}

/**
 * Sets attendance marks; idempotent. Every official must exist; a cancelled session takes no marks, and one
 * whose check-in has not opened (it has not started) takes only 请假 (excused).
 * Marks on a planned session do not change its status: closing does.
 */
export async function markAttendance(
  deps: SessionDeps,
  sessionId: string,
  marks: MarkInput[],
  by: Actor & { source: 'api' | 'chat' | 'ui' | 'auto' | 'import' },
  check: MarkCheck = {},
): Promise<MarkResult> {
  const { db, clock } = deps
  // what the marks are checked against, read together: on a remote database one round trip (db.ts)
  const [found, known, deployment] = await together(
    db,
    () => findSessionWithTimeline(db, sessionId),
    () =>
      listExistingOfficialIds(
        db,
        marks.map((m) => m.officialId),
      ),
    () => loadDeploymentTimeline(db),
  )
  if (!found) throw check.missing ? check.missing() : new AppError('NOT_FOUND', `session ${sessionId} not found`)
  const { session } = found
  await check.authorize?.(session)
  if (session.status === 'cancelled') throw new AppError('CONFLICT', `session ${sessionId} is cancelled`)
  const unknown = [...new Set(marks.map((m) => m.officialId).filter((id) => !known.has(id)))]
  if (unknown.length > 0) throw unknownOfficials(unknown)
  const early = marks.filter((m) => m.status !== 'excused')
  if (early.length > 0 && !hasOpened(session, sessionSettings(deployment, found.timelineJson), clock.now())) {
    // before check-in opens only 请假 can be known; a mark now would be a guess that closing then keeps
    throw new AppError('CONFLICT', `session ${sessionId} has not started: only excused can be marked before its check-in opens`, {
      issues: early.slice(0, 100).map((m) => ({ path: ['officialId'], message: `${m.officialId}: ${m.status} before the start` })),
    })
  }
  const now = clock.now().toISOString()
  // the marks, their audit row and the counts they leave, in one write batch (one round trip on a remote database)
  const rs = await db.batch([
    ...marks.map((m) =>
      upsertMarkStatement(
        { sessionId, officialId: m.officialId, status: m.status, note: m.note ?? null, source: by.source, markedBy: by.actor },
        now,
      ),
    ),
    auditStatement({ ...by, action: 'attendance.mark', entity: 'session', entityId: sessionId, detail: { marks: marks.length } }, now),
    countAttendanceStatement(sessionId),
  ])
  const marked = rs.slice(0, marks.length).reduce((n, r) => n + r.rowsAffected, 0)
  return { marked, counts: attendanceCountsOf(rs[rs.length - 1]!) }
}

/** What a caller checks of the session found before any mark is written (an API token's scope). */
export interface MarkCheck {
  /** the refusal of a session that does not exist (default: NOT_FOUND naming it) */
  missing?: () => AppError
  /** throws when the session may not be marked by this caller */
  authorize?: (session: Session) => Promise<void>
}

/** Has the session's check-in window opened (签到 counts from then on, as present)? */
function hasOpened(session: Session, settings: TimelineSettings, now: Date): boolean {
  return checkInWindow(new Date(session.startsAt), settings).opensAt.getTime() <= now.getTime()
}

export type CheckinOutcome =
  | { kind: 'marked'; status: 'present' | 'late'; minutesLate: number }
  | { kind: 'again'; status: AttendanceStatus }
  | { kind: 'excused' }
  | { kind: 'closed' }

/** 签到 inside the caller's transaction: present up to the start, late after it; a second time changes nothing. */
export async function checkInIn(
  tx: Transaction,
  session: Session,
  settings: TimelineSettings,
  officialId: string,
  now: Date,
): Promise<CheckinOutcome> {
  const decision = decideCheckin(new Date(session.startsAt), now, settings)
  if (decision.kind === 'too_early' || decision.kind === 'closed') return { kind: 'closed' }
  const mark = await findMark(tx, session.id, officialId)
  if (mark?.status === 'excused') return { kind: 'excused' }
  if (mark && mark.status !== 'absent') return { kind: 'again', status: mark.status }
  const status = decision.kind === 'late' ? 'late' : 'present'
  const iso = now.toISOString()
  const actor = `official:${officialId}`
  await tx.batch([
    upsertMarkStatement({ sessionId: session.id, officialId, status, note: null, source: 'chat', markedBy: actor }, iso),
    auditStatement({ actor, action: 'attendance.checkin', entity: 'session', entityId: session.id, detail: { status } }, iso),
  ])
  return { kind: 'marked', status, minutesLate: decision.kind === 'late' ? decision.minutesLate : 0 }
}

/** The key shared by 请假 and closing, so make-up material is planned once per person and session. */
export function makeupDedupKey(sessionId: string, officialId: string): string {
  return `official.makeup:${sessionId}:${officialId}`
}

export type LeaveOutcome = { kind: 'excused' | 'again' } | { kind: 'checked_in' }

/**
 * 请假 inside the caller's transaction: excused, and the make-up material planned for when the session's
 * check-in closes. Someone already checked in stays so.
 */
export async function requestLeaveIn(
  tx: Transaction,
  session: Session,
  settings: TimelineSettings,
  officialId: string,
  reason: string,
  now: Date,
): Promise<LeaveOutcome> {
  const mark = await findMark(tx, session.id, officialId)
  if (mark && (mark.status === 'present' || mark.status === 'late')) return { kind: 'checked_in' }
  const iso = now.toISOString()
  const actor = `official:${officialId}`
  await tx.batch([
    upsertMarkStatement({ sessionId: session.id, officialId, status: 'excused', note: reason, source: 'chat', markedBy: actor }, iso),
    enqueueJobStatement(
      {
        kind: 'official.makeup',
        dueAt: checkInWindow(new Date(session.startsAt), settings).closesAt.toISOString(),
        payload: { sessionId: session.id, officialId },
        dedupKey: makeupDedupKey(session.id, officialId),
        sessionId: session.id,
      },
      iso,
    ),
    auditStatement({ actor, action: 'attendance.leave', entity: 'session', entityId: session.id }, iso),
  ])
  return { kind: mark?.status === 'excused' ? 'again' : 'excused' }
}
