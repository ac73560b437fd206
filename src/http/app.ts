import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { AppError } from '../errors.js'
import type { AppEnv, HttpDeps } from './types.js'
import { handleErrors, handleNotFound } from './middleware/errors.js'
import { bearerAuth } from './middleware/auth.js'
import { sessionRoutes } from './routes/sessions.js'

/** Route groups mounted under /api/v1 behind authentication. */
type ApiRoutes = (deps: HttpDeps) => Hono<AppEnv>
const API_ROUTES: ApiRoutes[] = [sessionRoutes]

export function createHttpApp(deps: HttpDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use(requestId({ headerName: 'X-Request-Id' }))
  app.use(async (c, next) => {
    c.set('logger', deps.logger.child({ requestId: c.get('requestId') }))
    await next()
  })
  app.use(secureHeaders())
  if (deps.config.XUEFA_CORS_ORIGINS) {
    app.use('/api/*', cors({ origin: deps.config.XUEFA_CORS_ORIGINS.split(',').map((o) => o.trim()) }))
  }
  app.use(
    bodyLimit({
      maxSize: deps.config.XUEFA_BODY_LIMIT,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${deps.config.XUEFA_BODY_LIMIT} bytes`)
      },
    }),
  )
  app.onError(handleErrors())
  app.notFound(handleNotFound())

  app.get('/healthz', (c) => c.json({ status: 'ok' }))

  const api = new Hono<AppEnv>()
  api.use(bearerAuth(deps))
  for (const routes of API_ROUTES) api.route('/', routes(deps))
  app.route('/api/v1', api)
  return app
}
