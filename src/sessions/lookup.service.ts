/** Which session a person's 签到, 请假 or an organizer's 统计 is about. */
import type { Executor } from '../storage/db.js'
import { LATEST, listSessionsExpecting } from './audience.repo.js'
import { decideCheckin } from './checkin.rules.js'
import {
  findLatestSessionOfUnit,
  findSessionWithTimeline,
  findSessions,
  listUpcomingSessionsOfUnit,
  type Session,
} from './sessions.repo.js'
import { loadDeploymentTimeline, sessionSettings } from './timeline.service.js'
import { checkInWindow, type TimelineSettings } from './timeline.rules.js'

const DAY_MS = 86_400_000

export interface SessionWithSettings {
  session: Session
  settings: TimelineSettings
}

/**
 * The sessions around now that expect this person, with their timeline settings (their check-in windows):
 * one read for the sessions with their own overrides, one for the deployment's defaults.
 */
async function sessionsAround(ex: Executor, officialId: string, now: Date): Promise<SessionWithSettings[]> {
  const ids = await listSessionsExpecting(ex, officialId, {
    from: new Date(now.getTime() - DAY_MS).toISOString(),
    to: new Date(now.getTime() + DAY_MS).toISOString(),
  })
  if (ids.length === 0) return []
  const [found, deployment] = await Promise.all([findSessions(ex, ids), loadDeploymentTimeline(ex)])
  return ids.flatMap((id) => {
    const f = found.get(id)
    return f ? [{ session: f.session, settings: sessionSettings(deployment, f.timelineJson) }] : []
  })
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
  const from = new Date(now.getTime() + 1).toISOString()
  const [id] = await listSessionsExpecting(ex, officialId, { from, to: LATEST, plannedOnly: true, limit: 1 })
  const found = id === undefined ? null : await findSessionWithTimeline(ex, id)
  return found ? { session: found.session, settings: sessionSettings(await loadDeploymentTimeline(ex), found.timelineJson) } : null
}

/**
 * The current or most recent session of a unit (and below): of those whose own check-in window has opened
 * (those of the coming day are looked at), the one starting last; else the last that started.
 */
export async function findCurrentSession(ex: Executor, unitCode: string, now: Date): Promise<SessionWithSettings | null> {
  const iso = now.toISOString()
  const [upcoming, started, deployment] = await Promise.all([
    listUpcomingSessionsOfUnit(ex, unitCode, iso, new Date(now.getTime() + DAY_MS).toISOString()),
    findLatestSessionOfUnit(ex, unitCode, iso),
    loadDeploymentTimeline(ex),
  ])
  for (const f of [...upcoming, ...(started ? [started] : [])]) {
    const settings = sessionSettings(deployment, f.timelineJson)
    if (checkInWindow(new Date(f.session.startsAt), settings).opensAt.getTime() <= now.getTime()) return { session: f.session, settings }
  }
  return null
}
