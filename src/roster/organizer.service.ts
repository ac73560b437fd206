/** Making an official an organizer, or not: one flag, written with its audit row (the officials import sets it too). */
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import type { Db } from '../storage/db.js'
import { findOfficial, setOrganizerStatement, type Official } from './officials.repo.js'

export async function setOrganizer(deps: { db: Db; clock: Clock }, officialId: string, isOrganizer: boolean, by: Actor): Promise<Official> {
  const now = deps.clock.now().toISOString()
  return deps.db.write(async (tx) => {
    const before = await findOfficial(tx, officialId)
    if (!before) throw new AppError('NOT_FOUND', `official ${officialId} not found`)
    if (before.isOrganizer !== isOrganizer) {
      await tx.batch([
        setOrganizerStatement(officialId, isOrganizer, now),
        auditStatement({ ...by, action: 'official.organizer', entity: 'official', entityId: officialId, detail: { isOrganizer } }, now),
      ])
    }
    return { ...before, isOrganizer }
  })
}
