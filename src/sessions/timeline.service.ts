/**
 * A session's timeline as jobs: planned, re-planned and cancelled inside the write transaction that changes
 * the session (sessions.service.ts), so a session never exists without its jobs, nor jobs for a session that
 * was not written. And the timeline as an organizer reads it: each step, when, and whether it has run.
 */
import type { InStatement } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { getJsonSetting, parseJsonOrNull } from '../storage/settings.repo.js'
import { cancelPendingSessionDeliveriesStatement } from '../delivery/deliveries.repo.js'
import {
  cancelJobStatement,
  cancelPendingSessionJobsStatement,
  enqueueJobStatement,
  listSessionJobs,
  rescheduleJobStatement,
  rescheduleSessionJobsStatement,
  type Job,
} from '../jobs/jobs.repo.js'
import { findSessionTimelineJson, setSessionTimelineStatement } from './sessions.repo.js'
import {
  checkInWindow,
  DEFAULT_TIMELINE,
  isTimelineKind,
  mergeTimeline,
  planTimeline,
  TIMELINE_SETTINGS_KEY,
  type TimelineKind,
  type TimelineSettings,
} from './timeline.rules.js'

export interface TimelineSession {
  id: string
  startsAt: string
  status: string
}

/** The deployment's defaults: the settings row laid over the built-in ones. */
export async function loadDeploymentTimeline(ex: Executor): Promise<TimelineSettings> {
  return mergeTimeline(DEFAULT_TIMELINE, await getJsonSetting(ex, TIMELINE_SETTINGS_KEY))
}

/** A session's settings: the deployment's, with the session's own overrides (its stored timeline_json) over them. */
export function sessionSettings(deployment: TimelineSettings, timelineJson: string | null): TimelineSettings {
  return mergeTimeline(deployment, parseJsonOrNull(timelineJson))
}

/** Deployment defaults laid over the built-in ones, then the session's own overrides (given, or stored). */
export async function loadTimelineSettings(ex: Executor, sessionId: string | null, sessionOverride?: unknown): Promise<TimelineSettings> {
  const settings = await loadDeploymentTimeline(ex)
  if (sessionOverride !== undefined) return mergeTimeline(settings, sessionOverride)
  if (sessionId === null) return settings
  return sessionSettings(settings, await findSessionTimelineJson(ex, sessionId))
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
  if (timeline !== undefined && timeline !== null) stmts.push(setSessionTimelineStatement(session.id, timeline))
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
 * Re-plans after a change to a session that is not cancelled (a cancellation is cancelSessionTimelineStatements;
 * writeSessionIn decides which): pending steps move to their new times (or are cancelled when no longer
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
  const iso = now.toISOString()
  const jobs = await listSessionJobs(ex, after.id)
  const stmts: InStatement[] = []
  // planned again after being held: its reminder and closing are ahead again (materials sent stay sent)
  const reopened = before.status === 'held' && after.status === 'planned'
  const ran = new Set<TimelineKind>(
    jobs
      .filter((j) => (j.state === 'done' || j.state === 'running') && isTimelineKind(j.kind))
      .map((j) => j.kind as TimelineKind)
      .filter((k) => !reopened || k === 'session.materials'),
  )
  const pending = jobs.filter((j) => j.state === 'pending' && isTimelineKind(j.kind))
  const settings = await loadTimelineSettings(ex, after.id)
  const steps = after.status === 'planned' ? planTimeline(new Date(after.startsAt), now, tz, settings, ran) : []
  for (const job of pending) {
    const step = steps.find((s) => s.kind === job.kind)
    stmts.push(step ? rescheduleJobStatement(job.id, step.dueAt.toISOString(), iso) : cancelJobStatement(job.id, iso))
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
    const closesAt = checkInWindow(new Date(after.startsAt), settings).closesAt.toISOString()
    stmts.push(rescheduleSessionJobsStatement(after.id, 'official.makeup', closesAt, iso))
  }
  if (moved && after.status === 'planned' && ran.has('session.materials') && !ran.has('session.close')) {
    // reminders queued with the old time must not go out
    stmts.push(cancelPendingSessionDeliveriesStatement(after.id, ['session.reminder']))
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
    cancelPendingSessionJobsStatement(sessionId, iso),
    cancelPendingSessionDeliveriesStatement(sessionId),
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

/** The steps of a session's timeline as an organizer reads them, and their states (a pending job is 'planned'). */
export const TIMELINE_STEPS = ['materials', 'reminder', 'checkin_opens', 'checkin_closes', 'close', 'notice', 'makeup'] as const
export const TIMELINE_STEP_STATES = ['planned', 'running', 'done', 'failed', 'cancelled'] as const

/** One step of a session's timeline as an organizer reads it (CONTRACT §3 `timeline`). */
export interface TimelineStep {
  step: (typeof TIMELINE_STEPS)[number]
  /** ISO UTC */
  at: string
  state: (typeof TIMELINE_STEP_STATES)[number]
}

const STEP_OF: Record<Job['kind'], TimelineStep['step'] | null> = {
  'session.materials': 'materials',
  'session.reminder': 'reminder',
  'session.close': 'close',
  'session.notice': 'notice',
  'official.makeup': 'makeup',
  'schedule.fire': null,
  'digest.weekly': null,
  'annual.open': null,
  'annual.remind': null,
}

/** What `sessionTimeline` reads, when the caller read it already alongside the session (one round trip for them all). */
export interface TimelineReads {
  jobs: Job[]
  deployment: TimelineSettings
}

/**
 * What has gone out and what will: the session's jobs, and the check-in window between them (it opens and
 * closes by the clock while the session is live). Oldest first. A caller that read the session's
 * timeline_json with it passes it; the settings are read only when the window is shown.
 */
export async function sessionTimeline(
  ex: Executor,
  s: TimelineSession,
  now: Date,
  timelineJson?: string | null,
  read?: TimelineReads,
): Promise<TimelineStep[]> {
  const jobs = read?.jobs ?? (await listSessionJobs(ex, s.id))
  const steps: TimelineStep[] = []
  for (const j of jobs) {
    const step = STEP_OF[j.kind]
    if (step) steps.push({ step, at: j.dueAt, state: j.state === 'pending' ? 'planned' : j.state })
  }
  if (s.status !== 'cancelled' && steps.some((x) => x.step === 'close')) {
    const settings =
      timelineJson === undefined
        ? await loadTimelineSettings(ex, s.id)
        : sessionSettings(read?.deployment ?? (await loadDeploymentTimeline(ex)), timelineJson)
    const w = checkInWindow(new Date(s.startsAt), settings)
    const byClock = (at: Date): TimelineStep['state'] => (at.getTime() <= now.getTime() ? 'done' : 'planned')
    steps.push({ step: 'checkin_opens', at: w.opensAt.toISOString(), state: byClock(w.opensAt) })
    steps.push({ step: 'checkin_closes', at: w.closesAt.toISOString(), state: byClock(w.closesAt) })
  }
  return steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}
