import type { Executor } from '../../storage/db.js'
import { AppError } from '../../errors.js'
import { isUnitWithin } from '../../roster/units.repo.js'
import { listIdsOutsideSubtree, type ScopedTable } from '../../roster/scope.repo.js'
import { listExistingOfficialIds } from '../../roster/officials.repo.js'
import { unknownOfficials } from '../../sessions/attendance.service.js'
import type { AuthInfo } from './types.js'

const CHUNK = 500

function outOfScope(auth: AuthInfo, what: string): AppError {
  return new AppError('FORBIDDEN', `${what} outside unit ${auth.unitCode} and the units below it, the limit of this token`)
}

/** Least privilege by unit: a scoped token reaches its unit and the units below it, nothing else. */
export async function assertUnitInScope(ex: Executor, auth: AuthInfo, unitCode: string): Promise<void> {
  if (auth.unitCode === null) return
  if (!(await isUnitWithin(ex, unitCode, auth.unitCode))) throw outOfScope(auth, `unit ${unitCode} is`)
}

/** The unit a listing is limited to: the one asked for (checked), else the token's own. */
export async function scopedUnit(ex: Executor, auth: AuthInfo, asked: string | undefined): Promise<string | undefined> {
  if (asked !== undefined) {
    await assertUnitInScope(ex, auth, asked)
    return asked
  }
  return auth.unitCode ?? undefined
}

/**
 * Of `ids` (official or session ids, unit codes), the ones that exist and lie outside the token's subtree.
 * Ids that do not exist are not returned: whoever writes reports them as unknown.
 */
export async function idsOutsideScope(ex: Executor, auth: AuthInfo, table: ScopedTable, ids: Iterable<string>): Promise<string[]> {
  const unique = [...new Set(ids)]
  if (auth.unitCode === null || unique.length === 0) return []
  const outside: string[] = []
  for (let i = 0; i < unique.length; i += CHUNK)
    outside.push(...(await listIdsOutsideSubtree(ex, table, unique.slice(i, i + CHUNK), auth.unitCode)))
  return outside
}

/**
 * Refuses official ids this token cannot reach exactly as ids that do not exist are refused (markAttendance's 400
 * `unknown officials`), so a token limited to a unit learns nothing of which ids exist elsewhere.
 */
export async function assertOfficialsInScope(ex: Executor, auth: AuthInfo, officialIds: readonly string[]): Promise<void> {
  if (auth.unitCode === null || officialIds.length === 0) return
  const outside = new Set(await idsOutsideScope(ex, auth, 'officials', officialIds))
  const known = await listExistingOfficialIds(ex, officialIds)
  const unreachable = [...new Set(officialIds.filter((id) => outside.has(id) || !known.has(id)))]
  if (unreachable.length > 0) throw unknownOfficials(unreachable)
}

/**
 * A session, official or exam found, whose unit lies outside the token's subtree, is answered exactly as one that
 * does not exist (`missing`, the caller's own NOT_FOUND): a 403 would tell an outsider which ids exist.
 */
export async function assertFoundInScope(ex: Executor, auth: AuthInfo, unitCode: string, missing: () => AppError): Promise<void> {
  if (auth.unitCode === null) return
  if (!(await isUnitWithin(ex, unitCode, auth.unitCode))) throw missing()
}
