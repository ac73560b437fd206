import { formatLocalShortZh } from '../../calendar.js'
import type { AttendanceStatus } from '../../sessions/session.rules.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage } from '../once.js'
import type { Handler } from '../router.js'
import { currentProgress, notCheckedIn } from '../../sessions/progress.service.js'
import { formatCounts } from './record.js'

/** 统计 (organizers) — attendance and quiz completion of the unit's current or most recent session. */
export function statsCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const progress = await currentProgress(deps.db, official.unitCode, now, deps.checkinWindow)
    if (!(await claimMessage(deps.db, ctx, now))) return
    if (!progress) return ctx.reply(COPY.statsNone)
    const { session } = progress
    const counts: Record<AttendanceStatus, number> = { present: 0, late: 0, excused: 0, absent: 0, makeup: 0 }
    for (const o of progress.expected) {
      const status = progress.marks.get(o.id)
      if (status) counts[status]++
    }
    const done = progress.expected.filter((o) => progress.finishedQuiz.has(o.id)).length
    const lines = [
      COPY.statsHeader(session.title, formatLocalShortZh(new Date(session.startsAt), deps.tz)),
      COPY.statsAttendance(progress.expected.length, formatCounts(counts, '人'), notCheckedIn(progress).length),
      progress.quizId === null ? COPY.statsNoQuiz : COPY.statsQuiz(done, progress.expected.length),
    ]
    await ctx.reply(lines.join('\n'))
  }
}
