import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { inSubtreeOfUnitSql, pathWithinSql } from '../roster/units.repo.js'
import type { SessionKind, SessionStatus } from './session.rules.js'

export interface Audience {
  unitCodes?: string[]
  officialIds?: string[]
  leadersOnly?: boolean
}

export interface Session {
  id: string
  kind: SessionKind
  title: string
  startsAt: string
  unitCode: string
  body: string | null
  meetingNo: string | null
  hours: number | null
  presenter: string | null
  status: SessionStatus
  audience: Audience | null
  externalId: string | null
  source: string
  closedAt: string | null
  laws: string[]
  createdAt: string
  updatedAt: string
}

/** A session with its own timeline overrides as stored (sessions.timeline_json: a partial TimelineSettings as JSON, or null). */
export interface SessionWithTimeline {
  session: Session
  timelineJson: string | null
}

export type NewSession = Omit<Session, 'createdAt' | 'updatedAt' | 'closedAt'> & { createdBy: string | null }

const COLUMNS = `s.id, s.kind, s.title, s.starts_at, s.unit_code, s.body, s.meeting_no, s.hours, s.presenter, s.status,
  s.audience_json, s.external_id, s.source, s.closed_at, s.created_at, s.updated_at, s.timeline_json,
  (SELECT json_group_array(law_title) FROM (SELECT law_title FROM session_laws l WHERE l.session_id = s.id ORDER BY position)) AS laws_json`

function toSession(r: Row): Session {
  return {
    id: String(r.id),
    kind: String(r.kind) as SessionKind,
    title: String(r.title),
    startsAt: String(r.starts_at),
    unitCode: String(r.unit_code),
    body: r.body == null ? null : String(r.body),
    meetingNo: r.meeting_no == null ? null : String(r.meeting_no),
    hours: r.hours == null ? null : Number(r.hours),
    presenter: r.presenter == null ? null : String(r.presenter),
    status: String(r.status) as SessionStatus,
    audience: r.audience_json == null ? null : (JSON.parse(String(r.audience_json)) as Audience),
    externalId: r.external_id == null ? null : String(r.external_id),
    source: String(r.source),
    closedAt: r.closed_at == null ? null : String(r.closed_at),
    laws: JSON.parse(String(r.laws_json ?? '[]')) as string[],
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  }
}

const withTimeline = (r: Row): SessionWithTimeline => ({
  session: toSession(r),
  timelineJson: r.timeline_json == null ? null : String(r.timeline_json),
})

export async function findSession(ex: Executor, id: string): Promise<Session | null> {
  return (await findSessionWithTimeline(ex, id))?.session ?? null
}

/** The session and its own timeline overrides, in one read. */
export async function findSessionWithTimeline(ex: Executor, id: string): Promise<SessionWithTimeline | null> {
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM sessions s WHERE s.id = :id`, args: { id } })
  return rs.rows[0] ? withTimeline(rs.rows[0]) : null
}

/** These sessions (those that exist) with their own timeline overrides, by id. */
export async function findSessions(ex: Executor, ids: readonly string[]): Promise<Map<string, SessionWithTimeline>> {
  const found = new Map<string, SessionWithTimeline>()
  for (let i = 0; i < ids.length; i += 500) {
    const rs = await ex.execute({
      sql: `SELECT ${COLUMNS} FROM sessions s WHERE s.id IN (SELECT value FROM json_each(:ids))`,
      args: { ids: JSON.stringify(ids.slice(i, i + 500)) },
    })
    for (const r of rs.rows) found.set(String(r.id), withTimeline(r))
  }
  return found
}

/** The sessions of these external (OA meeting) ids, by external id, in one query. */
export async function findSessionsByExternalIds(ex: Executor, externalIds: string[]): Promise<Map<string, Session>> {
  const found = new Map<string, Session>()
  if (externalIds.length === 0) return found
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM sessions s WHERE s.external_id IN (${externalIds.map(() => '?').join(',')})`,
    args: externalIds,
  })
  for (const r of rs.rows) found.set(String(r.external_id), toSession(r))
  return found
}

