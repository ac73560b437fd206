/**
 * The HTTP side: /healthz, the signed webhooks, the API under /api/v1 with its OpenAPI document and docs,
 * the organizer dashboard under /ui, and the mobile page of personal links under /m. One app, one error boundary for the API, Hono's own middleware.
 */
import { randomBytes } from 'node:crypto'
import type { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { secureHeaders } from 'hono/secure-headers'
import { AppError } from '../errors.js'
import { createApi } from './api/api.js'
import { docsRoutes } from './api/docs.routes.js'
import { createRouter } from './api/router.js'
import { webhookRoutes } from './api/webhooks.routes.js'
import { appCallbackRoutes } from './api/app-callbacks.routes.js'
import { dashboardRoutes } from './dashboard/dashboard.js'
import { pageRoutes } from './page/page.routes.js'
import { handleErrors, handleNotFound } from './common/errors.js'
import { createFailureLimiter } from './common/rate-limit.js'
import { requestContext } from './common/request-context.js'
import type { AppEnv, BotStatusesSource, BotStatusSource, HttpDeps } from './common/types.js'
import type { AppCallbacks } from '../delivery/channel.js'

export interface HttpOptions {
  /** failed authentications allowed per client address and minute (default 10) */
  authFailuresPerMinute?: number
  /** the chat bot's login state, for /api/v1/bot/* and the dashboard; absent when the bot is off */
  botStatus?: BotStatusSource
  /** each bot account's state (several accounts); when given, the first one is also `botStatus` */
  botStatuses?: BotStatusesSource
  /** the WeCom / DingTalk applications' callbacks (/webhooks/wecom/:account, /webhooks/dingtalk/:account), when a chat runs */
  appCallbacks?: AppCallbacks
}

/** The API route that takes an import file: POST /api/v1/import/:kind. */
const isImportPath = (path: string) => path.startsWith('/api/v1/import/')
/** The dashboard, which applies the same two limits itself, with a page in Chinese (dashboard.ts). */
const isDashboardPath = (path: string) => path === '/ui' || path.startsWith('/ui/')

/** Request ids: a random per-app prefix and a counter — unique, and cheaper than a UUID per request. */
function requestIds(): () => string {
  const prefix = randomBytes(6).toString('hex')
  let n = 0
  return () => `${prefix}-${(++n).toString(36)}`
}

export function createHttpApp(deps: HttpDeps, options: HttpOptions = {}): OpenAPIHono<AppEnv> {
  const { config, clock } = deps
  const limiter = createFailureLimiter({ clock, limit: options.authFailuresPerMinute ?? 10, windowMs: 60_000 })
  const nextRequestId = requestIds()
  const botStatuses: BotStatusesSource = () => {
    if (options.botStatuses) return options.botStatuses()
    const one = options.botStatus?.()
    return one ? [one] : []
  }
  const app = createRouter()

  app.use(async (c, next) => {
    // our own ids only: a client-chosen id could forge or mix up log lines
    c.set('requestId', nextRequestId())
    c.header('X-Request-Id', c.get('requestId'))
    await next()
  })
  app.use(secureHeaders())
  app.use(requestContext({ logger: deps.logger, trustProxy: config.XUEFA_TRUST_PROXY === 'on' }))
  if (config.XUEFA_CORS_ORIGINS) {
    app.use('/api/*', cors({ origin: config.XUEFA_CORS_ORIGINS.split(',').map((o) => o.trim()) }))
  }
  // only requests that may carry a body are measured: asking a GET for its body makes @hono/node-server build a
  // full Request, which costs a read more than the rest of its way through the app. Imports take files (their own
  // limit, XUEFA_BODY_LIMIT); every other body is JSON or a form, and takes a small one (XUEFA_JSON_BODY_LIMIT).
  const importLimit = bodyLimit({
    maxSize: config.XUEFA_BODY_LIMIT,
    onError: () => {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `the file is larger than ${config.XUEFA_BODY_LIMIT} bytes, the import limit (XUEFA_BODY_LIMIT)`,
      )
    },
  })
  const jsonLimit = bodyLimit({
    maxSize: config.XUEFA_JSON_BODY_LIMIT,
    onError: () => {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `the body is larger than ${config.XUEFA_JSON_BODY_LIMIT} bytes, the limit of requests other than imports (XUEFA_JSON_BODY_LIMIT)`,
      )
    },
  })
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', (c, next) =>
    isDashboardPath(c.req.path) ? next() : isImportPath(c.req.path) ? importLimit(c, next) : jsonLimit(c, next),
  )
  app.onError(handleErrors())
  app.notFound(handleNotFound())

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  if (config.XUEFA_WEBHOOK_SECRET) app.route('/', webhookRoutes({ ...deps, secret: config.XUEFA_WEBHOOK_SECRET, limiter }))
  if (options.appCallbacks) app.route('/', appCallbackRoutes(options.appCallbacks, limiter))
  app.route('/api/v1', createApi(deps, { limiter, botStatuses }))

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
  app.route('/ui', dashboardRoutes({ ...deps, limiter, botStatuses }))
  app.route('/m', pageRoutes(deps))
  return app
}
