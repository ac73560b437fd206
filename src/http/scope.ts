import type { Executor } from '../storage/db.js'
import { AppError } from '../errors.js'
import { isUnitWithin } from '../roster/units.repo.js'
import type { AuthInfo } from './types.js'

/** Least privilege by unit: a scoped token reaches its unit and the units below it, nothing else. */
export async function assertUnitInScope(ex: Executor, auth: AuthInfo, unitCode: string): Promise<void> {
  if (auth.unitCode === null) return
  if (!(await isUnitWithin(ex, unitCode, auth.unitCode))) {
    throw new AppError('FORBIDDEN', `this token is limited to unit ${auth.unitCode} and the units below it`)
  }
}

/** The unit a listing is limited to: the one asked for (checked), else the token's own. */
export async function scopedUnit(ex: Executor, auth: AuthInfo, asked: string | undefined): Promise<string | undefined> {
  if (asked !== undefined) {
    await assertUnitInScope(ex, auth, asked)
    return asked
  }
  return auth.unitCode ?? undefined
}
