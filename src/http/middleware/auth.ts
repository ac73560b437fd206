import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../storage/db.js'
import type { Clock } from '../../clock.js'
import { AppError } from '../../errors.js'
import { findLiveToken, hashToken } from '../../access/tokens.repo.js'
import type { AppEnv, Role } from '../types.js'

/** Bearer tokens: looked up by their hash; revoked and expired tokens are refused alike. */
export function bearerAuth(deps: { db: Db; clock: Clock }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match?.[1]) throw new AppError('UNAUTHORIZED', 'missing bearer token')
    const token = await findLiveToken(deps.db, hashToken(match[1]), deps.clock.now().toISOString())
    if (!token) throw new AppError('UNAUTHORIZED', 'invalid, revoked or expired token')
    c.set('auth', { tokenId: token.id, role: token.role, unitCode: token.unitCode })
    await next()
  }
}

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('auth').role)) throw new AppError('FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`)
    await next()
  }
}
