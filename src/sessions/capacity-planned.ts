/**
 * The notices other sessions have planned, by bot account: not in the outbox yet, but they will take the same
 * accounts' cap, and those due before a session's own notice will be queued ahead of it.
 */
import type { Executor } from '../storage/db.js'
import type { PlannedSends } from '../delivery/capacity.rules.js'
import { countBoundByAccount } from '../roster/bound-accounts.repo.js'
import { listAudience } from './audience.repo.js'
import { listPlannedNotices } from './capacity.repo.js'
import { findSessions } from './sessions.repo.js'

/** More sessions' notices than this on one day are not looked at (each costs a read of its audience). */
const MOST_SESSIONS = 200

export interface PlannedLoad {
  /** notices planned on the day counted */
  onDay: number
  /** those that go before this session's notice, ms from now */
  ahead: PlannedSends[]
}

/**
 * `day`: the counted local day as UTC bounds; `ours`: this session's notice job (null: a unit, seen from now), which
 * the scheduler takes after the jobs due before it (and, at the same time, after those of a smaller id).
 */
export async function plannedNoticesByAccount(
  ex: Executor,
  o: {
    day: { from: string; to: string }
    now: Date
    noticeParts: number
    exceptSessionId: string | null
    ours: { id: number; dueAt: string } | null
  },
): Promise<Map<string, PlannedLoad>> {
  const nowIso = o.now.toISOString()
  // jobs already overdue go at once: on today's cap only
  const today = o.day.from <= nowIso && nowIso < o.day.to
  const notices = await listPlannedNotices(ex, {
    from: o.day.from,
    to: o.day.to,
    now: today ? nowIso : o.day.from,
    exceptSessionId: o.exceptSessionId,
    limit: MOST_SESSIONS,
  })
  const by = new Map<string, PlannedLoad>()
  if (notices.length === 0) return by
  const sessions = await findSessions(
    ex,
    notices.map((n) => n.sessionId),
  )
  const ours = o.ours ?? { id: Number.MAX_SAFE_INTEGER, dueAt: nowIso }
  for (const n of notices) {
    const s = sessions.get(n.sessionId)?.session
    if (!s) continue
    const bound = (await listAudience(ex, s)).filter((m) => m.bound).map((m) => m.id)
    const isAhead = n.dueAt < ours.dueAt || (n.dueAt === ours.dueAt && n.jobId < ours.id)
    for (const [account, people] of await countBoundByAccount(ex, bound)) {
      const load = by.get(account) ?? { onDay: 0, ahead: [] }
      by.set(account, load)
      const sends = people * o.noticeParts
      load.onDay += sends
      if (isAhead) load.ahead.push({ inMs: new Date(n.dueAt).getTime() - o.now.getTime(), sends })
    }
  }
  return by
}
