import type { Executor } from '../../storage/db.js'
import { AppError } from '../../errors.js'
import { isUnitWithin } from '../../roster/units.repo.js'
import { listIdsOutsideSubtree, type ScopedTable } from '../../roster/scope.repo.js'
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

/** Refuses when any official named lies outside the token's subtree. */
export async function assertOfficialsInScope(ex: Executor, auth: AuthInfo, officialIds: readonly string[]): Promise<void> {
  const outside = await idsOutsideScope(ex, auth, 'officials', officialIds)
  if (outside.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      outOfScope(auth, `officials ${outside.slice(0, 20).join(', ')}${outside.length > 20 ? ', …' : ''} are`).message,
      {
        issues: outside.slice(0, 100).map((id) => ({ path: ['officialId'], message: `official ${id} is outside the token scope` })),
      },
    )
  }
}
