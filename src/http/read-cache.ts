import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MiddlewareHandler } from 'hono'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Db } from '../storage/db.js'
import { createVersionedCache } from '../storage/versioned-cache.js'
import { hashToken } from '../access/tokens.repo.js'
import type { TokenCache } from '../access/token-cache.js'
import { addressOf } from './client-address.js'
import { bearerToken } from './middleware/auth.js'
import type { FailureLimiter } from './middleware/rate-limit.js'
import { SECURITY_HEADERS } from './middleware/response-headers.js'
import type { AppEnv } from './types.js'

/**
 * Repeated API reads answered from memory while the database has not changed.
 *
 * A dashboard or a report section polling `GET /api/v1/sessions/:id` asks the same question many times
 * between two changes. Routes that opt in (`keep`) store their 200 JSON answer under the caller's token
 * hash and the exact request target, at the database's data version (data-version.ts: it moves on every
 * commit, from this process or any other). In front of Hono, `serve` answers the same request from memory
 * while the version is unchanged, the token is still trusted (token-cache TTL and expiry), and the client
 * address is not locked out; anything else — another token, another unit, a write in between, an Origin
 * header (CORS) — goes through the full stack. So an answer from memory is byte for byte the one the route
 * would give now, with its own request id. Off with XUEFA_READ_CACHE=off.
 */
export interface ReadCache {
  /** On an opted-in GET route after authentication: keeps its 200 JSON answer. */
  keep: MiddlewareHandler<AppEnv>
  /** In front of the app: answers the request from memory and returns true, or returns false to pass it on. */
  serve(req: IncomingMessage, res: ServerResponse): boolean
  readonly stats: { hits: number; kept: number }
}

export interface ReadCacheDeps {
  db: Db
  clock: Clock
  logger: Logger
  tokens: TokenCache
  limiter: FailureLimiter
  trustProxy: boolean
  nextRequestId: () => string
  /** bytes of answers kept at most (default 16 MiB); one answer over a quarter of it is not kept */
  maxBytes?: number
  maxEntries?: number
}

interface Kept {
  /** a string, so node writes head and body in one piece (a Buffer body goes out as a second chunk) */
  body: string
  headers: Record<string, string | number>
  /** epoch ms after which the token must be looked up again */
  until: number
}

export function createReadCache(deps: ReadCacheDeps): ReadCache {
  const { db, clock, logger, tokens, limiter, trustProxy, nextRequestId } = deps
  const maxBytes = deps.maxBytes ?? 16 * 1024 * 1024
  const cache = createVersionedCache<Kept>({ maxEntries: deps.maxEntries ?? 5_000, maxBytes })
  const stats = { hits: 0, kept: 0 }

  const keep: MiddlewareHandler<AppEnv> = async (c, next) => {
    // only answers that node serves can be served again by node (app.request() in tests has no target)
    const target = c.env?.incoming?.url
    const before = c.req.method === 'GET' && target !== undefined ? db.dataVersion() : null
    await next()
    if (before === null || target === undefined || c.res.status !== 200) return
    const contentType = c.res.headers.get('content-type') ?? ''
    if (!contentType.startsWith('application/json')) return
    const token = bearerToken(c.req.header('authorization'))
    if (!token) return
    const hash = hashToken(token)
    const until = tokens.trustedUntil(hash)
    if (until <= clock.now().getTime()) return
    const body = await c.res.clone().text()
    const bytes = Buffer.byteLength(body)
    if (bytes > maxBytes / 4) return
    // kept only if nothing was committed while the answer was being made
    if (db.dataVersion() !== before) return
    const headers: Record<string, string | number> = Object.fromEntries(SECURITY_HEADERS)
    headers['Content-Type'] = contentType
    headers['Content-Length'] = bytes
    cache.set(`${hash} ${target}`, before, { body, headers, until }, bytes + target.length)
    stats.kept++
  }

  function serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (cache.size === 0 || req.method !== 'GET' || req.headers.origin !== undefined) return false
    const token = bearerToken(req.headers.authorization)
    if (!token) return false
    const version = db.dataVersion()
    if (version === null) return false
    const kept = cache.get(`${hashToken(token)} ${req.url}`, version)
    if (!kept || clock.now().getTime() >= kept.until) return false
    const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined
    const ip = addressOf(typeof forwarded === 'string' ? forwarded : undefined, req.socket.remoteAddress) ?? 'unknown'
    if (limiter.retryAfter(ip) > 0) return false
    const requestId = nextRequestId()
    res.setHeader('X-Request-Id', requestId)
    res.writeHead(200, kept.headers).end(kept.body)
    stats.hits++
    if (logger.isLevelEnabled('debug')) {
      logger.debug({ requestId, method: 'GET', path: req.url?.split('?')[0], status: 200, ip, cached: true }, 'request')
    }
    return true
  }

  return { keep, serve, stats }
}
