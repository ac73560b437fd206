import type { Executor } from '../storage/db.js'
import { ATTENDED_STATUSES, type AttendanceStatus } from './session.rules.js'

export interface YearRecord {
  counts: Record<AttendanceStatus, number>
  attended: number
  hours: number
  quizzesAssigned: number
  quizzesCompleted: number
}

/** One person's year, from the attendance marks and quiz attempts of the year's (not cancelled) sessions. */
export async function loadYearRecord(ex: Executor, officialId: string, range: { from: string; to: string }): Promise<YearRecord> {
  const args = { officialId, ...range }
  const marks = await ex.execute({
    sql: `SELECT a.status, COUNT(*) AS n, SUM(COALESCE(s.hours, 0)) AS hours FROM attendance a JOIN sessions s ON s.id = a.session_id
          WHERE a.official_id = :officialId AND s.status <> 'cancelled' AND s.starts_at >= :from AND s.starts_at < :to
          GROUP BY a.status`,
    args,
  })
  const counts: Record<AttendanceStatus, number> = { present: 0, late: 0, excused: 0, absent: 0, makeup: 0 }
  let hours = 0
  for (const r of marks.rows) {
    const status = String(r.status) as AttendanceStatus
    counts[status] = Number(r.n)
    if (ATTENDED_STATUSES.includes(status)) hours += Number(r.hours ?? 0)
  }
  const quizzes = await ex.execute({
    sql: `SELECT COUNT(*) AS assigned,
            SUM(EXISTS (SELECT 1 FROM attempts t WHERE t.quiz_id = q.id AND t.official_id = :officialId AND t.state = 'finished')) AS completed
          FROM quizzes q JOIN sessions s ON s.id = q.session_id
          WHERE s.status <> 'cancelled' AND s.starts_at >= :from AND s.starts_at < :to
            AND (EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.official_id = :officialId)
                 OR EXISTS (SELECT 1 FROM attempts t WHERE t.quiz_id = q.id AND t.official_id = :officialId))`,
    args,
  })
  const attended = ATTENDED_STATUSES.reduce((n, s) => n + counts[s], 0)
  return {
    counts,
    attended,
    hours: Math.round(hours * 10) / 10,
    quizzesAssigned: Number(quizzes.rows[0]?.assigned ?? 0),
    quizzesCompleted: Number(quizzes.rows[0]?.completed ?? 0),
  }
}
