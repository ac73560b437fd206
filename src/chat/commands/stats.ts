import { formatLocalShortZh } from '../../calendar.js'
import { currentProgress, notCheckedIn, progressCounts } from '../../sessions/progress.service.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage } from '../once.js'
import type { Handler } from '../router.js'
import { formatCounts } from './record.js'

/** 统计 (organizers) — attendance and quiz completion of the unit's current or most recent session. */
export function statsCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const progress = await currentProgress(deps.db, official.unitCode, now)
    if (!(await claimMessage(deps.db, ctx, now))) return
    if (!progress) return ctx.reply(COPY.statsNone)
    const { session } = progress
    const { counts, finished } = progressCounts(progress)
    const lines = [
      COPY.statsHeader(session.title, formatLocalShortZh(new Date(session.startsAt), deps.tz)),
      COPY.statsAttendance(progress.expected.length, formatCounts(counts, '人'), notCheckedIn(progress).length),
      progress.quiz === null ? COPY.statsNoQuiz : COPY.statsQuiz(finished, progress.expected.length),
    ]
    await ctx.reply(lines.join('\n'))
  }
}
