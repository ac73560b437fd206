import type { Executor } from '../storage/db.js'
import type { Official } from '../roster/officials.repo.js'
import type { Session } from './sessions.repo.js'
import { listAttendance } from './attendance.repo.js'
import type { AttendanceStatus } from './session.rules.js'
import { findCurrentSession, listExpected } from './lookup.service.js'

export interface SessionProgress {
  session: Session
  expected: Official[]
  marks: Map<string, AttendanceStatus>
  /** null when the session has no quiz */
  quizId: number | null
  finishedQuiz: Set<string>
}

/** Who is expected at a session, their marks and who finished its quiz. */
export async function loadProgress(ex: Executor, session: Session): Promise<SessionProgress> {
  const expected = await listExpected(ex, session)
  const marks = new Map((await listAttendance(ex, session.id)).map((m) => [m.officialId, m.status] as const))
  const quiz = await ex.execute({ sql: 'SELECT id FROM quizzes WHERE session_id = :sessionId', args: { sessionId: session.id } })
  const quizId = quiz.rows[0] ? Number(quiz.rows[0].id) : null
  const finishedQuiz = new Set<string>()
  if (quizId !== null) {
    const rs = await ex.execute({
      sql: "SELECT DISTINCT official_id FROM attempts WHERE quiz_id = :quizId AND state = 'finished'",
      args: { quizId },
    })
    for (const r of rs.rows) finishedQuiz.add(String(r.official_id))
  }
  return { session, expected, marks, quizId, finishedQuiz }
}

/** The unit's current (or most recent) session and its progress; null when there is none. */
export async function currentProgress(
  ex: Executor,
  unitCode: string,
  now: Date,
  window: Parameters<typeof findCurrentSession>[3],
): Promise<SessionProgress | null> {
  const session = await findCurrentSession(ex, unitCode, now, window)
  return session ? loadProgress(ex, session) : null
}

/** Expected people with no mark yet. */
export function notCheckedIn(p: SessionProgress): Official[] {
  return p.expected.filter((o) => !p.marks.has(o.id))
}

/** Expected people, not excused, who have not finished the quiz. */
export function quizNotFinished(p: SessionProgress): Official[] {
  if (p.quizId === null) return []
  return p.expected.filter((o) => !p.finishedQuiz.has(o.id) && p.marks.get(o.id) !== 'excused')
}
