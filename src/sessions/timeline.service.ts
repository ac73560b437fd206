/**
 * Plans, re-plans and cancels a session's timeline inside the write transaction that changes the session
 * (called from sessions.service.ts), so a session never exists without its jobs, nor jobs for a session
 * that was not written.
 */
import type { InStatement } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { enqueueJobStatement, listSessionJobs, type JobKind } from '../jobs/jobs.repo.js'
import {
  checkInWindow,
  DEFAULT_TIMELINE,
  mergeTimeline,
  planTimeline,
  TIMELINE_KINDS,
  TIMELINE_SETTINGS_KEY,
  type TimelineKind,
  type TimelineSettings,
} from './timeline.rules.js'

export interface TimelineSession {
  id: string
  startsAt: string
  status: string
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** Deployment defaults laid over the built-in ones, then the session's own overrides. */
export async function loadTimelineSettings(ex: Executor, sessionId: string | null, sessionOverride?: unknown): Promise<TimelineSettings> {
  const rs = await ex.execute({ sql: 'SELECT value FROM settings WHERE key = :key', args: { key: TIMELINE_SETTINGS_KEY } })
  let settings = mergeTimeline(DEFAULT_TIMELINE, parseJson(rs.rows[0]?.value))
  if (sessionOverride !== undefined) return mergeTimeline(settings, sessionOverride)
  if (sessionId !== null) {
    const s = await ex.execute({ sql: 'SELECT timeline_json FROM sessions WHERE id = :id', args: { id: sessionId } })
    settings = mergeTimeline(settings, parseJson(s.rows[0]?.timeline_json))
  }
  return settings
}

/** Statements enqueueing the timeline of a session being created (nothing ran yet). */
export async function planNewSessionStatements(
  ex: Executor,
  session: TimelineSession,
  timeline: unknown,
  now: Date,
  tz: string,
): Promise<InStatement[]> {
  const stmts: InStatement[] = []
  if (timeline !== undefined && timeline !== null) {
    stmts.push({ sql: 'UPDATE sessions SET timeline_json = :t WHERE id = :id', args: { t: JSON.stringify(timeline), id: session.id } })
  }
  if (session.status !== 'planned') return stmts
  const settings = await loadTimelineSettings(ex, null, timeline ?? undefined)
  const iso = now.toISOString()
  for (const step of planTimeline(new Date(session.startsAt), now, tz, settings)) {
    stmts.push(
      enqueueJobStatement(
        { kind: step.kind, dueAt: step.dueAt.toISOString(), payload: { sessionId: session.id }, sessionId: session.id },
        iso,
      ),
    )
  }
  return stmts
}

/**
 * Re-plans after a change: pending steps move to their new times (or are cancelled when no longer
 * planned), steps that already ran stay done, missing ones are added. When the start moved and the
 * audience already has the materials, they are told (session.notice 'moved').
 */
export async function replanSessionStatements(
  ex: Executor,
  before: TimelineSession,
  after: TimelineSession,
  now: Date,
  tz: string,
): Promise<InStatement[]> {
  if (after.status === 'cancelled') return cancelSessionTimelineStatements(after.id, now)
  const iso = now.toISOString()
  const jobs = await listSessionJobs(ex, after.id)
  const stmts: InStatement[] = []
  const ran = new Set<TimelineKind>(
    jobs.filter((j) => (j.state === 'done' || j.state === 'running') && isTimelineKind(j.kind)).map((j) => j.kind as TimelineKind),
  )
  const pending = jobs.filter((j) => j.state === 'pending' && isTimelineKind(j.kind))
  const settings = await loadTimelineSettings(ex, after.id)
  const steps = after.status === 'planned' ? planTimeline(new Date(after.startsAt), now, tz, settings, ran) : []
  for (const job of pending) {
    const step = steps.find((s) => s.kind === job.kind)
    stmts.push(
      step
        ? {
            sql: "UPDATE jobs SET due_at = :dueAt, updated_at = :now WHERE id = :id AND state = 'pending'",
            args: { id: job.id, dueAt: step.dueAt.toISOString(), now: iso },
          }
        : {
            sql: "UPDATE jobs SET state = 'cancelled', updated_at = :now WHERE id = :id AND state = 'pending'",
            args: { id: job.id, now: iso },
          },
    )
  }
  for (const step of steps) {
    if (pending.some((j) => j.kind === step.kind)) continue
    stmts.push(
      enqueueJobStatement({ kind: step.kind, dueAt: step.dueAt.toISOString(), payload: { sessionId: after.id }, sessionId: after.id }, iso),
    )
  }
  const moved = before.startsAt !== after.startsAt
  if (moved) {
    // make-up material asked for by 请假 goes out when the check-in window of the new time closes
    stmts.push({
      sql: `UPDATE jobs SET due_at = :dueAt, updated_at = :now WHERE session_id = :id AND kind = 'official.makeup' AND state = 'pending'`,
      args: { id: after.id, dueAt: checkInWindow(new Date(after.startsAt), settings).closesAt.toISOString(), now: iso },
    })
  }
  if (moved && ran.has('session.materials') && !ran.has('session.close')) {
    // reminders queued with the old time must not go out
    stmts.push(cancelPendingDeliveriesStatement(after.id, ['session.reminder']))
    stmts.push(
      enqueueJobStatement(
        {
          kind: 'session.notice',
          dueAt: iso,
          payload: { sessionId: after.id, change: 'moved' },
          sessionId: after.id,
          dedupKey: `notice:${after.id}:moved:${after.startsAt}:${iso}`,
        },
        iso,
      ),
    )
  }
  return stmts
}

/** Cancels what has not run or been sent yet and tells the audience. */
export function cancelSessionTimelineStatements(sessionId: string, now: Date): InStatement[] {
  const iso = now.toISOString()
  return [
    {
      sql: `UPDATE jobs SET state = 'cancelled', updated_at = :now WHERE session_id = :sessionId AND state = 'pending'`,
      args: { sessionId, now: iso },
    },
    cancelPendingDeliveriesStatement(sessionId),
    enqueueJobStatement(
      {
        kind: 'session.notice',
        dueAt: iso,
        payload: { sessionId, change: 'cancelled' },
        sessionId,
        dedupKey: `notice:${sessionId}:cancelled`,
      },
      iso,
    ),
  ]
}

function cancelPendingDeliveriesStatement(sessionId: string, kinds?: JobKind[]): InStatement {
  const kindFilter = kinds ? `AND kind IN (${kinds.map((k) => `'${k}'`).join(', ')})` : ''
  return {
    sql: `UPDATE deliveries SET state = 'cancelled', last_error = 'session changed'
          WHERE state = 'pending' AND job_id IN (SELECT id FROM jobs WHERE session_id = :sessionId ${kindFilter})`,
    args: { sessionId },
  }
}

function isTimelineKind(kind: string): boolean {
  return (TIMELINE_KINDS as readonly string[]).includes(kind)
}
