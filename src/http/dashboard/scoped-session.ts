import { AppError } from '../../errors.js'
import type { Executor } from '../../storage/db.js'
import { findSession, type Session } from '../../sessions/sessions.repo.js'
import type { Scope } from './ui-context.js'

/** The session named in a URL, refused (403 page) when it belongs to a unit outside the viewer's units. */
export async function findScopedSession(ex: Executor, scope: Scope, id: string): Promise<Session> {
  const session = await findSession(ex, id)
  if (!session) throw new AppError('NOT_FOUND', `session ${id} not found`)
  if (!scope.byCode.has(session.unitCode)) throw new AppError('FORBIDDEN', `session ${id} belongs to a unit outside the viewer's units`)
  return session
}
