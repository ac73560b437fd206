/**
 * What each job kind does. Handlers only write: the outbox rows they plan carry unique keys
 * (`${jobId}:${recipient}`), so a handler that runs again after a crash changes nothing more.
 */
import type { OutboundMessage } from '../delivery/channel.js'
import { insertDeliveries, insertDeliveriesStatements, type NewDelivery } from '../delivery/deliveries.repo.js'
import { privateDelivery, robotDelivery, type JobDeps } from '../delivery/fanout.js'
import { findSession, listSessions, type Session } from '../sessions/sessions.repo.js'
import type { Job, JobKind, JobPayloads } from '../jobs/jobs.repo.js'
import {
  listAudience,
  listRobots,
  listRobotsUnder,
  findSessionQuiz,
  listFinishedQuiz,
  listMarks,
  listSessionMaterials,
  type AudienceMember,
} from '../sessions/audience.repo.js'
import { materialsMessage, makeupMessage, noticeMessage, reminderMessage, weeklyDigestMessage } from '../sessions/copy.zh.js'
import { closeSession } from '../sessions/close.service.js'
import { runScheduleFire } from '../schedules/schedules.service.js'

export type JobHandler<K extends JobKind = JobKind> = (payload: JobPayloads[K], job: Job, deps: JobDeps) => Promise<void>
export type JobHandlers = { [K in JobKind]: JobHandler<K> }

async function liveSession(deps: JobDeps, sessionId: string, job: Job): Promise<Session | null> {
  const s = await findSession(deps.db, sessionId)
  if (!s) throw new Error(`session ${sessionId} not found`)
  if (s.status === 'cancelled' || s.closedAt !== null) {
    deps.logger.info({ jobId: job.id, kind: job.kind, sessionId, status: s.status }, 'session no longer open; nothing to send')
    return null
  }
  return s
}

/** Private messages to the bound, one announcement per robot of the audience's units. */
async function announce(deps: JobDeps, job: Job, audience: AudienceMember[], message: OutboundMessage): Promise<number> {
  const now = deps.clock.now().toISOString()
  const rows = audience.filter((m) => m.bound).map((m) => privateDelivery(deps, job.id, m.id, message, now))
  for (const r of await listRobots(
    deps.db,
    audience.map((m) => m.unitCode),
  ))
    rows.push(robotDelivery(job.id, r, message, now))
  return insertDeliveries(deps.db, rows, now)
}

export type { JobDeps }

