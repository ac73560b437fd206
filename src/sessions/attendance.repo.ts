import type { InStatement, ResultSet, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import type { AttendanceStatus } from './session.rules.js'

export interface AttendanceMark {
  sessionId: string
  officialId: string
  officialName: string
  status: AttendanceStatus
  note: string | null
  source: string
  markedBy: string | null
  markedAt: string
}

function toMark(r: Row): AttendanceMark {
  return {
    sessionId: String(r.session_id),
    officialId: String(r.official_id),
    officialName: String(r.name ?? ''),
    status: String(r.status) as AttendanceStatus,
    note: r.note == null ? null : String(r.note),
    source: String(r.source),
    markedBy: r.marked_by == null ? null : String(r.marked_by),
    markedAt: String(r.marked_at),
  }
}

export async function listAttendance(ex: Executor, sessionId: string): Promise<AttendanceMark[]> {
  const rs = await ex.execute({
    sql: `SELECT a.*, o.name FROM attendance a JOIN officials o ON o.id = a.official_id
          WHERE a.session_id = :sessionId ORDER BY o.unit_code, a.official_id`,
    args: { sessionId },
  })
  return rs.rows.map(toMark)
}

export async function findMark(ex: Executor, sessionId: string, officialId: string): Promise<AttendanceMark | null> {
  const rs = await ex.execute({
    sql: `SELECT a.*, o.name FROM attendance a JOIN officials o ON o.id = a.official_id
          WHERE a.session_id = :sessionId AND a.official_id = :officialId`,
    args: { sessionId, officialId },
  })
  return rs.rows[0] ? toMark(rs.rows[0]) : null
}

export async function countAttendance(ex: Executor, sessionId: string): Promise<Record<AttendanceStatus, number>> {
  return attendanceCountsOf(await ex.execute(countAttendanceStatement(sessionId)))
}

/** The statement of `countAttendance`, to read the counts in the same batch as the writes that change them. */
export function countAttendanceStatement(sessionId: string): InStatement {
  return { sql: 'SELECT status, count(*) AS n FROM attendance WHERE session_id = :sessionId GROUP BY status', args: { sessionId } }
}

/** The counts by status of the result of `countAttendanceStatement`. */
export function attendanceCountsOf(rs: ResultSet): Record<AttendanceStatus, number> {
  const counts: Record<AttendanceStatus, number> = { present: 0, late: 0, excused: 0, absent: 0, makeup: 0 }
  for (const r of rs.rows) counts[String(r.status) as AttendanceStatus] = Number(r.n)
  return counts
}

/** Setting the same mark twice changes nothing (marked_at and marked_by stay those of the first time). */
export function upsertMarkStatement(
  m: { sessionId: string; officialId: string; status: AttendanceStatus; note: string | null; source: string; markedBy: string | null },
  now: string,
): InStatement {
  return {
    sql: `INSERT INTO attendance (session_id, official_id, status, note, source, marked_by, marked_at)
          VALUES (:sessionId, :officialId, :status, :note, :source, :markedBy, :now)
          ON CONFLICT (session_id, official_id) DO UPDATE SET status = excluded.status, note = excluded.note,
            source = excluded.source, marked_by = excluded.marked_by, marked_at = excluded.marked_at
          WHERE attendance.status IS NOT excluded.status OR attendance.note IS NOT excluded.note`,
    args: { sessionId: m.sessionId, officialId: m.officialId, status: m.status, note: m.note, source: m.source, markedBy: m.markedBy, now },
  }
}

/** Every mark of a session, by official. */
export async function listMarks(ex: Executor, sessionId: string): Promise<Map<string, AttendanceStatus>> {
  const rs = await ex.execute({ sql: 'SELECT official_id, status FROM attendance WHERE session_id = :sessionId', args: { sessionId } })
  return new Map(rs.rows.map((r) => [String(r.official_id), String(r.status) as AttendanceStatus]))
}

/** The unmarked become absent at closing (source 'auto'); a mark set meanwhile is kept. */
export function markAbsentStatements(sessionId: string, officialIds: readonly string[], now: string, chunk = 400): InStatement[] {
  const stmts: InStatement[] = []
  for (let i = 0; i < officialIds.length; i += chunk) {
    const part = officialIds.slice(i, i + chunk)
    stmts.push({
      sql: `INSERT INTO attendance (session_id, official_id, status, source, marked_by, marked_at)
            VALUES ${part.map(() => `(?, ?, 'absent', 'auto', 'system', ?)`).join(', ')}
            ON CONFLICT (session_id, official_id) DO NOTHING`,
      args: part.flatMap((id) => [sessionId, id, now]),
    })
  }
  return stmts
}

/**
 * 补学 written when the make-up quiz is finished (source 'makeup'): only over 请假 or 缺席, so a mark an organizer
 * set meanwhile (出席, or 补学 by hand) stands.
 */
export function markMadeUpStatement(sessionId: string, officialId: string, now: string): InStatement {
  return {
    sql: `UPDATE attendance SET status = 'makeup', source = 'makeup', marked_by = 'system', marked_at = :now
          WHERE session_id = :sessionId AND official_id = :officialId AND status IN ('excused', 'absent')`,
    args: { sessionId, officialId, now },
  }
}

/** A session planned again: the absences closing (or recording it held) filled in are taken back; marks set by people stay. */
export function deleteAutoAbsentStatement(sessionId: string): InStatement {
  return {
    sql: `DELETE FROM attendance WHERE session_id = :sessionId AND status = 'absent' AND source = 'auto' AND marked_by = 'system'`,
    args: { sessionId },
  }
}
