import { randomBytes } from 'node:crypto'
import type { Executor } from '../../storage/db.js'
import { getSetting, setSettingStatement } from '../../storage/settings.repo.js'

export const UI_SECRET_SETTING = 'ui.cookie_secret'

/**
 * The key that signs dashboard cookies: the configured one, else one generated on first use and kept in
 * `settings`, so sessions survive a restart and every process of one database agrees on it.
 */
export async function loadUiSecret(ex: Executor, configured?: string): Promise<string> {
  if (configured) return configured
  await ex.execute(setSettingStatement(UI_SECRET_SETTING, randomBytes(32).toString('base64url'), true))
  return String(await getSetting(ex, UI_SECRET_SETTING))
}
