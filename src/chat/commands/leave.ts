import { formatLocalShortZh } from '../../calendar.js'
import { requestLeaveIn } from '../../sessions/attendance.service.js'
import { findNextSessionFor } from '../../sessions/lookup.service.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage, DUPLICATE, runOnce } from '../once.js'
import type { Handler } from '../router.js'

const MAX_REASON = 200

/** 请假 原因 — excused for the next session the person is expected at; the make-up material is queued with it. */
export function leaveCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const reason = ctx.args.trim().slice(0, MAX_REASON)
    if (reason === '') {
      if (await claimMessage(deps.db, ctx, now)) await ctx.reply(COPY.leaveUsage)
      return
    }
    const outcome = await runOnce(deps.db, ctx, now, async (tx) => {
      const next = await findNextSessionFor(tx, official.id, now)
      if (!next) return null
      return { session: next.session, ...(await requestLeaveIn(tx, next.session, next.settings, official.id, reason, now)) }
    })
    if (outcome === DUPLICATE) return
    if (outcome === null) return ctx.reply(COPY.leaveNone)
    const { session } = outcome
    if (outcome.kind === 'checked_in') return ctx.reply(COPY.leaveAlreadyIn(session.title))
    if (outcome.kind === 'again') return ctx.reply(COPY.leaveAgain(session.title))
    return ctx.reply(COPY.leaveOk(session.title, formatLocalShortZh(new Date(session.startsAt), deps.tz)))
  }
}
