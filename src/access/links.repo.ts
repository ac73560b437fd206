import { randomBytes } from 'node:crypto'
import type { InStatement } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import { getSetting, setSettingStatement } from '../storage/settings.repo.js'

export const LINK_SECRET_SETTING = 'links.secret'

/** The key that signs personal links: generated on first use and kept in `settings`, so every process agrees. */
export async function loadLinkSecret(ex: Executor): Promise<string> {
  const existing = await getSetting(ex, LINK_SECRET_SETTING)
  if (existing) return existing
  await ex.execute(setSettingStatement(LINK_SECRET_SETTING, randomBytes(32).toString('base64url'), true))
  return String(await getSetting(ex, LINK_SECRET_SETTING))
}

/** Links of this person issued before `before` (ISO) are refused from now on. */
export function revokeLinksStatement(officialId: string, before: string, by: string | null): InStatement {
  return {
    sql: `INSERT INTO link_revocations (official_id, revoked_before, revoked_by) VALUES (:officialId, :before, :by)
          ON CONFLICT (official_id) DO UPDATE SET revoked_before = max(revoked_before, excluded.revoked_before),
            revoked_by = excluded.revoked_by`,
    args: { officialId, before, by },
  }
}

/** The moment before which this person's links are revoked, or null. */
export async function findLinkRevocation(ex: Executor, officialId: string): Promise<string | null> {
  const rs = await ex.execute({ sql: 'SELECT revoked_before FROM link_revocations WHERE official_id = :officialId', args: { officialId } })
  const v = rs.rows[0]?.revoked_before
  return v == null ? null : String(v)
}
