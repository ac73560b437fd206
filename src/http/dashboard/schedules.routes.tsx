/** /ui/schedules: the recurring pushes of the week's 学法清单, as the API manages them, within the viewer's units. */
import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { formatLocal } from '../../calendar.js'
import { createSchedule, enableSchedule, getSchedule, listSchedules, removeSchedule } from '../../schedules/schedules.service.js'
import { SCHEDULES } from './views/copy.zh.js'
import { SchedulesPage, type ScheduleForm } from './views/schedules.js'
import { canChange, loadScope, pageUser, render, unitName, unitOptions, unitParam, type Scope } from './ui-context.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'
import { actorOf } from '../common/types.js'

const FLASH: Record<string, string> = {
  saved: SCHEDULES.saved,
  enabled: SCHEDULES.enabled,
  disabled: SCHEDULES.disabled,
  removed: SCHEDULES.removed,
}

export function scheduleUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const sd = { db, clock, tz }
  const local = (iso: string | null) => (iso === null ? null : formatLocal(new Date(iso), tz))
  const app = new Hono<UiEnv>()

  function requireChange(c: UiContext): void {
    if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
  }

  /** A scoped viewer reaches the schedules of its units; one for every unit needs an unscoped token. */
  function assertReach(c: UiContext, scope: Scope, unit: string | null): void {
    if (unit === null) {
      if (c.get('auth').unitCode !== null) throw new AppError('FORBIDDEN', 'a schedule for every unit needs an unscoped token')
    } else unitParam(scope, unit)
  }

  async function page(c: UiContext, scope: Scope, form: ScheduleForm, errors: string[], status: 200 | 400 = 200) {
    const rows = (await listSchedules(sd, c.get('auth').unitCode ?? undefined)).map((s) => ({
      id: s.id,
      name: s.name,
      cron: s.cron,
      unitName: s.unitCode === null ? null : unitName(scope, s.unitCode),
      skipHolidays: s.skipHolidays,
      enabled: s.enabled,
      nextFireLocal: local(s.nextFireAt),
      lastFiredLocal: local(s.lastFiredAt),
    }))
    const done = c.req.query('done')
    return render(
      c,
      <SchedulesPage
        user={pageUser(c, scope)}
        rows={rows}
        units={unitOptions(scope)}
        canEdit={canChange(c.get('auth'))}
        unitRequired={c.get('auth').unitCode !== null}
        form={form}
        errors={errors}
        flash={done ? (FLASH[done] ?? null) : null}
      />,
      status,
    )
  }

  const blank = (scope: Scope): ScheduleForm => ({ name: '', cron: '0 9 * * 1', unitCode: scope.units[0]?.code ?? '', everyDay: false })

  app.get('/schedules', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    return page(c, scope, blank(scope), [])
  })

  app.post('/schedules', async (c) => {
    requireChange(c)
    const scope = await loadScope(db, c.get('auth'))
    const body = await c.req.parseBody()
    const form: ScheduleForm = {
      name: typeof body.name === 'string' ? body.name.trim().slice(0, 100) : '',
      cron: typeof body.cron === 'string' ? body.cron.trim().slice(0, 100) : '',
      unitCode: typeof body.unitCode === 'string' ? body.unitCode : '',
      everyDay: body.everyDay === '1',
    }
    const unit = form.unitCode === '' ? null : form.unitCode
    assertReach(c, scope, unit)
    if (form.name === '') return page(c, scope, form, [SCHEDULES.badName], 400)
    try {
      await createSchedule(sd, { name: form.name, cron: form.cron, unitCode: unit, skipHolidays: !form.everyDay }, actorOf(c))
    } catch (e) {
      if (e instanceof AppError && e.code === 'INVALID_INPUT') return page(c, scope, form, [SCHEDULES.invalid(e.message)], 400)
      throw e
    }
    return c.redirect('/ui/schedules?done=saved', 303)
  })

  for (const [action, done] of [
    ['enable', 'enabled'],
    ['disable', 'disabled'],
    ['delete', 'removed'],
  ] as const) {
    app.post(`/schedules/:id/${action}`, async (c) => {
      requireChange(c)
      const scope = await loadScope(db, c.get('auth'))
      const id = Number(c.req.param('id'))
      if (!Number.isInteger(id) || id < 1) throw new AppError('NOT_FOUND', 'no such schedule')
      assertReach(c, scope, (await getSchedule(sd, id)).unitCode)
      if (action === 'delete') await removeSchedule(sd, id, actorOf(c))
      else await enableSchedule(sd, id, action === 'enable', actorOf(c))
      return c.redirect(`/ui/schedules?done=${done}`, 303)
    })
  }

  return app
}
