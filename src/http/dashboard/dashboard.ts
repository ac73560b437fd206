import { readFileSync } from 'node:fs'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { AppError, httpStatusOf } from '../../errors.js'
import { loggedPath } from '../common/request-context.js'
import { ERRORS } from './views/copy.zh.js'
import { loadUiSecret } from './ui-secret.js'
import { endUiSession, requireCsrf, requireUiSession } from './ui-session.js'
import { csrfRejected, errorPage, notFoundPage, refusalMessage, type ErrorStatus } from './error-page.js'
import { authUiRoutes } from './auth.routes.js'
import { sessionUiRoutes } from './sessions.routes.js'
import { detailUiRoutes } from './detail.routes.js'
import { reportUiRoutes } from './report.routes.js'
import { miscUiRoutes } from './misc.routes.js'
import { examUiRoutes } from './exams.routes.js'
import { scheduleUiRoutes } from './schedules.routes.js'
import { organizerUiRoutes } from './organizers.routes.js'
import { answerUiRoutes } from './answers.routes.js'
import { capacityUiRoutes } from './capacity.routes.js'
import type { UiDeps, UiEnv } from './ui-env.js'
import { packagePath } from '../../package-root.js'

const CSS = readFileSync(packagePath('src', 'http', 'dashboard', 'views', 'assets', 'ui.css'), 'utf8')

/** No script at all; styles from the sheet plus the inline SVG charts' style attributes; forms post only here. */
const CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/** A byte count as people read it: 20 MB, 256 KB. */
const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`

/**
 * The organizer dashboard, mounted at /ui outside the API's bearer check: server-rendered pages behind a
 * signed session cookie of their own, with an anti-forgery token in every form.
 */
export function dashboardRoutes(deps: UiDeps): Hono<UiEnv> {
  let secret: Promise<string> | undefined
  const getSecret = () => {
    secret ??= loadUiSecret(deps.db, deps.uiSecret).catch((e: unknown) => {
      secret = undefined // a failed load is tried again on the next request
      throw e
    })
    return secret
  }
  const app = new Hono<UiEnv>()

  app.onError((err, c) => {
    const refused = { path: loggedPath(c.req.path), requestId: c.get('requestId') }
    if (err instanceof AppError && err.code !== 'INTERNAL' && err.code !== 'UNAUTHORIZED') {
      deps.logger.info({ ...refused, code: err.code, message: err.message }, 'dashboard request refused')
      return errorPage(c, Math.min(httpStatusOf[err.code], 409) as ErrorStatus, refusalMessage(err))
    }
    if (err instanceof HTTPException && err.status < 500) {
      deps.logger.info({ ...refused, status: err.status, message: err.message }, 'dashboard request refused')
      return errorPage(c, 400, ERRORS.invalid)
    }
    deps.logger.error({ err, path: loggedPath(c.req.path) }, 'dashboard error')
    return errorPage(c, 500, ERRORS.internal)
  })

  app.use(async (c, next) => {
    await next()
    c.header('Content-Security-Policy', CSP)
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
  })

  // bodies, said in Chinese: the import form takes a file (XUEFA_BODY_LIMIT), every other form a few fields
  // (XUEFA_JSON_BODY_LIMIT); the app leaves /ui to this
  const { XUEFA_BODY_LIMIT: fileLimit, XUEFA_JSON_BODY_LIMIT: formLimit } = deps.config
  const fileTooLarge = bodyLimit({ maxSize: fileLimit, onError: (c) => errorPage(c, 413, ERRORS.fileTooLarge(sizeText(fileLimit))) })
  const formTooLarge = bodyLimit({ maxSize: formLimit, onError: (c) => errorPage(c, 413, ERRORS.tooLarge(sizeText(formLimit))) })
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', (c, next) =>
    c.req.path === '/ui/imports' ? fileTooLarge(c, next) : formTooLarge(c, next),
  )

  app.get('/assets/ui.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8')
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(CSS)
  })
  app.route('/', authUiRoutes(deps, getSecret))

  app.use(requireUiSession({ db: deps.db, clock: deps.clock, secret: getSecret }))
  app.use(requireCsrf(csrfRejected))
  app.get('/', (c) => c.redirect('/ui/sessions', 303))
  app.post('/logout', (c) => {
    endUiSession(c)
    return c.redirect('/ui/login?out=1', 303)
  })
  app.route('/', sessionUiRoutes(deps))
  app.route('/', detailUiRoutes(deps))
  app.route('/', reportUiRoutes(deps))
  app.route('/', miscUiRoutes(deps))
  app.route('/', examUiRoutes(deps))
  app.route('/', scheduleUiRoutes(deps))
  app.route('/', organizerUiRoutes(deps))
  app.route('/', answerUiRoutes(deps))
  app.route('/', capacityUiRoutes(deps))
  app.all('*', notFoundPage)
  return app
}
