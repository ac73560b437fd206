import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { findSession, listSessions, type Session } from './sessions.repo.js'
import { isExpectedAt, type AudienceMember, type AudienceSession, type CheckinWindow } from './checkin.rules.js'
import { OFFICIAL_COLUMNS, toOfficial, type Official } from '../roster/officials.repo.js'

async function unitPaths(ex: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>()
  for (const code of new Set(codes)) {
    const rs = await ex.execute({ sql: 'SELECT path FROM units WHERE code = :code', args: { code } })
    if (rs.rows[0]) map.set(code, String(rs.rows[0].path))
  }
  return map
}

export async function toAudienceSession(ex: Executor, s: Session): Promise<AudienceSession> {
  const codes = s.audience?.unitCodes ?? []
  const paths = await unitPaths(ex, [s.unitCode, ...codes])
  return {
    startsAt: s.startsAt,
    unitPath: paths.get(s.unitCode) ?? `/${s.unitCode}/`,
    audience: s.audience,
    audienceUnitPaths: codes.map((c) => paths.get(c)).filter((p): p is string => p !== undefined),
  }
}

export async function toMember(ex: Executor, o: Official): Promise<AudienceMember> {
  const paths = await unitPaths(ex, [o.unitCode])
  return { id: o.id, unitPath: paths.get(o.unitCode) ?? `/${o.unitCode}/`, isLeader: o.isLeader, joinedAt: o.joinedAt, leftAt: o.leftAt }
}

export async function isExpected(ex: Executor, s: Session, o: Official): Promise<boolean> {
  return isExpectedAt(await toAudienceSession(ex, s), await toMember(ex, o))
}

/** Everyone expected at a session, by unit then id. */
export async function listExpected(ex: Executor, s: Session): Promise<Official[]> {
  const audience = await toAudienceSession(ex, s)
  const rs = await ex.execute(`SELECT ${OFFICIAL_COLUMNS.split(', ')
    .map((c) => `o.${c}`)
    .join(', ')}, u.path
    FROM officials o JOIN units u ON u.code = o.unit_code ORDER BY o.unit_code, o.id`)
  return rs.rows
    .map((r: Row) => ({ official: toOfficial(r), path: String(r.path) }))
    .filter(({ official: o, path }) =>
      isExpectedAt(audience, { id: o.id, unitPath: path, isLeader: o.isLeader, joinedAt: o.joinedAt, leftAt: o.leftAt }),
    )
    .map(({ official }) => official)
}

const live = (s: Session) => s.status !== 'cancelled'

/** The session whose check-in window is open for this person now, the one starting nearest to now. */
export async function findCheckinSession(ex: Executor, o: Official, now: Date, w: CheckinWindow): Promise<Session | null> {
  const from = new Date(now.getTime() - w.afterMin * 60_000).toISOString()
  const to = new Date(now.getTime() + w.beforeMin * 60_000 + 1).toISOString()
  const candidates = (await listSessions(ex, { from, to })).filter(live)
  candidates.sort((a, b) => Math.abs(Date.parse(a.startsAt) - now.getTime()) - Math.abs(Date.parse(b.startsAt) - now.getTime()))
  for (const s of candidates) if (await isExpected(ex, s, o)) return s
  return null
}

/** The next session, not started yet, that this person is expected at. */
export async function findNextSessionFor(ex: Executor, o: Official, now: Date, after = now): Promise<Session | null> {
  const from = new Date(Math.max(after.getTime(), now.getTime()) + 1).toISOString()
  for (const s of (await listSessions(ex, { from, status: 'planned', limit: 200 })).filter(live)) {
    if (await isExpected(ex, s, o)) return s
  }
  return null
}

/** The current or most recent session of a unit (and below): started, or opening for check-in. */
export async function findCurrentSession(ex: Executor, unitCode: string, now: Date, w: CheckinWindow): Promise<Session | null> {
  const rs = await ex.execute({
    sql: `SELECT s.id FROM sessions s WHERE s.status <> 'cancelled' AND s.starts_at <= :to
            AND s.unit_code IN (SELECT u.code FROM units u JOIN units top ON top.code = :unit
                                WHERE substr(u.path, 1, length(top.path)) = top.path)
          ORDER BY s.starts_at DESC, s.id DESC LIMIT 1`,
    args: { unit: unitCode, to: new Date(now.getTime() + w.beforeMin * 60_000).toISOString() },
  })
  return rs.rows[0] ? findSession(ex, String(rs.rows[0].id)) : null
}
