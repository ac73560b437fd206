import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../storage/db.js'
import { AppError, httpStatusOf } from '../../errors.js'
import { findLiveToken, hashToken } from '../../access/tokens.repo.js'
import type { Clock } from '../../clock.js'
import type { AppEnv, AuthInfo, Role } from './types.js'
import type { FailureLimiter } from './rate-limit.js'
import { errorBody, sendError } from './errors.js'
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
 *
 * On a remote database, a GET with a token this process found valid before runs at once, with the token's lookup asked
 * in the same turn: the route's reads join it in one read batch (storage/db.ts), one round trip for the whole request,
 * seen from one snapshot. Its answer is given only if the lookup still finds the token as it was; otherwise the
 * route's answer is thrown away and the request refused as any other. A GET only reads, so nothing was done for it.
 */
export function bearerAuth(deps: { db: Db; clock: Clock; limiter: FailureLimiter }): MiddlewareHandler<AppEnv> {
  const known = new KnownTokens()
  return async (c, next) => {
    const address = c.get('clientIp') ?? 'unknown'
    const presented = bearerToken(c.req.header('authorization'))
    const refusal = (wait: number) => {
      c.get('logger').warn({ ip: address, path: loggedPath(c.req.path), presented: Boolean(presented), wait }, 'authentication failed')
      return wait > 0
        ? {
            code: 'RATE_LIMITED' as const,
            message: `too many failed authentications; try again in ${wait} s`,
            header: ['Retry-After', String(wait)],
          }
        : {
            code: 'UNAUTHORIZED' as const,
            message: presented ? 'invalid, revoked or expired token' : 'missing bearer token',
            header: ['WWW-Authenticate', 'Bearer'],
          }
    }
    const refuse = (wait: number) => {
      const r = refusal(wait)
      c.header(r.header[0]!, r.header[1]!)
      return sendError(c, r.code, r.message)
    }
    const held = presented ? deps.limiter.credentialWait(presented) : 0
    if (held > 0) return refuse(held)
    const hash = presented ? hashToken(presented) : undefined
    const lookup = hash ? findLiveToken(deps.db, hash, deps.clock.now().toISOString()) : Promise.resolve(null)
    // on a guess the route runs before the lookup is awaited: a lookup that fails meanwhile must not be an unhandled
    // rejection, which ends the process (`await lookup` below still throws it)
    lookup.catch(() => undefined)
    const guess = hash && !deps.db.isLocal && (c.req.method === 'GET' || c.req.method === 'HEAD') ? known.get(hash) : undefined
    if (guess && hash) {
      c.set('auth', guess)
      // what the middleware before this one set (the request id, CORS): a refusal keeps it, and drops the route's own
      const outer = new Headers(c.res.headers)
      // a refusal the route threw (a 404 out of scope, …) is the answer only if the token holds
      const outcome = await next().then(
        () => ({ threw: false, error: undefined as unknown }),
        (error: unknown) => ({ threw: true, error }),
      )
      const token = await lookup
      if (token && token.id === guess.tokenId && token.role === guess.role && token.unitCode === guess.unitCode) {
        if (outcome.threw) throw outcome.error
        return
      }
      known.forget(hash)
      // the route's answer, and every header it set, is dropped for the refusal alone
      const r = refusal(deps.limiter.recordFailure(address, presented))
      outer.set('content-type', 'application/json')
      outer.set(r.header[0]!, r.header[1]!)
      c.res = undefined
      c.res = new Response(JSON.stringify(errorBody(c, r.code, r.message)), { status: httpStatusOf[r.code], headers: outer })
      return
    }
    const token = await lookup
    if (!token) {
      if (hash) known.forget(hash)
      return refuse(deps.limiter.recordFailure(address, presented))
    }
    const auth = { tokenId: token.id, role: token.role, unitCode: token.unitCode }
    if (hash && !deps.db.isLocal) known.remember(hash, auth)
    c.set('auth', auth)
    await next()
  }
}

/** The tokens last found valid, by hash (at most 1,000, the oldest forgotten first): a guess, always checked. */
class KnownTokens {
  readonly #byHash = new Map<string, AuthInfo>()
  get(hash: string): AuthInfo | undefined {
    return this.#byHash.get(hash)
  }
  remember(hash: string, auth: AuthInfo): void {
    this.#byHash.delete(hash)
    this.#byHash.set(hash, auth)
    if (this.#byHash.size > 1000) this.#byHash.delete(this.#byHash.keys().next().value!)
  }
  forget(hash: string): void {
    this.#byHash.delete(hash)
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
