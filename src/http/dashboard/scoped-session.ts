import { AppError } from '../../errors.js'
import type { Executor } from '../../storage/db.js'
import { findSession, type Session } from '../../sessions/sessions.repo.js'
import type { Scope } from './ui-context.js'

/** The session named in a URL; one of a unit outside the viewer's units is answered as missing (the same 404 page). */
export async function findScopedSession(ex: Executor, scope: Scope, id: string): Promise<Session> {
  const session = await findSession(ex, id)
  if (!session || !scope.byCode.has(session.unitCode)) throw new AppError('NOT_FOUND', `session ${id} not found`)
  return session
}