export function createJobHandlers(): JobHandlers {
  const handlers: JobHandlers = {
    async 'session.materials'({ sessionId }, job, deps) {
      const s = await liveSession(deps, sessionId, job)
      if (!s) return
      const [audience, materials, quiz] = await Promise.all([
        listAudience(deps.db, s),
        listSessionMaterials(deps.db, s.id),
        findSessionQuiz(deps.db, s.id),
      ])
      const n = await announce(deps, job, audience, materialsMessage(s, materials, quiz, deps.tz))
      deps.logger.info({ jobId: job.id, sessionId, audience: audience.length, planned: n }, 'materials planned')
    },

    async 'session.reminder'({ sessionId }, job, deps) {
      const s = await liveSession(deps, sessionId, job)
      if (!s) return
      const [audience, quiz, marks] = await Promise.all([
        listAudience(deps.db, s),
        findSessionQuiz(deps.db, s.id),
        listMarks(deps.db, s.id),
      ])
      const finished = quiz ? await listFinishedQuiz(deps.db, quiz.id) : new Set<string>()
      // with a quiz: those who have not finished it; without: those not yet marked. Never the excused.
      const waiting = audience.filter((m) => marks.get(m.id) !== 'excused' && (quiz ? !finished.has(m.id) : !marks.has(m.id)))
      const robots = await listRobots(
        deps.db,
        waiting.map((m) => m.unitCode),
      )
      const now = deps.clock.now().toISOString()
      const rows: NewDelivery[] = []
      for (const r of robots) {
        // one robot per unit names its people in the group, @-mentioning where the platform can
        if (robots.find((x) => x.unitCode === r.unitCode) !== r) continue
        const inUnit = waiting.filter((m) => m.unitCode === r.unitCode)
        if (inUnit.length)
          rows.push(
            robotDelivery(
              job.id,
              r,
              reminderMessage(
                s,
                inUnit.map((m) => m.name),
                !!quiz,
                deps.tz,
              ),
              now,
              inUnit.map((m) => m.id),
            ),
          )
      }
      const byRobot = new Set(robots.map((r) => r.unitCode))
      for (const m of waiting) {
        if (!byRobot.has(m.unitCode) && m.bound)
          rows.push(privateDelivery(deps, job.id, m.id, reminderMessage(s, [m.name], !!quiz, deps.tz), now))
      }
      const unreachable = waiting.filter((m) => !byRobot.has(m.unitCode) && !m.bound).length
      await insertDeliveries(deps.db, rows, now)
      deps.logger.info({ jobId: job.id, sessionId, waiting: waiting.length, planned: rows.length, unreachable }, 'reminder planned')
    },

    async 'session.close'({ sessionId }, job, deps) {
      await closeSession(deps, sessionId, job)
    },

    async 'session.notice'({ sessionId, change }, job, deps) {
      const s = await findSession(deps.db, sessionId)
      if (!s) throw new Error(`session ${sessionId} not found`)
      if (change === 'moved' && (s.status === 'cancelled' || s.closedAt !== null)) return
      const audience = await listAudience(deps.db, s)
      await announce(deps, job, audience, noticeMessage(s, change, deps.tz))
    },

    async 'official.makeup'({ sessionId, officialId }, job, deps) {
      const s = await findSession(deps.db, sessionId)
      if (!s) throw new Error(`session ${sessionId} not found`)
      if (s.status === 'cancelled') return
      const bound = await deps.db.execute({ sql: 'SELECT 1 FROM chat_bindings WHERE official_id = :officialId', args: { officialId } })
      if (bound.rows.length === 0) {
        deps.logger.warn({ jobId: job.id, sessionId, officialId }, 'make-up material not sent: the official has no bound chat account')
        return
      }
      const now = deps.clock.now().toISOString()
      const materials = await listSessionMaterials(deps.db, sessionId)
      await insertDeliveries(deps.db, [privateDelivery(deps, job.id, officialId, makeupMessage(s, materials, deps.tz), now)], now)
    },

    async 'schedule.fire'(payload, job, deps) {
      await runScheduleFire(deps, payload, job, handlers)
    },

    async 'digest.weekly'({ unitCode }, job, deps) {
      const now = deps.clock.now()
      const upcoming = await listSessions(deps.db, {
        from: now.toISOString(),
        to: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
        status: 'planned',
        ...(unitCode ? { unitCode } : {}),
      })
      const iso = now.toISOString()
      const rows: NewDelivery[] = []
      for (const r of await listRobotsUnder(deps.db, unitCode ?? null)) {
        const mine = []
        for (const s of upcoming) if (await sessionVisibleTo(deps, s, r.unitCode)) mine.push(s)
        if (mine.length) rows.push(robotDelivery(job.id, r, weeklyDigestMessage(mine, deps.tz), iso))
      }
      if (rows.length) await deps.db.batch(insertDeliveriesStatements(rows, iso))
    },
  }
  return handlers
}

/** A session concerns a robot's group when it is organized by that unit or one above it (its audience reaches down). */
async function sessionVisibleTo(deps: JobDeps, s: Session, unitCode: string): Promise<boolean> {
  const rs = await deps.db.execute({
    sql: `SELECT 1 FROM units u JOIN units o ON o.code = :organizer WHERE u.code = :unit AND substr(u.path, 1, length(o.path)) = o.path`,
    args: { organizer: s.unitCode, unit: unitCode },
  })
  return rs.rows.length > 0
}
