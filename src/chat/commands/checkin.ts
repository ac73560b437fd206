import { formatLocalShortZh, localDate } from '../../calendar.js'
import { auditStatement } from '../../storage/audit.js'
import { findMark, upsertMarkStatement } from '../../sessions/attendance.repo.js'
import { decideCheckin } from '../../sessions/checkin.rules.js'
import { ATTENDANCE_STATUS_ZH } from '../../sessions/session.rules.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage, DUPLICATE, runOnce } from '../once.js'
import type { Handler } from '../router.js'
import { findCheckinSession, findNextSessionFor } from '../../sessions/lookup.service.js'

/** 签到 — present up to the start, late after it, only inside the check-in window; twice is harmless. */
export function checkinCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const session = await findCheckinSession(deps.db, official, now, deps.checkinWindow)
    if (!session) {
      const next = await findNextSessionFor(deps.db, official, now)
      // only today's next session is worth pointing to
      const today = next && localDate(new Date(next.startsAt), deps.tz) === localDate(now, deps.tz)
      const d = next && today ? decideCheckin(new Date(next.startsAt), now, deps.checkinWindow) : null
      if (!(await claimMessage(deps.db, ctx, now))) return
      if (next && d?.kind === 'too_early') return ctx.reply(COPY.checkinNotYet(next.title, formatLocalShortZh(d.opensAt, deps.tz)))
      return ctx.reply(COPY.checkinNone)
    }
    const decision = decideCheckin(new Date(session.startsAt), now, deps.checkinWindow)
    const status = decision.kind === 'late' ? 'late' : 'present'
    const outcome = await runOnce(deps.db, ctx, now, async (tx) => {
      const mark = await findMark(tx, session.id, official.id)
      if (mark && mark.status !== 'absent')
        return { kind: mark.status === 'excused' ? ('excused' as const) : ('again' as const), status: mark.status }
      const iso = now.toISOString()
      await tx.execute(
        upsertMarkStatement(
          { sessionId: session.id, officialId: official.id, status, note: null, source: 'chat', markedBy: `official:${official.id}` },
          iso,
        ),
      )
      await tx.execute(
        auditStatement(
          { actor: `official:${official.id}`, action: 'attendance.checkin', entity: 'session', entityId: session.id, detail: { status } },
          iso,
        ),
      )
      return { kind: 'marked' as const, status }
    })
    if (outcome === DUPLICATE) return
    if (outcome.kind === 'again') return ctx.reply(COPY.checkinAgain(session.title, ATTENDANCE_STATUS_ZH[outcome.status]))
    if (outcome.kind === 'excused') return ctx.reply(COPY.checkinExcused(session.title))
    if (decision.kind === 'late') return ctx.reply(COPY.checkinLate(session.title, decision.minutesLate))
    return ctx.reply(COPY.checkinOk(session.title))
  }
}
