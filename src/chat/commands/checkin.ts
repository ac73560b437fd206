import { formatLocalShortZh, localDate } from '../../calendar.js'
import { checkInIn } from '../../sessions/attendance.service.js'
import { decideCheckin } from '../../sessions/checkin.rules.js'
import { findCheckinSession, findNextSessionFor } from '../../sessions/lookup.service.js'
import { ATTENDANCE_STATUS_ZH } from '../../sessions/session.rules.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage, DUPLICATE, runOnce } from '../once.js'
import type { Handler } from '../router.js'

/** 签到 — present up to the start, late after it, only inside the check-in window; twice is harmless. */
export function checkinCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const open = ctx.openCheckin ?? (await findCheckinSession(deps.db, official.id, now))
    if (!open) {
      const next = await findNextSessionFor(deps.db, official.id, now)
      // only today's next session is worth pointing to
      const today = next && localDate(new Date(next.session.startsAt), deps.tz) === localDate(now, deps.tz)
      const d = next && today ? decideCheckin(new Date(next.session.startsAt), now, next.settings) : null
      if (!(await claimMessage(deps.db, ctx, now))) return
      if (next && d?.kind === 'too_early') return ctx.reply(COPY.checkinNotYet(next.session.title, formatLocalShortZh(d.opensAt, deps.tz)))
      return ctx.reply(COPY.checkinNone)
    }
    const { session, settings } = open
    const outcome = await runOnce(deps.db, ctx, now, (tx) => checkInIn(tx, session, settings, official.id, now))
    if (outcome === DUPLICATE) return
    switch (outcome.kind) {
      case 'again':
        return ctx.reply(COPY.checkinAgain(session.title, ATTENDANCE_STATUS_ZH[outcome.status]))
      case 'excused':
        return ctx.reply(COPY.checkinExcused(session.title))
      case 'closed':
        return ctx.reply(COPY.checkinNone)
      case 'marked':
        return ctx.reply(outcome.status === 'late' ? COPY.checkinLate(session.title, outcome.minutesLate) : COPY.checkinOk(session.title))
    }
  }
}
