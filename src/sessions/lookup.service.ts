/** Which session a person's 签到, 请假 or an organizer's 统计 is about. */
import type { Executor } from '../storage/db.js'
import { listSessionsExpecting } from './audience.repo.js'
import { decideCheckin } from './checkin.rules.js'
import { findCurrentSessionId, findSession, type Session } from './sessions.repo.js'
import { loadTimelineSettings } from './timeline.service.js'
import type { TimelineSettings } from './timeline.rules.js'

const DAY_MS = 86_400_000

export interface SessionWithSettings {
  session: Session
  settings: TimelineSettings
}

/** The sessions around now that expect this person, with their timeline settings (their check-in windows). */
async function sessionsAround(ex: Executor, officialId: string, now: Date): Promise<SessionWithSettings[]> {
  const ids = await listSessionsExpecting(ex, officialId, {
    from: new Date(now.getTime() - DAY_MS).toISOString(),
    to: new Date(now.getTime() + DAY_MS).toISOString(),
  })
  const out: SessionWithSettings[] = []
  for (const id of ids) {
    const session = await findSession(ex, id)
    if (session) out.push({ session, settings: await loadTimelineSettings(ex, id) })
  }
  return out
}

/** The session whose check-in window is open for this person now; of several, the one starting nearest to now. */
export async function findCheckinSession(ex: Executor, officialId: string, now: Date): Promise<SessionWithSettings | null> {
  const open = (await sessionsAround(ex, officialId, now)).filter(({ session, settings }) => {
    const d = decideCheckin(new Date(session.startsAt), now, settings).kind
    return d === 'present' || d === 'late'
  })
  const distance = (s: Session) => Math.abs(Date.parse(s.startsAt) - now.getTime())
  open.sort((a, b) => distance(a.session) - distance(b.session))
  return open[0] ?? null
}

/** The next planned session, not started yet, that expects this person. */
export async function findNextSessionFor(ex: Executor, officialId: string, now: Date): Promise<SessionWithSettings | null> {
  const [id] = await listSessionsExpecting(ex, officialId, { from: new Date(now.getTime() + 1).toISOString(), plannedOnly: true, limit: 1 })
  const session = id === undefined ? null : await findSession(ex, id)
  return session ? { session, settings: await loadTimelineSettings(ex, session.id) } : null
}

/** The current or most recent session of a unit (and below): started, or its check-in open. */
export async function findCurrentSession(ex: Executor, unitCode: string, now: Date): Promise<Session | null> {
  const settings = await loadTimelineSettings(ex, null)
  const until = new Date(now.getTime() + settings.checkIn.opensMinutesBefore * 60_000).toISOString()
  const id = await findCurrentSessionId(ex, unitCode, until)
  return id === null ? null : findSession(ex, id)
}
