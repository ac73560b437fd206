import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { unitCapacity } from '../../sessions/capacity.service.js'
import { capacityPanel } from './capacity-panel.js'
import { CapacityPage } from './views/capacity.js'
import { loadScope, pageUser, render, unitOptions, unitParam } from './ui-context.js'
import type { UiDeps, UiEnv } from './ui-env.js'

/** A unit's 发送容量 (the session page shows a session's). */
export function capacityUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const app = new Hono<UiEnv>()

  app.get('/capacity', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const unit = unitParam(scope, c.req.query('unit')) || c.get('auth').unitCode || scope.units[0]?.code
    const date = c.req.query('date') || undefined
    if (!unit) throw new AppError('NOT_FOUND', 'no unit to show')
    const r = await unitCapacity({ db, clock, tz, accounts: deps.config.XUEFA_BOT_ACCOUNTS }, unit, { date })
    return render(
      c,
      <CapacityPage user={pageUser(c, scope)} units={unitOptions(scope)} unit={unit} date={r.date} c={capacityPanel(r, tz)} />,
    )
  })

  return app
}
