/** /ui/schedules: the recurring pushes of the week's 学法清单, as the API manages them, within the viewer's units. */
import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { formatLocal } from '../../calendar.js'
import { createSchedule, enableSchedule, listSchedules, refusedInput, removeSchedule } from '../../schedules/schedules.service.js'
import { SCHEDULES } from './views/copy.zh.js'
import { SchedulesPage, type ScheduleForm } from './views/schedules.js'
import { canChange, loadScope, pageUser, render, unitName, unitOptions, type Scope } from './ui-context.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'
import { actorOf } from '../common/types.js'
import { normalizeText } from '../../text.js'
import { invisibleProblem } from './plain-text.js'

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

  async function page(c: UiContext, scope: Scope, form: ScheduleForm, errors: string[], status: 200 | 400 | 409 = 200) {
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
    if (form.name === '') return page(c, scope, form, [SCHEDULES.badName], 400)
    const invisible = invisibleProblem(SCHEDULES.name, form.name)
    if (invisible) return page(c, scope, form, [invisible], 400)
    const input = { name: normalizeText(form.name), cron: form.cron, unitCode: form.unitCode || null, skipHolidays: !form.everyDay }
    try {
      await createSchedule(sd, input, actorOf(c), c.get('auth').unitCode)
    } catch (e) {
      if (e instanceof AppError && e.code === 'INVALID_INPUT') {
        const field = refusedInput(e)
        const problem = field === 'cron' ? SCHEDULES.badCron : field === 'unitCode' ? SCHEDULES.noUnit(form.unitCode) : SCHEDULES.notSaved
        return page(c, scope, form, [problem], 400)
      }
      if (e instanceof AppError && e.code === 'CONFLICT') return page(c, scope, form, [SCHEDULES.nameTaken(form.name)], 409)
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
      const id = Number(c.req.param('id'))
      if (!Number.isInteger(id) || id < 1) throw new AppError('NOT_FOUND', 'no such schedule')
      const reach = c.get('auth').unitCode
      if (action === 'delete') await removeSchedule(sd, id, actorOf(c), reach)
      else await enableSchedule(sd, id, action === 'enable', actorOf(c), reach)
      return c.redirect(`/ui/schedules?done=${done}`, 303)
    })
  }

  return app
}
