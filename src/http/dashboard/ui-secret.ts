import { randomBytes } from 'node:crypto'
import type { Executor } from '../../storage/db.js'

export const UI_SECRET_SETTING = 'ui.cookie_secret'

/**
 * The key that signs dashboard cookies: the configured one, else one generated on first use and kept in
 * `settings`, so sessions survive a restart and every process of one database agrees on it.
 */
export async function loadUiSecret(ex: Executor, configured?: string): Promise<string> {
  if (configured) return configured
  await ex.execute({
    sql: 'INSERT INTO settings (key, value) VALUES (:key, :value) ON CONFLICT (key) DO NOTHING',
    args: { key: UI_SECRET_SETTING, value: randomBytes(32).toString('base64url') },
  })
  const rs = await ex.execute({ sql: 'SELECT value FROM settings WHERE key = :key', args: { key: UI_SECRET_SETTING } })
  return String(rs.rows[0]?.value)
}
