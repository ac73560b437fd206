import type { Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { inSubtreeOfUnitSql } from '../roster/units.repo.js'

export type RobotPlatform = 'wecom' | 'dingtalk' | 'feishu'

/** Someone to @-mention: the platform's user id and/or mobile, and the name written in the text. */
export interface RobotMention {
  name: string
  userId: string | null
  mobile: string | null
}

export interface GroupRobot {
  id: number
  unitCode: string
  platform: RobotPlatform
  /** the webhook URL; it carries the robot's key, so it is shown masked */
  url: string
  hasSecret: boolean
  enabled: boolean
}

function toRobot(r: Row): GroupRobot {
  return {
    id: Number(r.id),
    unitCode: String(r.unit_code),
    platform: String(r.platform) as RobotPlatform,
    url: String(r.url),
    hasSecret: r.secret != null,
    enabled: r.enabled === 1,
  }
}

export async function insertRobot(
  ex: Executor,
  r: { unitCode: string; platform: RobotPlatform; url: string; secret: string | null },
  now: string,
): Promise<number> {
  const rs = await ex.execute({
    sql: `INSERT INTO group_robots (unit_code, platform, url, secret, enabled, created_at) VALUES (:unitCode, :platform, :url, :secret, 1, :now) RETURNING id`,
    args: { unitCode: r.unitCode, platform: r.platform, url: r.url, secret: r.secret, now },
  })
  return Number(rs.rows[0]?.id)
}

export async function listRobots(ex: Executor): Promise<GroupRobot[]> {
  const rs = await ex.execute('SELECT id, unit_code, platform, url, secret, enabled FROM group_robots ORDER BY unit_code, id')
  return rs.rows.map(toRobot)
}

export async function setRobotEnabled(ex: Executor, id: number, enabled: boolean): Promise<boolean> {
  const rs = await ex.execute({ sql: 'UPDATE group_robots SET enabled = :enabled WHERE id = :id', args: { id, enabled: enabled ? 1 : 0 } })
  return rs.rowsAffected > 0
}

/** A robot that announces to a unit's group. */
export interface UnitRobot {
  id: number
  unitCode: string
  platform: RobotPlatform
}

const toUnitRobot = (r: Row): UnitRobot => ({
  id: Number(r.id),
  unitCode: String(r.unit_code),
  platform: String(r.platform) as RobotPlatform,
})

/** The enabled robots of these units, by id. */
export async function listEnabledRobots(ex: Executor, unitCodes: readonly string[]): Promise<UnitRobot[]> {
  const rs = await ex.execute({
    sql: `SELECT id, unit_code, platform FROM group_robots WHERE enabled = 1 AND unit_code IN (SELECT value FROM json_each(:units)) ORDER BY id`,
    args: { units: JSON.stringify([...new Set(unitCodes)]) },
  })
  return rs.rows.map(toUnitRobot)
}

/** The enabled robots of a unit and every unit below it (null: of every unit), by id. */
export async function listEnabledRobotsUnder(ex: Executor, unitCode: string | null): Promise<UnitRobot[]> {
  const rs = await ex.execute({
    sql: `SELECT id, unit_code, platform FROM group_robots
          WHERE enabled = 1 AND (:unit IS NULL OR ${inSubtreeOfUnitSql('unit_code', ':unit')}) ORDER BY id`,
    args: { unit: unitCode },
  })
  return rs.rows.map(toUnitRobot)
}

/** 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd…' → '…?key=ab…cd': enough to tell robots apart. */
export function maskUrl(url: string): string {
  return url.replace(/((?:key|access_token)=|\/hook\/)([^&/]{4})[^&/]*([^&/]{2})/, '$1$2…$3')
}

/** A robot with what it takes to post: its webhook URL and signing secret (never shown). */
export interface RobotSendConfig {
  id: number
  unitCode: string
  platform: RobotPlatform
  url: string
  secret: string | null
  enabled: boolean
}

export async function findRobotSendConfig(ex: Executor, id: number): Promise<RobotSendConfig | null> {
  const rs = await ex.execute({
    sql: 'SELECT id, unit_code, platform, url, secret, enabled FROM group_robots WHERE id = :id',
    args: { id },
  })
  const r = rs.rows[0]
  if (!r) return null
  return {
    id: Number(r.id),
    unitCode: String(r.unit_code),
    platform: String(r.platform) as RobotPlatform,
    url: String(r.url),
    secret: r.secret == null ? null : String(r.secret),
    enabled: Number(r.enabled) === 1,
  }
}

/** How to @-mention officials on a platform: their user id and/or mobile there (official_handles), and their name. */
export async function listMentionHandles(ex: Executor, platform: RobotPlatform, officialIds: readonly string[]): Promise<RobotMention[]> {
  if (officialIds.length === 0) return []
  const rs = await ex.execute({
    sql: `SELECT o.id, o.name, h.user_id, h.mobile FROM officials o
          LEFT JOIN official_handles h ON h.official_id = o.id AND h.platform = :platform
          WHERE o.id IN (SELECT value FROM json_each(:ids)) ORDER BY o.id`,
    args: { platform, ids: JSON.stringify(officialIds) },
  })
  return rs.rows.map((r) => ({
    name: String(r.name),
    userId: r.user_id == null ? null : String(r.user_id),
    mobile: r.mobile == null ? null : String(r.mobile),
  }))
}
