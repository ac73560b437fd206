import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../storage/db.js'
import { AppError } from '../../errors.js'
import { findLiveToken, hashToken } from '../../access/tokens.repo.js'
import type { Clock } from '../../clock.js'
import type { AppEnv, Role } from './types.js'
import type { FailureLimiter } from './rate-limit.js'
import { sendError } from './errors.js'
import { loggedPath } from './request-context.js'

const BEARER = /^Bearer[ \t]+([\x21-\x7e]{1,512})$/i

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1]
}

/**
 * Bearer tokens, looked up by their hash; revoked and expired tokens are refused alike. A refusal counts against
 * the token presented and the client address (rate-limit.ts): past the limit the refusal is a 429 with Retry-After,
 * and a token that keeps failing is not even looked up. A valid token always passes, whoever failed before it.
 */
export function bearerAuth(deps: { db: Db; clock: Clock; limiter: FailureLimiter }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const address = c.get('clientIp') ?? 'unknown'
    const presented = bearerToken(c.req.header('authorization'))
    const refuse = (wait: number) => {
      c.get('logger').warn({ ip: address, path: loggedPath(c.req.path), presented: Boolean(presented), wait }, 'authentication failed')
      if (wait > 0) {
        c.header('Retry-After', String(wait))
        return sendError(c, 'RATE_LIMITED', `too many failed authentications; try again in ${wait} s`)
      }
      c.header('WWW-Authenticate', 'Bearer')
      return sendError(c, 'UNAUTHORIZED', presented ? 'invalid, revoked or expired token' : 'missing bearer token')
    }
    const held = presented ? deps.limiter.credentialWait(presented) : 0
    if (held > 0) return refuse(held)
    const token = presented ? await findLiveToken(deps.db, hashToken(presented), deps.clock.now().toISOString()) : null
    if (!token) return refuse(deps.limiter.recordFailure(address, presented))
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

/** For what reaches beyond any one unit (token administration): a token limited to a unit is refused. */
export function requireUnscoped(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('auth').unitCode !== null) throw new AppError('FORBIDDEN', 'this needs a token not limited to a unit')
    await next()
  }
}

/** Whether this token may see the bots' login QR codes (scanning one logs a WeChat account into the bot): only one with no unit. */
export function mayScan(auth: { unitCode: string | null }): boolean {
  return auth.unitCode === null
}
