/** The API under /api/v1: bearer tokens, idempotent POSTs, one router per resource, each route described once. */
import { bearerAuth } from '../common/auth.js'
import { idempotency } from '../common/idempotency.js'
import type { FailureLimiter } from '../common/rate-limit.js'
import type { BotStatusesSource, HttpDeps } from '../common/types.js'
import { botRoutes } from './bot.routes.js'
import { listAppStates } from '../../delivery/apps.repo.js'
import { examRoutes } from './exams.routes.js'
import { annualExamRoutes } from './annual-exams.routes.js'
import { importRoutes } from './imports.routes.js'
import { officialRoutes } from './officials.routes.js'
import { reportRoutes } from './reports.routes.js'
import { questionStatsRoutes } from './question-stats.routes.js'
import { createRouter } from './router.js'
import { scheduleRoutes } from './schedules.routes.js'
import { sessionRoutes } from './sessions.routes.js'
import { studyListRoutes } from './study-lists.routes.js'
import { tokenRoutes } from './tokens.routes.js'

export function createApi(deps: HttpDeps, o: { limiter: FailureLimiter; botStatuses: BotStatusesSource }) {
  const api = createRouter()
  api.use(bearerAuth({ db: deps.db, clock: deps.clock, limiter: o.limiter }))
  api.use(idempotency({ db: deps.db, clock: deps.clock, exceptPaths: ['/api/v1/tokens'] }))
  for (const routes of [
    sessionRoutes(deps),
    importRoutes(deps),
    officialRoutes(deps),
    tokenRoutes(deps),
    reportRoutes(deps),
    questionStatsRoutes(deps),
    examRoutes(deps),
    annualExamRoutes(deps),
    botRoutes(o.botStatuses, () => listAppStates(deps.db)),
    scheduleRoutes(deps),
    studyListRoutes(deps),
  ]) {
    api.route('/', routes)
  }
  return api
}
