/** The question bank's own changes (besides imports). */
import type { Db } from '../storage/db.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { setQuestionRetired } from './questions.repo.js'

/** Retired questions are never drawn again; attempts that used them keep showing and scoring them. */
export async function retireQuestion(deps: { db: Db; clock: Clock }, id: string, by: Actor, retired = true): Promise<void> {
  const now = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    if (!(await setQuestionRetired(tx, id, retired, now))) throw new AppError('NOT_FOUND', `question ${id} not found`)
    await tx.execute(
      auditStatement({ ...by, action: retired ? 'question.retire' : 'question.restore', entity: 'question', entityId: id }, now),
    )
  })
}
