/** How a session stands: who is expected, their marks, who finished its quiz (统计, 提醒, closing). */
import type { Executor } from '../storage/db.js'
import { listFinishedOfficials } from '../quizzes/attempts.repo.js'
import { findQuizBySession, type Quiz } from '../quizzes/quizzes.repo.js'
import { quizWindow } from '../quizzes/attempt-view.js'
import { listMarks } from './attendance.repo.js'
import { listAudience, type AudienceMember } from './audience.repo.js'
import { findCurrentSession } from './lookup.service.js'
import type { AttendanceStatus } from './session.rules.js'
import type { Session } from './sessions.repo.js'
import type { TimelineSettings } from './timeline.rules.js'

export interface SessionProgress {
  session: Session
  expected: AudienceMember[]
  marks: Map<string, AttendanceStatus>
  /** null when the session has no quiz */
  quiz: { id: number; deadlineAt: string | null; closedAt: string | null } | null
  finishedQuiz: Set<string>
}

export async function loadProgress(ex: Executor, session: Session): Promise<SessionProgress> {
  const [expected, marks, quiz] = await Promise.all([
    listAudience(ex, session),
    listMarks(ex, session.id),
    findQuizBySession(ex, session.id),
  ])
  const finishedQuiz = quiz ? await listFinishedOfficials(ex, quiz.id) : new Set<string>()
  return { session, expected, marks, quiz: quiz && { id: quiz.id, deadlineAt: quiz.deadlineAt, closedAt: quiz.closedAt }, finishedQuiz }
}

/** The unit's current (or most recent) session, its progress and its timeline settings; null when there is none. */
export async function currentProgress(
  ex: Executor,
  unitCode: string,
  now: Date,
): Promise<(SessionProgress & { settings: TimelineSettings }) | null> {
  const current = await findCurrentSession(ex, unitCode, now)
  return current ? { ...(await loadProgress(ex, current.session)), settings: current.settings } : null
}

/** Expected people with no mark yet. */
export function notCheckedIn(p: SessionProgress): AudienceMember[] {
  return p.expected.filter((o) => !p.marks.has(o.id))
}

/** Can the quiz still be answered at `now` (there is one, not closed, its deadline not passed)? */
export function isQuizOpen(quiz: Pick<Quiz, 'deadlineAt' | 'closedAt'> | null, now: Date): boolean {
  return quiz !== null && quizWindow({ opensAt: null, ...quiz }, now.toISOString()) !== 'closed'
}

/** Expected people, not excused, who have not finished the quiz and still can (none when there is no open quiz). */
export function quizNotFinished(p: SessionProgress, now: Date): AudienceMember[] {
  if (!isQuizOpen(p.quiz, now)) return []
  return p.expected.filter((o) => !p.finishedQuiz.has(o.id) && p.marks.get(o.id) !== 'excused')
}

/** Marks of the expected, by status, and how many finished the quiz. */
export function progressCounts(p: SessionProgress): { counts: Record<AttendanceStatus, number>; finished: number } {
  const counts: Record<AttendanceStatus, number> = { present: 0, late: 0, excused: 0, absent: 0, makeup: 0 }
  let finished = 0
  for (const o of p.expected) {
    const status = p.marks.get(o.id)
    if (status) counts[status]++
    if (p.finishedQuiz.has(o.id)) finished++
  }
  return { counts, finished }
}