export interface SessionFilter {
  from?: string
  to?: string
  /** the unit and everything below it */
  unitCode?: string
  kind?: SessionKind
  status?: SessionStatus
  limit?: number
}

export async function listSessions(ex: Executor, f: SessionFilter = {}): Promise<Session[]> {
  const where: string[] = []
  const args: Record<string, string | number> = {}
  const add = (clause: string, name: string, value: string | undefined) => {
    if (value === undefined) return
    where.push(clause)
    args[name] = value
  }
  add('s.starts_at >= :from', 'from', f.from)
  add('s.starts_at < :to', 'to', f.to)
  add('s.kind = :kind', 'kind', f.kind)
  add('s.status = :status', 'status', f.status)
  if (f.unitCode !== undefined) {
    where.push(inSubtreeOfUnitSql('s.unit_code', ':unit'))
    args.unit = f.unitCode
  }
  args.limit = f.limit ?? 1000
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM sessions s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY s.starts_at, s.id LIMIT :limit`,
    args,
  })
  return rs.rows.map(toSession)
}

/** The statements that write a session and its laws (used inside one write transaction). */
export function upsertSessionStatements(s: NewSession, now: string): InStatement[] {
  const stmts: InStatement[] = [
    {
      sql: `INSERT INTO sessions (id, kind, title, starts_at, unit_code, body, meeting_no, hours, presenter, status,
              audience_json, external_id, source, created_by, created_at, updated_at)
            VALUES (:id, :kind, :title, :startsAt, :unitCode, :body, :meetingNo, :hours, :presenter, :status,
              :audience, :externalId, :source, :createdBy, :now, :now)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, starts_at = excluded.starts_at,
              unit_code = excluded.unit_code, body = excluded.body, meeting_no = excluded.meeting_no, hours = excluded.hours,
              presenter = excluded.presenter, status = excluded.status, audience_json = excluded.audience_json,
              updated_at = excluded.updated_at`,
      args: {
        id: s.id,
        kind: s.kind,
        title: s.title,
        startsAt: s.startsAt,
        unitCode: s.unitCode,
        body: s.body,
        meetingNo: s.meetingNo,
        hours: s.hours,
        presenter: s.presenter,
        status: s.status,
        audience: s.audience ? JSON.stringify(s.audience) : null,
        externalId: s.externalId,
        source: s.source,
        createdBy: s.createdBy,
        now,
      },
    },
    { sql: 'DELETE FROM session_laws WHERE session_id = :id', args: { id: s.id } },
  ]
  for (const [i, law] of s.laws.entries()) {
    stmts.push({
      sql: 'INSERT INTO session_laws (session_id, law_title, position) VALUES (:id, :law, :position)',
      args: { id: s.id, law, position: i + 1 },
    })
  }
  // the bank's study material of each law studied goes out with the session (and its make-up)
  stmts.push(
    {
      sql: `DELETE FROM session_materials WHERE session_id = :id
              AND material_id IN (SELECT id FROM materials WHERE source = 'bank')
              AND material_id NOT IN (SELECT m.id FROM materials m JOIN session_laws l ON l.law_title = m.law_title WHERE l.session_id = :id)`,
      args: { id: s.id },
    },
    {
      sql: `INSERT INTO session_materials (session_id, material_id)
            SELECT :id, m.id FROM materials m JOIN session_laws l ON l.law_title = m.law_title WHERE l.session_id = :id
            ON CONFLICT DO NOTHING`,
      args: { id: s.id },
    },
  )
  return stmts
}

/** Closed now; a planned session becomes held (one marked held by hand stays so). */
export function holdSessionStatement(id: string, now: string): InStatement {
  return {
    sql: `UPDATE sessions SET closed_at = :now, status = CASE WHEN status = 'planned' THEN 'held' ELSE status END, updated_at = :now
          WHERE id = :id`,
    args: { id, now },
  }
}

/** A session recorded as held when written (closed now, unless it already was), or planned again (open). */
export function setClosedStatement(id: string, closedAt: string | null): InStatement {
  return {
    sql: 'UPDATE sessions SET closed_at = CASE WHEN :closedAt IS NULL THEN NULL ELSE COALESCE(closed_at, :closedAt) END WHERE id = :id',
    args: { id, closedAt },
  }
}

export interface MaterialText {
  title: string
  bodyMd: string
}

/** The study material that goes out with a session (and its make-up). */
export async function listSessionMaterials(ex: Executor, sessionId: string): Promise<MaterialText[]> {
  const rs = await ex.execute({
    sql: `SELECT m.title, m.body_md FROM session_materials sm JOIN materials m ON m.id = sm.material_id
          WHERE sm.session_id = :sessionId ORDER BY m.id`,
    args: { sessionId },
  })
  return rs.rows.map((r) => ({ title: String(r.title), bodyMd: String(r.body_md) }))
}

/**
 * Who gets a session's summary: the official who created it (created_by 'official:…'), else the
 * organizers of the organizing unit.
 */
export async function listSessionOrganizers(ex: Executor, sessionId: string): Promise<string[]> {
  const rs = await ex.execute({
    sql: `SELECT o.id FROM sessions s JOIN officials o
            ON (s.created_by = 'official:' || o.id)
            OR (NOT (coalesce(s.created_by, '') LIKE 'official:%') AND o.unit_code = s.unit_code AND o.is_organizer = 1 AND o.left_at IS NULL)
          WHERE s.id = :sessionId ORDER BY o.id`,
    args: { sessionId },
  })
  return rs.rows.map((r) => String(r.id))
}

/** The session's own timeline overrides (a partial TimelineSettings as JSON), or null. */
export async function findSessionTimelineJson(ex: Executor, id: string): Promise<string | null> {
  const rs = await ex.execute({ sql: 'SELECT timeline_json FROM sessions WHERE id = :id', args: { id } })
  const v = rs.rows[0]?.timeline_json
  return v == null ? null : String(v)
}

export function setSessionTimelineStatement(id: string, timeline: unknown): InStatement {
  return { sql: 'UPDATE sessions SET timeline_json = :t WHERE id = :id', args: { t: JSON.stringify(timeline), id } }
}

/** The live sessions of a unit and the units below it that start after `after`, up to `until`; the latest first. */
export async function listUpcomingSessionsOfUnit(
  ex: Executor,
  unitCode: string,
  after: string,
  until: string,
): Promise<SessionWithTimeline[]> {
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM sessions s
          WHERE s.status <> 'cancelled' AND s.starts_at > :after AND s.starts_at <= :until AND ${inSubtreeOfUnitSql('s.unit_code', ':unit')}
          ORDER BY s.starts_at DESC, s.id DESC`,
    args: { unit: unitCode, after, until },
  })
  return rs.rows.map(withTimeline)
}

