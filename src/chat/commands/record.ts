import { localYear, yearRange } from '../../calendar.js'
import { loadYearRecord } from '../../sessions/record.repo.js'
import { ATTENDANCE_STATUSES, ATTENDANCE_STATUS_ZH, type AttendanceStatus } from '../../sessions/session.rules.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage } from '../once.js'
import type { Handler } from '../router.js'

export function formatCounts(counts: Record<AttendanceStatus, number>, unit = '次'): string {
  const parts = ATTENDANCE_STATUSES.filter((s) => counts[s] > 0).map((s) => `${ATTENDANCE_STATUS_ZH[s]} ${counts[s]} ${unit}`)
  return parts.length ? parts.join('、') : '无'
}

/** 我的学法 — this year's sessions, attendance by status, quizzes and hours. */
export function recordCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const year = localYear(now, deps.tz)
    const rec = await loadYearRecord(deps.db, official.id, yearRange(year, deps.tz))
    if (!(await claimMessage(deps.db, ctx, now))) return
    const marked = ATTENDANCE_STATUSES.reduce((n, s) => n + rec.counts[s], 0)
    if (marked === 0 && rec.quizzesAssigned === 0) return ctx.reply(COPY.recordEmpty(year))
    const lines = [
      COPY.recordHeader(year, official.name),
      COPY.recordSessions(rec.attended, rec.hours),
      COPY.recordAttendance(formatCounts(rec.counts)),
      COPY.recordQuizzes(rec.quizzesCompleted, rec.quizzesAssigned),
    ]
    await ctx.reply(lines.join('\n'))
  }
}
