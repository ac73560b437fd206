import { formatLocalShortZh } from '../../calendar.js'
import { auditStatement } from '../../storage/audit.js'
import { enqueueJobStatement } from '../../jobs/jobs.repo.js'
import { findMark, upsertMarkStatement } from '../../sessions/attendance.repo.js'
import { checkinClosesAt } from '../../sessions/checkin.rules.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage, DUPLICATE, runOnce } from '../once.js'
import type { Handler } from '../router.js'
import { findNextSessionFor } from '../../sessions/lookup.service.js'

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
      const session = await findNextSessionFor(tx, official, now)
      if (!session) return { kind: 'none' as const }
      const mark = await findMark(tx, session.id, official.id)
      if (mark && (mark.status === 'present' || mark.status === 'late')) return { kind: 'checked_in' as const, session }
      const iso = now.toISOString()
      await tx.execute(
        upsertMarkStatement(
          {
            sessionId: session.id,
            officialId: official.id,
            status: 'excused',
            note: reason,
            source: 'chat',
            markedBy: `official:${official.id}`,
          },
          iso,
        ),
      )
      await tx.execute(
        enqueueJobStatement(
          {
            kind: 'official.makeup',
            // once the session is over (its check-in closed), the make-up material goes out
            dueAt: checkinClosesAt(new Date(session.startsAt), deps.checkinWindow).toISOString(),
            payload: { sessionId: session.id, officialId: official.id },
            dedupKey: `official.makeup:${session.id}:${official.id}`,
            sessionId: session.id,
          },
          iso,
        ),
      )
      await tx.execute(
        auditStatement({ actor: `official:${official.id}`, action: 'attendance.leave', entity: 'session', entityId: session.id }, iso),
      )
      return { kind: mark?.status === 'excused' ? ('again' as const) : ('excused' as const), session }
    })
    if (outcome === DUPLICATE) return
    if (outcome.kind === 'none') return ctx.reply(COPY.leaveNone)
    const { session } = outcome
    if (outcome.kind === 'checked_in') return ctx.reply(COPY.leaveAlreadyIn(session.title))
    if (outcome.kind === 'again') return ctx.reply(COPY.leaveAgain(session.title))
    return ctx.reply(COPY.leaveOk(session.title, formatLocalShortZh(new Date(session.startsAt), deps.tz)))
  }
}
