import type { InStatement } from '@libsql/client'
import type { Executor } from './db.js'

/** The deployment's settings: one text value per key (JSON where a feature needs structure). */
export async function getSetting(ex: Executor, key: string): Promise<string | null> {
  const rs = await ex.execute({ sql: 'SELECT value FROM settings WHERE key = :key', args: { key } })
  const v = rs.rows[0]?.value
  return v == null ? null : String(v)
}

/** Sets a value; with `keepExisting` a value already there wins (a first writer among processes). */
export function setSettingStatement(key: string, value: string, keepExisting = false): InStatement {
  return {
    sql: `INSERT INTO settings (key, value) VALUES (:key, :value)
          ON CONFLICT (key) DO ${keepExisting ? 'NOTHING' : 'UPDATE SET value = excluded.value'}`,
    args: { key, value },
  }
}

/** A JSON setting, or null when it is missing or not JSON (a bad row must never stop anything). */
export async function getJsonSetting(ex: Executor, key: string): Promise<unknown> {
  return parseJsonOrNull(await getSetting(ex, key))
}

export function parseJsonOrNull(text: unknown): unknown {
  if (typeof text !== 'string') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}
