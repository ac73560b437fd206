import type { InStatement, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { inSubtreeOfUnitSql } from '../roster/units.repo.js'

export interface ScheduleRow {
  id: number
  name: string
  cron: string
  kind: string
  payload: Record<string, unknown>
  skipHolidays: boolean
  enabled: boolean
  lastFiredAt: string | null
  createdAt: string
}

const COLUMNS = 'id, name, cron, kind, payload_json, skip_holidays, enabled, last_fired_at, created_at'

function toSchedule(r: Row): ScheduleRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    cron: String(r.cron),
    kind: String(r.kind),
    payload: JSON.parse(String(r.payload_json)) as Record<string, unknown>,
    skipHolidays: Number(r.skip_holidays) === 1,
    enabled: Number(r.enabled) === 1,
    lastFiredAt: r.last_fired_at == null ? null : String(r.last_fired_at),
    createdAt: String(r.created_at),
  }
}

/**
 * Creates the schedule, or replaces the one of the same name. A new time or holiday setting counts from now
 * (last_fired_at = now), so the fires the old setting never made are not sent the moment it is saved.
 */
export async function upsertSchedule(
  ex: Executor,
  s: { name: string; cron: string; kind: string; payload: unknown; skipHolidays: boolean },
  now: string,
): Promise<ScheduleRow> {
  const rs = await ex.execute({
    sql: `INSERT INTO schedules (name, cron, kind, payload_json, skip_holidays, created_at) VALUES (:name, :cron, :kind, :payload, :skip, :now)
          ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, kind = excluded.kind, payload_json = excluded.payload_json,
            skip_holidays = excluded.skip_holidays,
            last_fired_at = CASE WHEN cron <> excluded.cron OR skip_holidays <> excluded.skip_holidays THEN :now ELSE last_fired_at END
          RETURNING ${COLUMNS}`,
    args: { name: s.name, cron: s.cron, kind: s.kind, payload: JSON.stringify(s.payload), skip: s.skipHolidays ? 1 : 0, now },
  })
  return toSchedule(rs.rows[0]!)
}

export async function findSchedule(ex: Executor, id: number): Promise<ScheduleRow | null> {
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM schedules WHERE id = :id`, args: { id } })
  return rs.rows[0] ? toSchedule(rs.rows[0]) : null
}

/** Every schedule, or those whose unit (payload.unitCode) lies in the subtree of `under`. */
export async function findScheduleByName(ex: Executor, name: string): Promise<ScheduleRow | null> {
  const rs = await ex.execute({ sql: `SELECT ${COLUMNS} FROM schedules WHERE name = :name`, args: { name } })
  return rs.rows[0] ? toSchedule(rs.rows[0]) : null
}

export async function listSchedules(ex: Executor, under?: string): Promise<ScheduleRow[]> {
  const rs = await ex.execute({
    sql: `SELECT ${COLUMNS} FROM schedules
          WHERE :under IS NULL OR ${inSubtreeOfUnitSql("json_extract(payload_json, '$.unitCode')", ':under')}
          ORDER BY id`,
    args: { under: under ?? null },
  })
  return rs.rows.map(toSchedule)
}

/**
 * Turns a schedule on or off. Switched back on, it counts from now (last_fired_at = now): the fires missed while
 * it was off are not sent at once, as the ones missed in downtime are.
 */
export async function setScheduleEnabled(ex: Executor, id: number, enabled: boolean, now: string): Promise<ScheduleRow | null> {
  const rs = await ex.execute({
    sql: `UPDATE schedules SET enabled = :enabled, last_fired_at = CASE WHEN :enabled = 1 AND enabled = 0 THEN :now ELSE last_fired_at END
          WHERE id = :id RETURNING ${COLUMNS}`,
    args: { id, enabled: enabled ? 1 : 0, now },
  })
  return rs.rows[0] ? toSchedule(rs.rows[0]) : null
}

export async function deleteSchedule(ex: Executor, id: number): Promise<boolean> {
  const rs = await ex.execute({ sql: 'DELETE FROM schedules WHERE id = :id', args: { id } })
  return rs.rowsAffected > 0
}

/** Records a fire, only if nobody recorded one since `prev` was read (two processes fire it once). */
export function recordFireStatement(id: number, fireAt: string, prev: string | null): InStatement {
  return { sql: 'UPDATE schedules SET last_fired_at = :fireAt WHERE id = :id AND last_fired_at IS :prev', args: { id, fireAt, prev } }
}