/** The latest live session of a unit and the units below it that starts at or before `until`. */
export async function findLatestSessionOfUnit(ex: Executor, unitCode: string, until: string): Promise<SessionWithTimeline | null> {
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM sessions s WHERE s.status <> 'cancelled' AND s.starts_at <= :until AND ${inSubtreeOfUnitSql('s.unit_code', ':unit')}
          ORDER BY s.starts_at DESC, s.id DESC LIMIT 1`,
    args: { unit: unitCode, until },
  })
  return rs.rows[0] ? withTimeline(rs.rows[0]) : null
}

/**
 * Sessions starting in [from, to) organized by `unitCode` or a unit above it (their audience reaches down to
 * it), optionally only those organized within the subtree of `under`.
 */
export async function listSessionsOrganizedAbove(
  ex: Executor,
  unitCode: string,
  f: { from: string; to: string; status?: SessionStatus; under?: string | null },
): Promise<Session[]> {
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM sessions s
          WHERE s.starts_at >= :from AND s.starts_at < :to AND (:status IS NULL OR s.status = :status)
            AND (:under IS NULL OR ${inSubtreeOfUnitSql('s.unit_code', ':under')})
            AND EXISTS (SELECT 1 FROM units mine, units org WHERE mine.code = :unit AND org.code = s.unit_code
                        AND ${pathWithinSql('mine.path', 'org.path')})
          ORDER BY s.starts_at, s.id`,
    args: { unit: unitCode, from: f.from, to: f.to, status: f.status ?? null, under: f.under ?? null },
  })
  return rs.rows.map(toSession)
}
