/** The notices other sessions have planned: not in the outbox yet, but they will share the accounts' queues. */
import type { Executor } from '../storage/db.js'

export interface PlannedNotice {
  jobId: number
  sessionId: string
  dueAt: string
}

/**
 * The pending material-and-quiz notices of planned sessions (other than `exceptSessionId`) due within [from, to),
 * or already overdue at `now` (they go at once), in the order the scheduler takes them; at most `limit`.
 */
export async function listPlannedNotices(
  ex: Executor,
  f: { from: string; to: string; now: string; exceptSessionId: string | null; limit: number },
): Promise<PlannedNotice[]> {
  const rs = await ex.execute({
    sql: `SELECT j.id, j.session_id, j.due_at FROM jobs j JOIN sessions s ON s.id = j.session_id
          WHERE j.state = 'pending' AND j.kind = 'session.materials' AND s.status = 'planned'
            AND j.due_at < :to AND (j.due_at >= :from OR j.due_at <= :now)
            AND (:except IS NULL OR j.session_id <> :except)
          ORDER BY j.due_at, j.id LIMIT :limit`,
    args: { from: f.from, to: f.to, now: f.now, except: f.exceptSessionId, limit: f.limit },
  })
  return rs.rows.map((r) => ({ jobId: Number(r.id), sessionId: String(r.session_id), dueAt: String(r.due_at) }))
}
