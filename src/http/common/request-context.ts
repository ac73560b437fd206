import type { MiddlewareHandler } from 'hono'
import type { Logger } from '../../log.js'
import { clientAddress } from './client-address.js'
import type { AppEnv } from './types.js'

/**
 * Per request: the client address and a logger carrying the request id, so every line logged for the request
 * names it; then one access line (debug for successful reads, info otherwise). Tokens are never logged.
 */
export function requestContext(deps: { logger: Logger; trustProxy: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ip = clientAddress(c, deps.trustProxy)
    const logger = deps.logger.child({ requestId: c.get('requestId') })
    c.set('clientIp', ip)
    c.set('logger', logger)
    const started = performance.now()
    await next()
    const status = c.res.status
    const level = status >= 500 ? 'error' : c.req.method === 'GET' && status < 400 ? 'debug' : 'info'
    if (logger.isLevelEnabled(level)) {
      logger[level](
        { method: c.req.method, path: loggedPath(c.req.path), status, ip, ms: Math.round((performance.now() - started) * 10) / 10 },
        'request',
      )
    }
  }
}

/**
 * The path as logged: a personal link's token (the credential, in the path of /m/<token>) is left out — also in a
 * path that reaches no page (`//m/<token>`, `/M/<token>`, a link pasted after another path): any segment shaped
 * like a token (links.rules.ts: `payload.signature`, base64url) goes too.
 */
export function loggedPath(path: string): string {
  return path.replace(/^\/m\/[^/]+/, '/m/<token>').replace(/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}(?=\/|$)/g, '<token>')
}
