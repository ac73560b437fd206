/**
 * Closing a session, in one write transaction: the unmarked audience becomes absent (source 'auto'),
 * open quiz attempts are closed, the session is held; the excused get their make-up material
 * (official.makeup jobs) and the organizer a summary. Running it again changes nothing.
 */
import type { InStatement } from '@libsql/client'
import { auditStatement } from '../storage/audit.js'
import { insertDeliveriesStatements, type NewDelivery } from '../delivery/deliveries.repo.js'
import { findSession } from './sessions.repo.js'
import { enqueueJobStatement, type Job } from '../jobs/jobs.repo.js'
import { findSessionQuiz, listAudience, listFinishedQuiz, listMarks, listRobots, listSessionOrganizers } from './audience.repo.js'
import { summaryMessage } from './copy.zh.js'
import { privateDelivery, robotDelivery, type JobDeps } from '../delivery/fanout.js'

/** The key the chat's 请假 command uses too (src/chat/commands/leave.ts), so make-up material is planned once per person and session. */
export function makeupDedupKey(sessionId: string, officialId: string): string {
  return `official.makeup:${sessionId}:${officialId}`
}

const CHUNK = 400

export async function closeSession(deps: JobDeps, sessionId: string, job: Job): Promise<void> {
  const { db, clock, tz, logger } = deps
  const nowDate = clock.now()
  const now = nowDate.toISOString()
  const result = await db.write(async (tx) => {
    const s = await findSession(tx, sessionId)
    if (!s) throw new Error(`session ${sessionId} not found`)
    if (s.status === 'cancelled' || s.closedAt !== null) return null
    const [audience, marks, quiz] = await Promise.all([listAudience(tx, s), listMarks(tx, s.id), findSessionQuiz(tx, s.id)])
    const finished = quiz ? await listFinishedQuiz(tx, quiz.id) : new Set<string>()
    const unmarked = audience.filter((m) => !marks.has(m.id))
    const stmts: InStatement[] = []
    for (let i = 0; i < unmarked.length; i += CHUNK) {
      const part = unmarked.slice(i, i + CHUNK)
      stmts.push({
        sql: `INSERT INTO attendance (session_id, official_id, status, source, marked_by, marked_at)
              VALUES ${part.map(() => `(?, ?, 'absent', 'auto', 'system', ?)`).join(', ')}
              ON CONFLICT (session_id, official_id) DO NOTHING`,
        args: part.flatMap((m) => [s.id, m.id, now]),
      })
    }
    if (quiz) {
      stmts.push({ sql: `UPDATE attempts SET state = 'closed' WHERE quiz_id = :quizId AND state = 'open'`, args: { quizId: quiz.id } })
      stmts.push({ sql: 'UPDATE quizzes SET closed_at = :now WHERE id = :quizId AND closed_at IS NULL', args: { quizId: quiz.id, now } })
    }
    stmts.push({
      sql: `UPDATE sessions SET closed_at = :now, status = CASE WHEN status = 'planned' THEN 'held' ELSE status END, updated_at = :now WHERE id = :id`,
      args: { id: s.id, now },
    })
    const excused = [...marks].filter(([, status]) => status === 'excused').map(([id]) => id)
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
    const counts: Record<string, number> = {}
    for (const m of audience) {
      const st = marks.get(m.id) ?? 'absent'
      counts[st] = (counts[st] ?? 0) + 1
    }
    const summary = summaryMessage(
      s,
      {
        expected: audience.length,
        counts,
        quiz: quiz ? { assigned: audience.length, finished: audience.filter((m) => finished.has(m.id)).length } : null,
      },
      tz,
    )
    const organizers = await listSessionOrganizers(tx, s.id)
    const rows: NewDelivery[] = organizers.map((id) => privateDelivery(deps, job.id, id, summary, now))
    if (rows.length === 0) for (const r of await listRobots(tx, [s.unitCode])) rows.push(robotDelivery(job.id, r, summary, now))
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
