/**
 * What each step of a session's timeline does when its job comes due: the material and quiz notice, the
 * reminder, a notice of a move or a cancellation, one person's make-up material, and the week's list. Each
 * plans outbox rows (sent later, paced, by the delivery service); closing is in close.service.ts.
 */
import type { OutboundMessage } from '../delivery/channel.js'
import { insertDeliveries, type NewDelivery } from '../delivery/deliveries.repo.js'
import { privateDelivery, robotDelivery } from '../delivery/fanout.js'
import { listEnabledRobots, listEnabledRobotsUnder } from '../delivery/robots.repo.js'
import type { JobDeps, JobEffect } from '../jobs/effects.js'
import type { Job } from '../jobs/jobs.repo.js'
import { isBound } from '../roster/binding.repo.js'
import { findQuizBySession } from '../quizzes/quizzes.repo.js'
import { listAudience, type AudienceMember } from './audience.repo.js'
import { makeupMessage, materialsMessage, noticeMessage, reminderMessage, weeklyDigestMessage } from './copy.zh.js'
import { isQuizOpen, loadProgress, notCheckedIn, quizNotFinished } from './progress.service.js'
import type { SessionWithSettings } from './lookup.service.js'
import { findSession, findSessionWithTimeline, listSessionMaterials, listSessionsOrganizedAbove } from './sessions.repo.js'
import { loadDeploymentTimeline, sessionSettings } from './timeline.service.js'

const account = (deps: JobDeps) => deps.privateAccount ?? 'default'

/** The session, still open, with its timeline settings (read once per job: what its messages say of 签到). */
async function liveSession(deps: JobDeps, sessionId: string, job: Job): Promise<SessionWithSettings | null> {
  const found = await findSessionWithTimeline(deps.db, sessionId)
  if (!found) throw new Error(`session ${sessionId} not found`)
  const s = found.session
  if (s.status === 'cancelled' || s.closedAt !== null) {
    deps.logger.info({ jobId: job.id, kind: job.kind, sessionId, status: s.status }, 'session no longer open; nothing to send')
    return null
  }
  return { session: s, settings: sessionSettings(await loadDeploymentTimeline(deps.db), found.timelineJson) }
}

/** Private messages to the bound, one announcement per robot of the audience's units. */
async function announce(deps: JobDeps, job: Job, audience: AudienceMember[], message: OutboundMessage): Promise<number> {
  const now = deps.clock.now().toISOString()
  const rows = audience.filter((m) => m.bound).map((m) => privateDelivery(account(deps), job.id, m.id, message, now))
  for (const r of await listEnabledRobots(
    deps.db,
    audience.map((m) => m.unitCode),
  ))
    rows.push(robotDelivery(job.id, r, message, now))
  return insertDeliveries(deps.db, rows, now)
}

export const sendMaterials: JobEffect<'session.materials'> = async ({ sessionId }, job, deps) => {
  const live = await liveSession(deps, sessionId, job)
  if (!live) return
  const s = live.session
  const [audience, materials, quiz] = await Promise.all([
    listAudience(deps.db, s),
    listSessionMaterials(deps.db, s.id),
    findQuizBySession(deps.db, s.id),
  ])
  const n = await announce(deps, job, audience, materialsMessage(s, materials, quiz, live.settings.checkIn, deps.tz))
  deps.logger.info({ jobId: job.id, sessionId, audience: audience.length, planned: n }, 'materials planned')
}

/** With a quiz: those who have not finished it; without: those not yet marked. Never the excused. */
export const sendReminder: JobEffect<'session.reminder'> = async ({ sessionId }, job, deps) => {
  const live = await liveSession(deps, sessionId, job)
  if (!live) return
  const { session: s, settings } = live
  const p = await loadProgress(deps.db, s)
  const waiting = p.quiz ? quizNotFinished(p, deps.clock.now()) : notCheckedIn(p)
  const robots = await listEnabledRobots(
    deps.db,
    waiting.map((m) => m.unitCode),
  )
  const now = deps.clock.now().toISOString()
  const rows: NewDelivery[] = []
  for (const r of robots) {
    // one robot per unit names its people in the group, @-mentioning where the platform can
    if (robots.find((x) => x.unitCode === r.unitCode) !== r) continue
    const inUnit = waiting.filter((m) => m.unitCode === r.unitCode)
    const message = reminderMessage(
      s,
      inUnit.map((m) => m.name),
      p.quiz !== null,
      settings.checkIn,
      deps.tz,
    )
    if (inUnit.length)
      rows.push(
        robotDelivery(
          job.id,
          r,
          message,
          now,
          inUnit.map((m) => m.id),
        ),
      )
  }
  const byRobot = new Set(robots.map((r) => r.unitCode))
  for (const m of waiting) {
    if (!byRobot.has(m.unitCode) && m.bound)
      rows.push(privateDelivery(account(deps), job.id, m.id, reminderMessage(s, [m.name], p.quiz !== null, settings.checkIn, deps.tz), now))
  }
  const unreachable = waiting.filter((m) => !byRobot.has(m.unitCode) && !m.bound).length
  await insertDeliveries(deps.db, rows, now)
  deps.logger.info({ jobId: job.id, sessionId, waiting: waiting.length, planned: rows.length, unreachable }, 'reminder planned')
}

export const sendNotice: JobEffect<'session.notice'> = async ({ sessionId, change }, job, deps) => {
  const s = await findSession(deps.db, sessionId)
  if (!s) throw new Error(`session ${sessionId} not found`)
  if (change === 'moved' && (s.status === 'cancelled' || s.closedAt !== null)) return
  await announce(deps, job, await listAudience(deps.db, s), noticeMessage(s, change, deps.tz))
}

export const sendMakeup: JobEffect<'official.makeup'> = async ({ sessionId, officialId }, job, deps) => {
  const s = await findSession(deps.db, sessionId)
  if (!s) throw new Error(`session ${sessionId} not found`)
  if (s.status === 'cancelled') return
  if (!(await isBound(deps.db, officialId))) {
    deps.logger.warn({ jobId: job.id, sessionId, officialId }, 'make-up material not sent: the official has no bound chat account')
    return
  }
  const now = deps.clock.now()
  const [materials, quiz] = await Promise.all([listSessionMaterials(deps.db, sessionId), findQuizBySession(deps.db, sessionId)])
  const message = makeupMessage(s, materials, isQuizOpen(quiz, now), deps.tz)
  const iso = now.toISOString()
  await insertDeliveries(deps.db, [privateDelivery(account(deps), job.id, officialId, message, iso)], iso)
}

/** The week's list: the planned sessions of the coming seven days, to the group robots of the unit and below. */
export const sendWeeklyDigest: JobEffect<'digest.weekly'> = async ({ unitCode }, job, deps) => {
  const now = deps.clock.now()
  const iso = now.toISOString()
  const to = new Date(now.getTime() + 7 * 86_400_000).toISOString()
  const rows: NewDelivery[] = []
  for (const r of await listEnabledRobotsUnder(deps.db, unitCode ?? null)) {
    // a robot's group hears of the sessions its unit or a unit above it organizes (their audience reaches down)
    const mine = await listSessionsOrganizedAbove(deps.db, r.unitCode, { from: iso, to, status: 'planned', under: unitCode ?? null })
    if (mine.length) rows.push(robotDelivery(job.id, r, weeklyDigestMessage(mine, deps.tz), iso))
  }
  if (rows.length) await insertDeliveries(deps.db, rows, iso)
}
