import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../types.js'

/** The defaults of Hono's secureHeaders(), which a JSON API and the dashboard both want. */
export const SECURITY_HEADERS: readonly [string, string][] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
]

/**
 * A request id for every request, and it and the security headers on every response.
 *
 * Hono's secureHeaders() writes into the finished Fetch Response, which makes @hono/node-server
 * build a full Response and validate each header (a third of a cached read's cost here). Served by
 * node, the headers go straight onto node's ServerResponse before the handler runs — node merges
 * them with the handler's own when it writes the head. Under app.request() (no node response) they
 * are set on the context instead.
 */
export function responseHeaders(nextRequestId: () => string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // our own ids only: a client-chosen id could forge or mix up log lines
    c.set('requestId', nextRequestId())
    const outgoing = c.env?.outgoing
    if (outgoing && typeof outgoing.setHeader === 'function') {
      for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value)
      outgoing.setHeader('X-Request-Id', c.get('requestId'))
    } else {
      for (const [name, value] of SECURITY_HEADERS) c.header(name, value)
      c.header('X-Request-Id', c.get('requestId'))
    }
    await next()
  }
}
