/**
 * Closing (holding) a session, in one write transaction: the unmarked audience becomes absent (source 'auto'),
 * open quiz attempts are closed, the session is held; the excused get their make-up material (official.makeup
 * jobs), the session's organizers a summary in private and the unit's group robots the same summary. Running it
 * again changes nothing.
 */
import type { InStatement } from '@libsql/client'
import { auditStatement } from '../storage/audit.repo.js'
import { insertDeliveriesStatements, type NewDelivery } from '../delivery/deliveries.repo.js'
import { privateDelivery, robotDelivery } from '../delivery/fanout.js'
import { listEnabledRobots } from '../delivery/robots.repo.js'
import type { JobEffect } from '../jobs/effects.js'
import { enqueueJobStatement } from '../jobs/jobs.repo.js'
import { closeQuizStatements } from '../quizzes/quizzes.repo.js'
import { markAbsentStatements } from './attendance.repo.js'
import { makeupDedupKey } from './attendance.service.js'
import { summaryMessage } from './copy.zh.js'
import { loadProgress, notCheckedIn, progressCounts } from './progress.service.js'
import { findSession, holdSessionStatement, listSessionOrganizers } from './sessions.repo.js'

export const closeSession: JobEffect<'session.close'> = async ({ sessionId }, job, deps) => {
  const { db, clock, tz, logger } = deps
  const now = clock.now().toISOString()
  const result = await db.write(async (tx) => {
    const s = await findSession(tx, sessionId)
    if (!s) throw new Error(`session ${sessionId} not found`)
    if (s.status === 'cancelled' || s.closedAt !== null) return null
    const p = await loadProgress(tx, s)
    const unmarked = notCheckedIn(p).map((m) => m.id)
    const stmts: InStatement[] = [...markAbsentStatements(s.id, unmarked, now)]
    if (p.quiz) stmts.push(...closeQuizStatements(p.quiz.id, now))
    stmts.push(holdSessionStatement(s.id, now))
    const excused = [...p.marks].filter(([, status]) => status === 'excused').map(([id]) => id)
    for (const officialId of excused) {
      stmts.push(
        enqueueJobStatement(
          {
            kind: 'official.makeup',
            dueAt: now,
            payload: { sessionId: s.id, officialId },
            sessionId: s.id,
            dedupKey: makeupDedupKey(s.id, officialId),
          },
          now,
        ),
      )
    }
    // the unmarked are absent from here on: the summary counts them so
    const { counts, finished } = progressCounts({ ...p, marks: new Map([...p.marks, ...unmarked.map((id) => [id, 'absent'] as const)]) })
    const summary = summaryMessage(
      s,
      { expected: p.expected.length, counts, quiz: p.quiz ? { assigned: p.expected.length, finished } : null },
      tz,
    )
    const organizers = await listSessionOrganizers(tx, s.id)
    const rows: NewDelivery[] = organizers.map((id) => privateDelivery(job.id, id, summary, now))
    // the organizers in private and the unit's group too (a robot costs no WeChat send)
    for (const r of await listEnabledRobots(tx, [s.unitCode])) rows.push(robotDelivery(job.id, r, summary, now))
    stmts.push(...insertDeliveriesStatements(rows, now))
    stmts.push(
      auditStatement(
        {
          actor: 'system',
          action: 'session.close',
          entity: 'session',
          entityId: s.id,
          detail: { absent: unmarked.length, excused: excused.length },
        },
        now,
      ),
    )
    await tx.batch(stmts)
    return { absent: unmarked.length, excused: excused.length, summaries: rows.length }
  })
  if (result) logger.info({ jobId: job.id, sessionId, ...result }, 'session closed')
}
