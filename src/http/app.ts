import { randomBytes } from 'node:crypto'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { AppError } from '../errors.js'
import { createTokenCache } from '../access/token-cache.js'
import type { AppEnv, HttpDeps } from './types.js'
import { createRouter } from './api/router.js'
import { handleErrors, handleNotFound } from './middleware/errors.js'
import { bearerAuth } from './middleware/auth.js'
import { createFailureLimiter } from './middleware/rate-limit.js'
import { idempotency } from './middleware/idempotency.js'
import { requestContext } from './middleware/request-context.js'
import { responseHeaders } from './middleware/response-headers.js'
import { createReadCache, type ReadCache } from './read-cache.js'
import { sessionRoutes } from './api/sessions.routes.js'
import { importRoutes } from './api/imports.routes.js'
import { tokenRoutes } from './api/tokens.routes.js'
import { webhookRoutes } from './api/webhooks.routes.js'
import { docsRoutes } from './api/docs.routes.js'
import { describeOtherRoutes, otherApiRoutes } from './api/other-routes.js'
import { botRoutes } from './api/bot.routes.js'
import { uiRoutes } from './dashboard/dashboard.js'
import type { BotStatus } from '../../bots/wechaty/bot.js'

export interface HttpOptions {
  /** how long a looked-up token is trusted without asking the database (default 5 s; 0 = off) */
  tokenCacheTtlMs?: number
  /** failed authentications allowed per client address and minute (default 10) */
  authFailuresPerMinute?: number
  /** the chat bot's login state, for /api/v1/bot/* and the dashboard; absent when the bot is off */
  botStatus?: () => BotStatus
}

/** Request ids: a random per-app prefix and a counter — unique, and cheaper than a UUID per request. */
function requestIds(): () => string {
  const prefix = randomBytes(6).toString('hex')
  let n = 0
  return () => `${prefix}-${(++n).toString(36)}`
}

/** GET routes under /api/v1 whose answers depend on the database, the target and the token alone. */
const CACHEABLE_READS = ['/sessions', '/sessions/:id', '/reports/annual'] as const

export function createHttpApp(deps: HttpDeps, options: HttpOptions = {}): OpenAPIHono<AppEnv> {
  return createHttp(deps, options).app
}

/** The app and, when XUEFA_READ_CACHE is on, the read cache that answers in front of it (main.ts). */
export function createHttp(deps: HttpDeps, options: HttpOptions = {}): { app: OpenAPIHono<AppEnv>; readCache: ReadCache | undefined } {
  const { config, clock, db } = deps
  const tokens = createTokenCache({ clock, ttlMs: options.tokenCacheTtlMs })
  const limiter = createFailureLimiter({ clock, limit: options.authFailuresPerMinute ?? 10, windowMs: 60_000 })
  const nextRequestId = requestIds()
  const trustProxy = config.XUEFA_TRUST_PROXY === 'on'
  const readCache =
    config.XUEFA_READ_CACHE === 'on'
      ? createReadCache({ db, clock, logger: deps.logger, tokens, limiter, trustProxy, nextRequestId })
      : undefined
  const app = createRouter()

  app.use(responseHeaders(nextRequestId))
  app.use(requestContext({ logger: deps.logger, trustProxy }))
  if (config.XUEFA_CORS_ORIGINS) {
    app.use('/api/*', cors({ origin: config.XUEFA_CORS_ORIGINS.split(',').map((o) => o.trim()) }))
  }
  const limitBody = bodyLimit({
    maxSize: config.XUEFA_BODY_LIMIT,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${config.XUEFA_BODY_LIMIT} bytes`)
    },
  })
  // Reading `body` turns @hono/node-server's light request into a full one, which costs more than the
  // rest of a cached read; requests that carry no body never need the check.
  // The webhook reads its body itself, within the same limit or its own smaller one (raw-body.ts).
  const noBodyCheck = (c: Context<AppEnv>) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' || c.req.path.startsWith('/webhooks/')
  app.use((c, next) => (noBodyCheck(c) ? next() : limitBody(c, next)))
  app.onError(handleErrors())
  app.notFound(handleNotFound())

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  if (config.XUEFA_WEBHOOK_SECRET) app.route('/', webhookRoutes({ ...deps, secret: config.XUEFA_WEBHOOK_SECRET, limiter }))

  const api = createRouter()
  api.use(bearerAuth({ db, tokens, limiter }))
  api.use(idempotency({ db, clock, exceptPaths: ['/api/v1/tokens'] }))
  if (readCache) for (const path of CACHEABLE_READS) api.get(path, readCache.keep)
  api.route('/', sessionRoutes(deps))
  api.route('/', importRoutes(deps))
  api.route('/', tokenRoutes({ ...deps, tokens }))
  for (const routes of otherApiRoutes(deps)) api.route('/', routes)
  api.route(
    '/',
    botRoutes(deps, () => options.botStatus?.() ?? null),
  )
  describeOtherRoutes(api.openAPIRegistry)
  app.route('/api/v1', api)

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'an API token from `xuefa token create` or POST /api/v1/tokens',
  })
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'xuefa',
      version: '1',
      description:
        '学法 tracking: sessions, attendance, imports, exams, annual reports. Errors are always { code, message, requestId, issues? }.',
    },
  })
  app.route('/', docsRoutes())
  const botStatus = options.botStatus
  app.route(
    '/ui',
    uiRoutes({
      ...deps,
      limiter,
      botStatus: () => {
        const s = botStatus?.()
        return s ? { state: s.state, qr: s.qr } : { state: 'off' }
      },
    }),
  )
  return { app, readCache }
}
